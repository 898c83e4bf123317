import * as assert from "assert";
import { useHandler, useS3Endpoint } from "./harness";
import { BUCKET, lambdaContext } from "./s3Endpoint";

const TEST_EVENT = { data: { test: true, message: "cross-account upload test" } };

function responseKey(body: string | undefined): string {
  return (JSON.parse(body ?? "") as { key: string }).key;
}

describe("upload handler under injected S3 faults (test shim in front of s3rver)", () => {
  const endpoint = useS3Endpoint();
  const lambda = useHandler(endpoint);

  async function assertOneObjectFromRetries(statuses: (number | undefined)[]): Promise<void> {
    const { result, error, logs } = await lambda.invoke(TEST_EVENT);
    assert.ifError(error);
    const key = responseKey(result?.body);
    const puts = endpoint().shim.requestsFor("PutObject");
    assert.deepStrictEqual(
      puts.map((p) => p.status),
      statuses,
    );
    assert.deepStrictEqual(
      puts.map((p) => p.path),
      statuses.map(() => `/${BUCKET}/${key}`),
    );
    assert.deepStrictEqual(await endpoint().listKeys(), [key]);
    const stored = await endpoint().readObject(key);
    const document = JSON.parse(stored.body.toString()) as { data: unknown };
    assert.deepStrictEqual(document.data, TEST_EVENT.data);
    const upload = logs.filter((line) => line.message === "upload");
    assert.strictEqual(upload.length, 1);
    assert.strictEqual(upload[0].attempts, statuses.length);
  }

  it("retries a 503 SlowDown and stores exactly one object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "error", status: 503, code: "SlowDown" });
    await assertOneObjectFromRetries([503, 200]);
  });

  it("retries a connection reset before the request reached S3 and stores exactly one object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "resetBeforeForward" });
    await assertOneObjectFromRetries([undefined, 200]);
  });

  it("takes a 412 on the retry after a lost answer as its own write: exactly one object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "resetAfterForward" });
    await assertOneObjectFromRetries([undefined, 412]);
  });

  it("throws after S3 fails every attempt, so Lambda retries the event, and stores nothing", async () => {
    for (let i = 0; i < 3; i++) {
      endpoint().shim.injectFault("PutObject", {
        kind: "error",
        status: 500,
        code: "InternalError",
      });
    }
    const { error, logs } = await lambda.invoke(TEST_EVENT);
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "InternalError");
    assert.strictEqual(error.attempts, 3);
    assert.match(error.message, /on-failure destination/);
    assert.strictEqual(endpoint().shim.requestsFor("PutObject").length, 3);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
    assert.deepStrictEqual(
      logs.map((line) => [line.level, line.code, line.attempts]),
      [["error", "InternalError", 3]],
    );
  });

  it("explains AccessControlListNotSupported as a BucketOwnerEnforced bucket: drop OBJECT_ACL", async () => {
    endpoint().shim.injectFault("PutObject", {
      kind: "error",
      status: 400,
      code: "AccessControlListNotSupported",
    });
    const { error } = await lambda.invoke(TEST_EVENT);
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "AccessControlListNotSupported");
    assert.match(error.message, /BucketOwnerEnforced.*remove OBJECT_ACL/);
  });

  it("gives up before Lambda's timeout when S3 never answers, pointing at the VPC's S3 endpoint", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "noAnswer" });
    const startedAt = Date.now();
    const { error } = await lambda.invoke(TEST_EVENT, lambdaContext(undefined, 800));
    const elapsed = Date.now() - startedAt;
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "AbortError");
    assert.match(error.message, /S3 gateway endpoint/);
    assert.ok(elapsed < 800, `gave up after ${elapsed} ms, before the 800 ms left`);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
  });
});
