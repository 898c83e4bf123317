import * as assert from "assert";
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_OBJECT_BYTES, MAX_PARTS, partSizeFor } from "../../lambda/streamUpload";
import { useHandler, useS3Endpoint } from "./harness";
import { BUCKET_OWNER, captureLogs } from "./s3Endpoint";

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

  it("stores a 20 MiB file byte for byte through a multipart upload", async () => {
    const { file, data } = writeFile("export-20mib.bin", 20 * MIB);
    const key = "uploads/exports/export-20mib.bin";
    const { result, error, logs } = await captureLogs(() =>
      lambda.module().uploadFile(file, key, { contentType: "application/x-ndjson" }),
    );
    assert.ifError(error);
    assert.deepStrictEqual(result, {
      bucket: "cross-account-uploads-222222222222",
      key,
      bytes: 20 * MIB,
      parts: 4,
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
      logs.map((line) => [line.message, line.key, line.bytes, line.parts]),
      [["file upload", key, 20 * MIB, 4]],
    );
  });

  it("sends a file smaller than one part as a single conditional PutObject", async () => {
    const { file, data } = writeFile("small.csv", 1024);
    const { result, error } = await captureLogs(() =>
      lambda.module().uploadFile(file, "uploads/small.csv"),
    );
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

  it("refuses to replace an existing object (412), keeps it, and aborts the upload as the owner's", async () => {
    const key = "uploads/exports/existing.bin";
    await endpoint().putObject(key, "original");
    const { file } = writeFile("replacement.bin", 6 * MIB);
    const { error, logs } = await captureLogs(() => lambda.module().uploadFile(file, key));
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "PreconditionFailed");
    assert.strictEqual(error.httpStatus, 412);
    assert.strictEqual((await endpoint().readObject(key)).body.toString(), "original");
    const { shim } = endpoint();
    assert.deepStrictEqual(
      shim.requestsFor("CompleteMultipartUpload").map((r) => r.status),
      [412],
    );
    // s3rver answers the abort 405 (it lacks AbortMultipartUpload); what matters is that it was
    // sent, as the bucket owner's, and that a failed abort is only logged.
    const aborts = shim.requestsFor("AbortMultipartUpload");
    assert.deepStrictEqual(
      aborts.map((r) => r.headers["x-amz-expected-bucket-owner"]),
      [BUCKET_OWNER],
    );
    assert.deepStrictEqual(
      logs.filter((line) => line.level === "error").map((line) => line.code),
      ["PreconditionFailed"],
    );
  });

  it("stops at the caller's abort signal while S3 hangs, and aborts the multipart upload", async () => {
    const { file } = writeFile("hanging.bin", 12 * MIB);
    const key = "uploads/exports/hanging.bin";
    endpoint().shim.injectFault("UploadPart", { kind: "noAnswer" });
    const startedAt = Date.now();
    const { error } = await captureLogs(() =>
      lambda.module().uploadFile(file, key, { abortSignal: AbortSignal.timeout(300) }),
    );
    assert.ok(Date.now() - startedAt < 5_000);
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "AbortError");
    assert.strictEqual(endpoint().shim.requestsFor("AbortMultipartUpload").length, 1);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
  });

  it("refuses a key outside TARGET_PREFIX before sending anything", async () => {
    const { file } = writeFile("elsewhere.bin", 10);
    const { error } = await captureLogs(() => lambda.module().uploadFile(file, "other/file.bin"));
    assert.ok(error instanceof lambda.module().InvalidInputError, String(error));
    assert.strictEqual(error.field, "key");
    assert.match(error.message, /not under TARGET_PREFIX "uploads\/"/);
    assert.deepStrictEqual(endpoint().shim.requests, []);
  });
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

  it("refuses a file larger than an S3 object can be", () => {
    assert.throws(() => partSizeFor(MAX_OBJECT_BYTES + 1), /at most 5497558138880 bytes \(5 TiB\)/);
  });
});
