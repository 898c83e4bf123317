// Each event is stored exactly once whatever S3 and the network do, across the SDK's retries
// within an invocation and Lambda's retries of the invocation (same request id). Faults come
// from the test shim in front of s3rver (test/harness/s3Shim.ts).
import * as assert from "assert";
import type { UploadResponse } from "../../lambda/handler";
import { TEST_EVENT, lambdaContext } from "../harness/invocation";
import { Captured, captureLogs } from "../harness/logs";
import {
  PAST_THE_DEADLINE_MS,
  REMAINING_MS,
  STALLED_REMAINING_MS,
  responseKey,
  useHandler,
  useS3Endpoint,
} from "./hooks";

/** Lambda's retries of an asynchronous invocation carry the same request id. */
const REQUEST_ID = "6a1f0e42-8c1a-4f53-9b1e-2d7c5f0d8b2e";
const KEY = `uploads/data-${REQUEST_ID}.json`;

describe("upload handler: each event stored exactly once under S3 faults and retries", () => {
  const endpoint = useS3Endpoint();
  const lambda = useHandler(endpoint);

  function invoke(event: unknown = TEST_EVENT, remainingMs = 30_000) {
    return lambda.invoke(event, lambdaContext(REQUEST_ID, remainingMs));
  }

  function puts(): (number | undefined)[] {
    return endpoint()
      .shim.requestsFor("PutObject")
      .map((p) => p.status);
  }

  /** S3 answers the next `times` PutObject requests with this error. */
  function failPuts(status: number, code: string, times = 1): void {
    for (let i = 0; i < times; i++) {
      endpoint().shim.injectFault("PutObject", { kind: "error", status, code });
    }
  }

  /** The invocation answered 200 with the event's key, logging `outcome` after `attempts`. */
  function assertSucceeded(
    invocation: Captured<UploadResponse>,
    outcome: string,
    attempts: number,
  ): void {
    assert.ifError(invocation.error);
    assert.strictEqual(responseKey(invocation.result?.body), KEY);
    assert.deepStrictEqual(
      invocation.logs.map((line) => [line.message, line.outcome, line.attempts]),
      [["upload", outcome, attempts]],
    );
  }

  /**
   * The invocation answered 200 with the event's key after the SDK gave up on its first attempt
   * (unanswered) and retried. Which retry succeeded, and whether it stored the object or met the
   * first attempt's object, depends on timing; that one object results does not.
   */
  function assertSucceededAfterRetry(invocation: Captured<UploadResponse>): void {
    assert.ifError(invocation.error);
    assert.strictEqual(responseKey(invocation.result?.body), KEY);
    const [line] = invocation.logs;
    assert.strictEqual(line.message, "upload");
    assert.ok(Number(line.attempts) >= 2, `attempts: ${line.attempts}`);
    assert.strictEqual(puts()[0], undefined);
  }

  async function assertStoredOnce(data: unknown = TEST_EVENT.data): Promise<void> {
    assert.deepStrictEqual(await endpoint().listKeys(), [KEY]);
    const stored = await endpoint().readObject(KEY);
    assert.deepStrictEqual((JSON.parse(stored.body.toString()) as { data: unknown }).data, data);
  }

  it("stores the same request id once: both invocations answer the same key, the first payload stays", async () => {
    assertSucceeded(await invoke({ data: { version: "first" } }), "stored", 1);
    assertSucceeded(await invoke({ data: { version: "second" } }), "already-stored", 1);
    assert.deepStrictEqual(puts(), [200, 412]);
    await assertStoredOnce({ version: "first" });
  });

  it("stores one idempotencyKey once across request ids (a synchronous caller's retries)", async () => {
    const event = { ...TEST_EVENT, idempotencyKey: "invoice-2024-0042" };
    const key = "uploads/data-key-111111111111-uploader.invoice-2024-0042.json";
    const first = await lambda.invoke(event, lambdaContext("request-a"));
    const retry = await lambda.invoke(event, lambdaContext("request-b"));
    // Through an alias, as a caller that invokes a qualified ARN would: the same function.
    const viaAlias = await lambda.invoke(event, {
      ...lambdaContext("request-c"),
      invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:uploader:live",
    });
    for (const invocation of [first, retry, viaAlias]) {
      assert.strictEqual(responseKey(invocation.result?.body), key);
    }
    assert.deepStrictEqual(
      [retry, viaAlias].map((invocation) => invocation.logs.map((line) => line.outcome)),
      [["already-stored"], ["already-stored"]],
    );
    assert.deepStrictEqual(await endpoint().listKeys(), [key]);
  });

  it("stores the same idempotencyKey sent at once by three writer functions (fan-in) as three objects, each its own payload", async () => {
    // Another function of the same account, and a function of the same name in another account
    // and region: each its own writer.
    const writers = [
      "arn:aws:lambda:eu-west-1:111111111111:function:uploader",
      "arn:aws:lambda:eu-west-1:111111111111:function:exporter_v2",
      "arn:aws:lambda:us-east-2:333333333333:function:uploader:live",
    ];
    // One capture around all three: stdout is patched once, not by each invocation in turn.
    const {
      result: responses,
      error,
      logs,
    } = await captureLogs(() =>
      Promise.all(
        writers.map((invokedFunctionArn, index) =>
          lambda
            .module()
            .handler(
              { data: { from: invokedFunctionArn }, idempotencyKey: "order-1" },
              { ...lambdaContext(`request-${index}`), invokedFunctionArn },
            ),
        ),
      ),
    );
    assert.ifError(error);
    const keys = [
      "uploads/data-key-111111111111-uploader.order-1.json",
      "uploads/data-key-111111111111-exporter_v2.order-1.json",
      "uploads/data-key-333333333333-uploader.order-1.json",
    ];
    assert.deepStrictEqual(
      responses?.map((response) => responseKey(response.body)),
      keys,
    );
    assert.deepStrictEqual(
      logs.map((line) => [line.key, line.outcome]).sort(),
      keys.map((key) => [key, "stored"]).sort(),
    );
    assert.deepStrictEqual(await endpoint().listKeys(), [...keys].sort());
    for (const [index, key] of keys.entries()) {
      const stored = await endpoint().readObject(key);
      const { data } = JSON.parse(stored.body.toString()) as { data: unknown };
      assert.deepStrictEqual(data, { from: writers[index] });
    }
  });

  it("stores two request ids with the same body as two objects", async () => {
    const keys = [];
    for (const id of ["request-1", "request-2"]) {
      const { result, error } = await lambda.invoke(TEST_EVENT, lambdaContext(id));
      assert.ifError(error);
      keys.push(responseKey(result?.body));
    }
    assert.deepStrictEqual(keys, ["uploads/data-request-1.json", "uploads/data-request-2.json"]);
    assert.deepStrictEqual(await endpoint().listKeys(), keys);
  });

  it("stores 100 concurrent invocations as 100 distinct objects", async () => {
    const ids = Array.from({ length: 100 }, (_, index) => `request-${100 + index}`);
    const { result: responses, error } = await captureLogs(() =>
      Promise.all(
        ids.map((id, index) => lambda.module().handler({ data: { index } }, lambdaContext(id))),
      ),
    );
    assert.ifError(error);
    const keys = ids.map((id) => `uploads/data-${id}.json`);
    assert.deepStrictEqual(
      responses?.map((response) => responseKey(response.body)),
      keys,
    );
    assert.deepStrictEqual(await endpoint().listKeys(), [...keys].sort());
    assert.ok(puts().every((status) => status === 200));
    const stored = await Promise.all(keys.map((key) => endpoint().readObject(key)));
    stored.forEach((object, index) => {
      const document = JSON.parse(object.body.toString()) as { data: { index: number } };
      assert.strictEqual(document.data.index, index);
    });
  });

  it("takes the 412 after a lost answer as its own write: one object, success", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "resetAfterForward" });
    assertSucceeded(await invoke(), "already-stored", 2);
    assert.deepStrictEqual(puts(), [undefined, 412]);
    await assertStoredOnce();
  });

  it("retries an answer that comes after the attempt's timeout, and Lambda's retry finds the object: one object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "delayReply", ms: PAST_THE_DEADLINE_MS });
    const slow = await invoke(TEST_EVENT, REMAINING_MS);
    assertSucceededAfterRetry(slow);
    assert.strictEqual(slow.logs[0].outcome, "already-stored");
    assertSucceeded(await invoke(), "already-stored", 1);
    await assertStoredOnce();
  });

  it("retries 503 twice and stores one object", async () => {
    failPuts(503, "SlowDown", 2);
    assertSucceeded(await invoke(), "stored", 3);
    assert.deepStrictEqual(puts(), [503, 503, 200]);
    await assertStoredOnce();
  });

  it("retries a stalled attempt after its share of the time left, within the invocation", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "stall" });
    assertSucceededAfterRetry(await invoke(TEST_EVENT, REMAINING_MS));
    await assertStoredOnce();
  });

  it("gives up before the deadline when S3 stalls, retryably; the same request id's retry leaves one object", async () => {
    for (let i = 0; i < 3; i++) endpoint().shim.injectFault("PutObject", { kind: "stall" });
    const remainingMs = STALLED_REMAINING_MS;
    const startedAt = Date.now();
    const stalled = await invoke(TEST_EVENT, remainingMs);
    const elapsed = Date.now() - startedAt;
    const { OutcomeUnknownError } = lambda.module();
    assert.ok(stalled.error instanceof OutcomeUnknownError, String(stalled.error));
    assert.ok(elapsed < remainingMs, `gave up after ${elapsed} ms of the ${remainingMs} ms left`);
    assert.strictEqual(stalled.error.retryable, true);
    assert.match(stalled.error.message, /S3 may have stored the object\. Retrying with the same/);
    assert.deepStrictEqual(await endpoint().listKeys(), []);

    // S3 recovers; faults the stalled invocation did not reach are dropped.
    endpoint().shim.reset();
    assertSucceeded(await invoke(), "stored", 1);
    await assertStoredOnce();
  });

  it("retries a connection reset before the request reached S3 and stores one object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "resetBeforeForward" });
    const { error } = await invoke();
    assert.ifError(error);
    assert.deepStrictEqual(puts(), [undefined, 200]);
    await assertStoredOnce();
  });

  it("retries 409 ConditionalRequestConflict, as S3 asks", async () => {
    failPuts(409, "ConditionalRequestConflict");
    const { error } = await invoke();
    assert.ifError(error);
    assert.deepStrictEqual(puts(), [409, 200]);
    await assertStoredOnce();
  });

  it("reports 'outcome unknown' when a lost answer preceded S3's errors, and Lambda's retry finds the object", async () => {
    endpoint().shim.injectFault("PutObject", { kind: "resetAfterForward" });
    failPuts(500, "InternalError", 2);
    const failed = await invoke();
    const { OutcomeUnknownError } = lambda.module();
    assert.ok(failed.error instanceof OutcomeUnknownError, String(failed.error));
    assert.strictEqual(failed.error.code, "InternalError");
    assert.strictEqual(failed.error.attempts, 3);
    assertSucceeded(await invoke(), "already-stored", 1);
    await assertStoredOnce();
  });

  it("throws a retryable error after S3 fails every attempt, so Lambda retries the event, and stores nothing", async () => {
    failPuts(500, "InternalError", 3);
    const { error, logs } = await invoke();
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.name, "UploadError");
    assert.strictEqual(error.code, "InternalError");
    assert.strictEqual(error.attempts, 3);
    assert.strictEqual(error.retryable, true);
    assert.match(error.message, /did not store the object.*on-failure destination/);
    assert.deepStrictEqual(puts(), [500, 500, 500]);
    assert.deepStrictEqual(await endpoint().listKeys(), []);
    assert.deepStrictEqual(
      logs.map((line) => [line.level, line.code, line.attempts, line.retryable]),
      [["error", "InternalError", 3, true]],
    );
  });

  it("explains AccessControlListNotSupported as a BucketOwnerEnforced bucket: drop OBJECT_ACL", async () => {
    failPuts(400, "AccessControlListNotSupported");
    const { error } = await invoke();
    assert.ok(error instanceof lambda.module().UploadError, String(error));
    assert.strictEqual(error.code, "AccessControlListNotSupported");
    assert.strictEqual(error.retryable, false);
    assert.match(error.message, /BucketOwnerEnforced.*remove OBJECT_ACL/);
  });

  describe("when the endpoint URL cannot be parsed", () => {
    const unparsable = useHandler(endpoint, { AWS_ENDPOINT_URL_S3: "http://s3 endpoint:9000" });

    it("throws NotReachedError: nothing was sent, and retrying the same request cannot help", async () => {
      const { error } = await unparsable.invoke(TEST_EVENT, lambdaContext(REQUEST_ID));
      const { NotReachedError } = unparsable.module();
      assert.ok(error instanceof NotReachedError, String(error));
      assert.strictEqual(error.code, "ERR_INVALID_URL");
      assert.strictEqual(error.retryable, false);
      assert.match(error.message, /so nothing was sent\. Check .*AWS_ENDPOINT_URL_S3/);
      assert.deepStrictEqual(endpoint().shim.requests, []);
    });
  });

  describe("when nothing listens at S3's address", () => {
    const unreachable = useHandler(endpoint, { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9" });

    it("throws NotReachedError: nothing was written, retryable, check the VPC's route to S3", async () => {
      const { error } = await unreachable.invoke(TEST_EVENT, lambdaContext(REQUEST_ID));
      const { NotReachedError } = unreachable.module();
      assert.ok(error instanceof NotReachedError, String(error));
      assert.strictEqual(error.code, "ECONNREFUSED");
      assert.strictEqual(error.attempts, 3);
      assert.strictEqual(error.retryable, true);
      assert.match(error.message, /could not be reached, so nothing was written.*gateway endpoint/);
      assert.deepStrictEqual(endpoint().shim.requests, []);
    });
  });
});
