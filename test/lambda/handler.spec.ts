import * as assert from "assert";
import { setEnvironment } from "../harness/environment";
import { TEST_EVENT, lambdaContext } from "../harness/invocation";
import { BUCKET, BUCKET_OWNER } from "../harness/s3Endpoint";
import {
  lambdaEnvironment,
  loadHandler,
  onlyStoredObject,
  responseKey,
  useHandler,
  useS3Endpoint,
} from "./hooks";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

describe("upload handler (lambda/handler.ts) against S3 on 127.0.0.1", () => {
  const endpoint = useS3Endpoint();

  describe("with the function's environment", () => {
    const lambda = useHandler(endpoint);

    it("stores the guide's test event as one JSON object named by the request id and answers 200", async () => {
      const context = lambdaContext("5f0d8b2e-8c1a-4f53-9b1e-2d7c6a1f0e42");
      const { result, error, logs } = await lambda.invoke(TEST_EVENT, context);
      assert.ifError(error);
      assert.strictEqual(result?.statusCode, 200);
      const { key, stored, document } = await onlyStoredObject(endpoint(), result?.body);
      assert.strictEqual(key, `uploads/data-${context.awsRequestId}.json`);
      const timestamp = String(document.timestamp);
      assert.deepStrictEqual(document, {
        source: "account-a-lambda",
        timestamp,
        requestId: context.awsRequestId,
        data: TEST_EVENT.data,
      });
      assert.ok(Math.abs(Date.parse(timestamp) - Date.now()) < 60_000, timestamp);
      assert.deepStrictEqual(stored.metadata, {
        "received-at": timestamp,
        "request-id": context.awsRequestId,
      });

      assert.deepStrictEqual(
        logs.map((line) => [line.message, line.key, line.keySource, line.outcome, line.attempts]),
        [["upload", key, "request-id", "stored", 1]],
      );
      assert.strictEqual(logs[0].bytes, stored.body.length);
      assert.strictEqual(typeof logs[0].ms, "number");
    });

    it("names the object after the event's idempotencyKey, whatever the request id", async () => {
      const event = { ...TEST_EVENT, idempotencyKey: "order-8812_2024-05-01.v2" };
      const { result, error, logs } = await lambda.invoke(event, lambdaContext("r-1"));
      assert.ifError(error);
      const key = "uploads/data-key-111111111111-uploader.order-8812_2024-05-01.v2.json";
      assert.strictEqual(responseKey(result?.body), key);
      const stored = await endpoint().readObject(key);
      const document = JSON.parse(stored.body.toString()) as Record<string, unknown>;
      assert.strictEqual(document.idempotencyKey, event.idempotencyKey);
      assert.strictEqual(document.requestId, "r-1");
      assert.strictEqual(stored.metadata["idempotency-key"], event.idempotencyKey);
      assert.deepStrictEqual(
        logs.map((line) => [line.keySource, line.idempotencyKey]),
        [["idempotency-key", event.idempotencyKey]],
      );
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

    it("names the key after a random UUID without a request id, and warns that retries are not deduplicated", async () => {
      const { result, error, logs } = await lambda.invoke(TEST_EVENT, lambdaContext(""));
      assert.ifError(error);
      assert.match(responseKey(result?.body), new RegExp(`^uploads/data-${UUID}\\.json$`));
      assert.deepStrictEqual(
        logs.map((line) => [line.level, line.message]),
        [
          ["warn", "no request id: a retry of this event would be stored again"],
          ["info", "upload"],
        ],
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
        /"source", "detail"; this function takes \{"data": \{...\}, "idempotencyKey": "..."\} only/,
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
      [
        "an idempotencyKey that is a number",
        { idempotencyKey: 8812 },
        "idempotencyKey",
        /"idempotencyKey" must be a string of 1 to 128 letters, digits.*got a number/,
      ],
      ["an empty idempotencyKey", { idempotencyKey: "" }, "idempotencyKey", /"" \(0 characters\)/],
      [
        "an idempotencyKey with a slash",
        { idempotencyKey: "../../etc" },
        "idempotencyKey",
        /"\.\.\/\.\.\/etc" \(9 characters\) is not 1 to 128 letters/,
      ],
      [
        "an idempotencyKey with a space",
        { idempotencyKey: "order 1" },
        "idempotencyKey",
        /omit the field to use the invocation's request id/,
      ],
      [
        "an idempotencyKey of 129 characters",
        { idempotencyKey: "k".repeat(129) },
        "idempotencyKey",
        /"k{40}"\.\.\. \(129 characters\)/,
      ],
    ];
    it("names at most five unexpected fields, each cut short, and counts the rest", async () => {
      const event = Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [`${"f".repeat(1000)}${i}`, i]),
      );
      const { error, logs } = await lambda.invoke(event);
      const { InvalidInputError } = lambda.module();
      assert.ok(error instanceof InvalidInputError, String(error));
      const name = `"${"f".repeat(40)}"...`;
      assert.strictEqual(
        error.message,
        `Invalid event: unexpected field(s) ${Array(5).fill(name).join(", ")} and 995 more; ` +
          `this function takes {"data": {...}, "idempotencyKey": "..."} only, so nothing of ` +
          `another event shape is lost silently`,
      );
      assert.strictEqual(error.field, "f".repeat(40));
      assert.ok(JSON.stringify(logs).length < 1_000, JSON.stringify(logs).slice(0, 200));
      assert.deepStrictEqual(endpoint().shim.requests, []);
    });

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

    it("accepts an idempotencyKey of exactly 128 characters", async () => {
      const idempotencyKey = `a${"b".repeat(127)}`;
      const { result, error } = await lambda.invoke({ idempotencyKey });
      assert.ifError(error);
      assert.strictEqual(
        responseKey(result?.body),
        `uploads/data-key-111111111111-uploader.${idempotencyKey}.json`,
      );
    });
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
      const { result } = await lambda.invoke(TEST_EVENT, lambdaContext("r-7"));
      assert.strictEqual(responseKey(result?.body), "exports/2024/data-r-7.json");
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
      assert.strictEqual(error.name, "UploadError");
      assert.strictEqual(error.code, "AccessDenied");
      assert.strictEqual(error.httpStatus, 403);
      assert.strictEqual(error.retryable, false);
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
        logs.map((line) => [line.level, line.code, line.retryable]),
        [["error", "AccessDenied", false]],
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

describe("upload handler against S3 for a bucket name with dots", () => {
  const endpoint = useS3Endpoint({ bucket: "acme.inbound.777788889999" });
  const lambda = useHandler(endpoint);

  it("stores the event through the host name the SDK builds from the bucket's name", async () => {
    const { result, error } = await lambda.invoke(TEST_EVENT);
    assert.ifError(error);
    const { key, document } = await onlyStoredObject(endpoint(), result?.body);
    assert.deepStrictEqual(document.data, TEST_EVENT.data);
    const [put] = endpoint().shim.requestsFor("PutObject");
    assert.match(String(put.headers.host), /^acme\.inbound\.777788889999\.localhost:\d+$/);
    assert.strictEqual(put.path, `/acme.inbound.777788889999/${key}`);
  });
});
