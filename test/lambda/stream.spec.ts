import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as assert from "assert";
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FileUploadOptions } from "../../lambda/handler";
import {
  MAX_OBJECT_BYTES,
  MAX_PARTS,
  partSizeFor,
  withRequestOptions,
} from "../../lambda/streamUpload";
import { lambdaContext } from "../harness/invocation";
import { captureLogs } from "../harness/logs";
import { BUCKET_OWNER } from "../harness/s3Endpoint";
import { S3Operation } from "../harness/s3Shim";
import {
  PAST_THE_DEADLINE_MS,
  REMAINING_MS,
  STALLED_REMAINING_MS,
  useHandler,
  useS3Endpoint,
} from "./hooks";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

describe("uploadFile: streaming a file with a multipart upload (lambda/streamUpload.ts)", () => {
  const endpoint = useS3Endpoint();
  const lambda = useHandler(endpoint);
  let directory: string;

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-files-"));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  function writeFile(name: string, bytes: number): { file: string; data: Buffer } {
    const data = randomBytes(bytes);
    const file = path.join(directory, name);
    fs.writeFileSync(file, data);
    return { file, data };
  }

  /** Calls uploadFile as a handler would, with its invocation's context unless given another. */
  function uploadFile(file: string, key: string, options?: FileUploadOptions) {
    return captureLogs(() =>
      lambda.module().uploadFile(file, key, { context: lambdaContext(), ...options }),
    );
  }

  it("stores a 20 MiB file byte for byte through a multipart upload", async () => {
    const { file, data } = writeFile("export-20mib.bin", 20 * MIB);
    const key = "uploads/exports/export-20mib.bin";
    const { result, error, logs } = await uploadFile(file, key, {
      contentType: "application/x-ndjson",
    });
    assert.ifError(error);
    assert.deepStrictEqual(result, {
      bucket: "cross-account-uploads-222222222222",
      key,
      bytes: 20 * MIB,
      parts: 4,
      outcome: "stored",
    });

    const stored = await endpoint().readObject(key);
    assert.strictEqual(stored.body.length, data.length);
    assert.strictEqual(sha256(stored.body), sha256(data));
    assert.strictEqual(stored.contentType, "application/x-ndjson");

    const { shim } = endpoint();
    assert.deepStrictEqual(
      shim.requests.map((r) => r.operation),
      ["CreateMultipartUpload", ...Array<string>(4).fill("UploadPart"), "CompleteMultipartUpload"],
    );
    for (const request of shim.requests) {
      assert.strictEqual(request.headers["x-amz-expected-bucket-owner"], BUCKET_OWNER);
    }
    const [complete] = shim.requestsFor("CompleteMultipartUpload");
    assert.strictEqual(complete.headers["if-none-match"], "*");
    assert.deepStrictEqual(
      logs.map((line) => [line.message, line.key, line.bytes, line.parts, line.outcome]),
      [["file upload", key, 20 * MIB, 4, "stored"]],
    );
  });

  it("sends a file smaller than one part as a single conditional PutObject", async () => {
    const { file, data } = writeFile("small.csv", 1024);
    const { result, error } = await uploadFile(file, "uploads/small.csv");
    assert.ifError(error);
    assert.strictEqual(result?.parts, 1);
    const puts = endpoint().shim.requestsFor("PutObject");
    assert.deepStrictEqual(
      puts.map((p) => [p.headers["if-none-match"], p.headers["x-amz-expected-bucket-owner"]]),
      [["*", BUCKET_OWNER]],
    );
    const stored = await endpoint().readObject("uploads/small.csv");
    assert.ok(stored.body.equals(data));
    assert.strictEqual(stored.contentType, "application/octet-stream");
  });

  it("refuses to replace an object that was there before (412), keeps it, and leaves the parts to the lifecycle rule", async () => {
    const key = "uploads/exports/existing.bin";
    await endpoint().putObject(key, "original");
    const { file } = writeFile("replacement.bin", 6 * MIB);
    const { error, logs } = await uploadFile(file, key);
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "PreconditionFailed");
    assert.strictEqual(error.httpStatus, 412);
    assert.strictEqual(error.retryable, false);
    assert.match(error.message, /kept it intact.*pass idempotentKey: true.*not in use/);
    assert.strictEqual((await endpoint().readObject(key)).body.toString(), "original");
    const { shim } = endpoint();
    assert.deepStrictEqual(
      shim.requestsFor("CompleteMultipartUpload").map((r) => r.status),
      [412],
    );
    // The role may not abort multipart uploads: the bucket's lifecycle rule removes the parts.
    assert.deepStrictEqual(shim.requestsFor("AbortMultipartUpload"), []);
    const failed = logs.filter((line) => line.level === "error");
    assert.deepStrictEqual(
      failed.map((line) => line.code),
      ["PreconditionFailed"],
    );
    assert.strictEqual(typeof failed[0].uploadId, "string");
  });

  it("stops every request at the caller's abort signal while S3 stalls, and stores nothing", async () => {
    const { file } = writeFile("stalling.bin", 12 * MIB);
    const { shim } = endpoint();
    shim.injectFault("UploadPart", { kind: "stall" });
    const caller = new AbortController();
    const upload = uploadFile(file, "uploads/exports/stalling.bin", { abortSignal: caller.signal });
    await shim.arrived("UploadPart", 3);
    caller.abort();
    const { error } = await upload;
    assert.ok(error instanceof lambda.module().OutcomeUnknownError, String(error));
    assert.strictEqual(error.code, "AbortError");
    assert.deepStrictEqual(shim.requestsFor("AbortMultipartUpload"), []);
    assert.deepStrictEqual(shim.requestsFor("CompleteMultipartUpload"), []);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
  });

  it("refuses a key outside TARGET_PREFIX before sending anything", async () => {
    const { file } = writeFile("elsewhere.bin", 10);
    const { error } = await uploadFile(file, "other/file.bin");
    assert.ok(error instanceof lambda.module().InvalidInputError, String(error));
    assert.strictEqual(error.field, "key");
    assert.match(error.message, /not under TARGET_PREFIX "uploads\/"/);
    assert.deepStrictEqual(endpoint().shim.requests, []);
  });

  it("reports a content type HTTP refuses as not reached: nothing was sent", async () => {
    const { file } = writeFile("header.bin", 10);
    const { error } = await uploadFile(file, "uploads/header.bin", {
      contentType: "text/plain\r\nX-Injected: yes",
    });
    assert.ok(error instanceof lambda.module().NotReachedError, String(error));
    assert.strictEqual(error.code, "ERR_INVALID_CHAR");
    assert.strictEqual(error.retryable, false);
    assert.deepStrictEqual(endpoint().shim.requests, []);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
  });

  it("refuses a key longer than S3's 1,024 bytes before sending anything, naming the field", async () => {
    const { file } = writeFile("long-key.bin", 10);
    const { error } = await uploadFile(file, `uploads/${"ü".repeat(509)}`);
    assert.ok(error instanceof lambda.module().InvalidInputError, String(error));
    assert.strictEqual(error.field, "key");
    assert.match(
      error.message,
      /is 1026 bytes long \(UTF-8\); S3 takes keys of at most 1024 bytes/,
    );
    assert.deepStrictEqual(endpoint().shim.requests, []);
  });

  const paths: { name: string; bytes: number; write: S3Operation; concurrent: number }[] = [
    { name: "PutObject path (one part)", bytes: 1024, write: "PutObject", concurrent: 100 },
    // Ten, not a hundred: each multipart upload holds a 5 MiB part in memory.
    {
      name: "multipart path (two parts)",
      bytes: 5 * MIB + 1024,
      write: "CompleteMultipartUpload",
      concurrent: 10,
    },
  ];
  for (const { name, bytes, write, concurrent } of paths) {
    describe(`stores each file exactly once: ${name}`, () => {
      const key = `uploads/exports/${write}.bin`;
      let file: string;
      let data: Buffer;
      before(() => ({ file, data } = writeFile(`${write}.bin`, bytes)));

      const writes = (): (number | undefined)[] =>
        endpoint()
          .shim.requestsFor(write)
          .map((r) => r.status);

      async function assertStoredOnce(): Promise<void> {
        assert.deepStrictEqual(await endpoint().listKeys(), [key]);
        assert.strictEqual(sha256((await endpoint().readObject(key)).body), sha256(data));
      }

      it("stores the same key once: a repeated call with idempotentKey answers already-stored", async () => {
        const first = await uploadFile(file, key, { idempotentKey: true });
        const again = await uploadFile(file, key, { idempotentKey: true });
        assert.ifError(first.error);
        assert.ifError(again.error);
        assert.deepStrictEqual(
          [first.result?.key, first.result?.outcome, again.result?.key, again.result?.outcome],
          [key, "stored", key, "already-stored"],
        );
        assert.deepStrictEqual(writes(), [200, 412]);
        await assertStoredOnce();
      });

      it("takes the 412 after a lost answer as its own write: one object, success", async () => {
        endpoint().shim.injectFault(write, { kind: "resetAfterForward" });
        const { result, error } = await uploadFile(file, key);
        assert.ifError(error);
        assert.strictEqual(result?.outcome, "already-stored");
        assert.deepStrictEqual(writes(), [undefined, 412]);
        await assertStoredOnce();
      });

      it("retries an answer that comes after the attempt's timeout; a retried call finds the object", async () => {
        endpoint().shim.injectFault(write, { kind: "delayReply", ms: PAST_THE_DEADLINE_MS });
        const slow = await uploadFile(file, key, {
          context: lambdaContext(undefined, REMAINING_MS),
        });
        assert.ifError(slow.error);
        assert.strictEqual(slow.result?.outcome, "already-stored");
        const retry = await uploadFile(file, key, { idempotentKey: true });
        assert.strictEqual(retry.result?.outcome, "already-stored");
        await assertStoredOnce();
      });

      it("stores two keys with the same content as two objects", async () => {
        for (const copy of [`${key}.1`, `${key}.2`]) {
          const { error } = await uploadFile(file, copy);
          assert.ifError(error);
        }
        assert.deepStrictEqual(await endpoint().listKeys(), [`${key}.1`, `${key}.2`]);
      });

      it(`stores ${concurrent} concurrent calls with distinct keys as ${concurrent} objects`, async () => {
        const keys = Array.from({ length: concurrent }, (_, i) => `${key}.${1000 + i}`);
        const { result, error } = await captureLogs(() =>
          Promise.all(
            keys.map((k) => lambda.module().uploadFile(file, k, { context: lambdaContext() })),
          ),
        );
        assert.ifError(error);
        assert.deepStrictEqual(
          result?.map((r) => [r.key, r.outcome]),
          keys.map((k) => [k, "stored"]),
        );
        assert.deepStrictEqual(await endpoint().listKeys(), keys);
      });

      it("retries 503 twice and stores one object", async () => {
        for (let i = 0; i < 2; i++) {
          endpoint().shim.injectFault(write, {
            kind: "error",
            status: 503,
            code: "ServiceUnavailable",
          });
        }
        const { result, error } = await uploadFile(file, key);
        assert.ifError(error);
        assert.strictEqual(result?.outcome, "stored");
        assert.deepStrictEqual(writes(), [503, 503, 200]);
        await assertStoredOnce();
      });

      it("gives up before the deadline when S3 stalls, retryably; a retried call leaves one object", async () => {
        for (let i = 0; i < 3; i++) endpoint().shim.injectFault(write, { kind: "stall" });
        const remainingMs = STALLED_REMAINING_MS;
        const startedAt = Date.now();
        const stalled = await uploadFile(file, key, {
          context: lambdaContext(undefined, remainingMs),
        });
        const elapsed = Date.now() - startedAt;
        assert.ok(
          stalled.error instanceof lambda.module().OutcomeUnknownError,
          String(stalled.error),
        );
        assert.strictEqual(stalled.error.retryable, true);
        assert.ok(
          elapsed < remainingMs,
          `gave up after ${elapsed} ms of the ${remainingMs} ms left`,
        );
        assert.deepStrictEqual(await endpoint().listKeys(), []);

        // S3 recovers; faults the stalled call did not reach are dropped.
        endpoint().shim.reset();
        const retry = await uploadFile(file, key, { idempotentKey: true });
        assert.ifError(retry.error);
        assert.strictEqual(retry.result?.outcome, "stored");
        await assertStoredOnce();
      });
    });
  }
});

describe("partSizeFor: parts that fit any S3 object in 10,000 parts", () => {
  for (const [what, bytes, expected] of [
    ["an empty file", 0, 5 * MIB],
    ["20 MiB", 20 * MIB, 5 * MIB],
    ["6 GiB, past PutObject's 5 GB", 6 * GIB, 5 * MIB],
    ["100 GiB", 100 * GIB, 11 * MIB],
    ["5 TiB, the largest object", MAX_OBJECT_BYTES, 525 * MIB],
  ] as const) {
    it(`uses ${expected / MIB} MiB parts for ${what}`, () => {
      const partSize = partSizeFor(bytes);
      assert.strictEqual(partSize, expected);
      assert.ok(Math.ceil(bytes / partSize) <= MAX_PARTS);
    });
  }

  it("sends lib-storage's requests with the time budget's options over any options they carry", async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (_command: unknown, options: unknown) => void sent.push(options),
    } as unknown as S3Client;
    const budget = new AbortController().signal;
    const proxy = withRequestOptions(client, { abortSignal: budget, requestTimeout: 500 });
    const command = new HeadObjectCommand({ Bucket: "b", Key: "k" });
    await proxy.send(command);
    await proxy.send(command, { requestTimeout: 60_000 });
    // Without a deadline the budget sets no timeout: the sender's stays.
    const noDeadline = withRequestOptions(client, {
      abortSignal: budget,
      requestTimeout: undefined,
    });
    await noDeadline.send(command, { requestTimeout: 60_000 });
    assert.deepStrictEqual(sent, [
      { abortSignal: budget, requestTimeout: 500 },
      { abortSignal: budget, requestTimeout: 500 },
      { abortSignal: budget, requestTimeout: 60_000 },
    ]);
  });

  it("refuses a file larger than an S3 object can be", () => {
    assert.throws(() => partSizeFor(MAX_OBJECT_BYTES + 1), /at most 5497558138880 bytes \(5 TiB\)/);
  });
});
