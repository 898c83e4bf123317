import * as assert from "assert";
import { compactTimestamp } from "../../lambda/keys";
import { useHandler, useS3Endpoint } from "./harness";
import {
  BUCKET,
  BUCKET_OWNER,
  captureLogs,
  lambdaContext,
  lambdaEnvironment,
  loadHandler,
  setEnvironment,
} from "./s3Endpoint";

const TEST_EVENT = { data: { test: true, message: "cross-account upload test" } };
const KEY = /^uploads\/data-(\d{8}T\d{6}\.\d{3}Z)-([A-Za-z0-9-]+)\.json$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function responseKey(body: string | undefined): string {
  const parsed = JSON.parse(body ?? "") as { key: string };
  return parsed.key;
}

/**
 * Runs `start` with Date.now frozen at `now`: every invocation it starts reads that millisecond,
 * as the handler reads the clock before its first await.
 */
function atMillisecond<T>(now: number, start: () => T): T {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    return start();
  } finally {
    Date.now = realNow;
  }
}

describe("upload handler (lambda/handler.ts) against S3 on 127.0.0.1", () => {
  const endpoint = useS3Endpoint();

  describe("with the function's environment", () => {
    const lambda = useHandler(endpoint);

    it("stores the guide's test event as exactly one JSON object and answers 200 with bucket and key", async () => {
      const context = lambdaContext("5f0d8b2e-8c1a-4f53-9b1e-2d7c6a1f0e42");
      const { result, error, logs } = await lambda.invoke(TEST_EVENT, context);
      assert.ifError(error);
      assert.strictEqual(result?.statusCode, 200);
      const key = responseKey(result?.body);
      assert.deepStrictEqual(JSON.parse(result?.body ?? ""), {
        message: "Upload successful",
        bucket: BUCKET,
        key,
      });
      const [, timestamp, requestId] = KEY.exec(key) ?? [];
      assert.strictEqual(requestId, context.awsRequestId, `key ${key}`);

      assert.deepStrictEqual(await endpoint().listKeys(), [key]);
      const stored = await endpoint().readObject(key);
      assert.strictEqual(stored.contentType, "application/json");
      const document = JSON.parse(stored.body.toString()) as { timestamp: string };
      assert.deepStrictEqual(document, {
        source: "account-a-lambda",
        timestamp: document.timestamp,
        requestId: context.awsRequestId,
        data: TEST_EVENT.data,
      });
      assert.strictEqual(compactTimestamp(new Date(document.timestamp)), timestamp);

      const upload = logs.filter((line) => line.message === "upload");
      assert.strictEqual(upload.length, 1);
      assert.strictEqual(upload[0].key, key);
      assert.strictEqual(upload[0].bytes, stored.body.length);
      assert.strictEqual(typeof upload[0].ms, "number");
    });

    it("sends If-None-Match: * and the expected bucket owner, and no ACL, on its PutObject", async () => {
      await lambda.invoke(TEST_EVENT);
      const puts = endpoint().shim.requestsFor("PutObject");
      assert.strictEqual(puts.length, 1);
      assert.strictEqual(puts[0].headers["if-none-match"], "*");
      assert.strictEqual(puts[0].headers["x-amz-expected-bucket-owner"], BUCKET_OWNER);
      assert.strictEqual(puts[0].headers["content-type"], "application/json");
      assert.strictEqual(puts[0].headers["x-amz-acl"], undefined);
    });

    it("never writes the payload into its logs", async () => {
      const secret = "do-not-log-4e1f";
      const { logs } = await lambda.invoke({ data: { secret } });
      assert.ok(logs.length > 0);
      assert.ok(!JSON.stringify(logs).includes(secret));
    });

    it("stores an empty data object when the event has no data, as the guide does", async () => {
      const { result } = await lambda.invoke({});
      const stored = await endpoint().readObject(responseKey(result?.body));
      assert.deepStrictEqual((JSON.parse(stored.body.toString()) as { data: unknown }).data, {});
    });

    it("names the key after a random UUID when the invocation has no request id", async () => {
      const { result, error } = await lambda.invoke(TEST_EVENT, lambdaContext(""));
      assert.ifError(error);
      const [, , id] = KEY.exec(responseKey(result?.body)) ?? [];
      assert.match(id ?? "", UUID);
    });

    it("stores 100 concurrent invocations in the same millisecond as 100 distinct objects", async () => {
      const ids = Array.from({ length: 100 }, (_, i) => i);
      const now = Date.now();
      const { result: responses, error } = await captureLogs(() =>
        Promise.all(
          atMillisecond(now, () =>
            ids.map((index) => lambda.module().handler({ data: { index } }, lambdaContext())),
          ),
        ),
      );
      assert.ifError(error);
      const keys = responses?.map((r) => responseKey(r.body)) ?? [];
      const timestamp = compactTimestamp(new Date(now));
      assert.ok(
        keys.every((key) => KEY.exec(key)?.[1] === timestamp),
        "same millisecond",
      );
      assert.strictEqual(new Set(keys).size, 100);
      assert.deepStrictEqual(await endpoint().listKeys(), [...keys].sort());
      const puts = endpoint().shim.requestsFor("PutObject");
      assert.strictEqual(puts.length, 100);
      assert.ok(puts.every((p) => p.headers["if-none-match"] === "*" && p.status === 200));
      const stored = await Promise.all(keys.map((key) => endpoint().readObject(key)));
      stored.forEach((object, index) => {
        const document = JSON.parse(object.body.toString()) as { data: { index: number } };
        assert.strictEqual(document.data.index, index);
      });
    });

    it("refuses a second write to an existing key with 412 PreconditionFailed and keeps the original", async () => {
      // The same request id in the same millisecond is the only way the handler repeats a key.
      const context = lambdaContext("0b7c3a55-1d2e-4f60-8a9b-c0d1e2f3a4b5");
      const now = Date.now();
      const first = await atMillisecond(now, () =>
        lambda.invoke({ data: { version: "original" } }, context),
      );
      const second = await atMillisecond(now, () =>
        lambda.invoke({ data: { version: "replacement" } }, context),
      );
      assert.ifError(first.error);
      const key = responseKey(first.result?.body);
      const { UploadError } = lambda.module();
      assert.ok(second.error instanceof UploadError, String(second.error));
      assert.strictEqual(second.error.code, "PreconditionFailed");
      assert.strictEqual(second.error.httpStatus, 412);
      assert.match(second.error.message, /already exists.*If-None-Match/);
      assert.ok(second.error.message.includes(key));

      assert.deepStrictEqual(await endpoint().listKeys(), [key]);
      const stored = await endpoint().readObject(key);
      const document = JSON.parse(stored.body.toString()) as { data: { version: string } };
      assert.strictEqual(document.data.version, "original");
      const puts = endpoint().shim.requestsFor("PutObject");
      assert.deepStrictEqual(
        puts.map((p) => p.status),
        [200, 412],
      );
      assert.deepStrictEqual(
        second.logs.map((line) => [line.level, line.code]),
        [["error", "PreconditionFailed"]],
      );
    });

    const badEvents: [string, unknown, string, RegExp][] = [
      ["null", null, "event", /expected a JSON object.*got null/],
      ["a string", "upload this", "event", /got a string/],
      ["an array", [TEST_EVENT], "event", /got an array/],
      [
        "an EventBridge event",
        { source: "aws.events", detail: {} },
        "source",
        /"source", "detail"/,
      ],
      ["data as a string", { data: "text" }, "data", /"data" must be a JSON object, got a string/],
      ["data as an array", { data: [1, 2] }, "data", /"data" must be a JSON object, got an array/],
      ["data as null", { data: null }, "data", /"data" must be a JSON object, got null/],
      ["data that is not JSON", { data: { count: BigInt(1) } }, "data", /"data" is not JSON/],
      [
        "data over the default 5 MiB limit",
        { data: { text: "x".repeat(5 * 1024 * 1024) } },
        "data",
        /over the limit of 5242880 bytes \(MAX_BODY_BYTES\)/,
      ],
    ];
    for (const [what, event, field, message] of badEvents) {
      it(`rejects ${what} with a client error naming "${field}", writing nothing`, async () => {
        const { error, logs } = await lambda.invoke(event);
        const { InvalidInputError } = lambda.module();
        assert.ok(error instanceof InvalidInputError, String(error));
        assert.strictEqual(error.statusCode, 400);
        assert.strictEqual(error.field, field);
        assert.match(error.message, message);
        assert.deepStrictEqual(endpoint().shim.requests, []);
        assert.deepStrictEqual(await endpoint().listKeys(), []);
        assert.deepStrictEqual(
          logs.map((line) => [line.level, line.field]),
          [["warn", field]],
        );
      });
    }
  });

  describe("with OBJECT_ACL=bucket-owner-full-control (bucket not BucketOwnerEnforced)", () => {
    const lambda = useHandler(endpoint, { OBJECT_ACL: "bucket-owner-full-control" });

    it("hands account B full control of the object it writes", async () => {
      const { error } = await lambda.invoke(TEST_EVENT);
      assert.ifError(error);
      const puts = endpoint().shim.requestsFor("PutObject");
      assert.deepStrictEqual(
        puts.map((p) => p.headers["x-amz-acl"]),
        ["bucket-owner-full-control"],
      );
    });
  });

  describe("with TARGET_PREFIX=exports/2024/ and MAX_BODY_BYTES=1024", () => {
    const lambda = useHandler(endpoint, { TARGET_PREFIX: "exports/2024/", MAX_BODY_BYTES: "1024" });

    it("writes under the configured prefix", async () => {
      const { result } = await lambda.invoke(TEST_EVENT);
      assert.match(responseKey(result?.body), /^exports\/2024\/data-\d{8}T/);
    });

    it("rejects a body over the configured limit, naming the limit, writing nothing", async () => {
      const { error } = await lambda.invoke({ data: { text: "x".repeat(1024) } });
      assert.ok(error instanceof lambda.module().InvalidInputError, String(error));
      assert.match(error.message, /over the limit of 1024 bytes/);
      assert.deepStrictEqual(await endpoint().listKeys(), []);
    });
  });

  describe("with an EXPECTED_BUCKET_OWNER that does not own the bucket", () => {
    const lambda = useHandler(endpoint, { EXPECTED_BUCKET_OWNER: "999999999999" });

    it("is refused with AccessDenied, throws the grants to check, and writes nothing", async () => {
      const { error, logs } = await lambda.invoke(TEST_EVENT);
      assert.ok(error instanceof lambda.module().UploadError, String(error));
      assert.strictEqual(error.code, "AccessDenied");
      assert.strictEqual(error.httpStatus, 403);
      for (const check of [
        "bucket policy",
        `arn:aws:s3:::${BUCKET}/uploads/*`,
        `TARGET_BUCKET "${BUCKET}"`,
        "EXPECTED_BUCKET_OWNER 999999999999",
      ]) {
        assert.ok(error.message.includes(check), `message names ${check}: ${error.message}`);
      }
      assert.deepStrictEqual(await endpoint().listKeys(), []);
      assert.deepStrictEqual(
        logs.map((line) => [line.level, line.code]),
        [["error", "AccessDenied"]],
      );
    });
  });

  describe("at cold start", () => {
    it("fails the module load on a bad environment, naming every bad variable", async () => {
      const restore = setEnvironment(
        lambdaEnvironment(endpoint(), { TARGET_BUCKET: undefined, OBJECT_ACL: "public-read" }),
      );
      try {
        await assert.rejects(loadHandler(), (error: Error) => {
          assert.strictEqual(error.name, "EnvironmentError");
          assert.match(error.message, /TARGET_BUCKET is not set/);
          assert.match(error.message, /OBJECT_ACL: "public-read" is not accepted/);
          return true;
        });
      } finally {
        restore();
      }
    });
  });
});
