import * as assert from "assert";
import { MAX_KEY_BYTES, objectKey, writerOf } from "../../lambda/keys";
import { MAX_PREFIX_BYTES, prefixProblem } from "../../lambda/validation";

const REQUEST_ID = "5f0d8b2e-8c1a-4f53-9b1e-2d7c6a1f0e42";
const WRITER = "111111111111-uploader";
const fresh = (): string => "generated-uuid";

describe("object keys (lambda/keys.ts)", () => {
  it("are <prefix>data-<request id>.json: the same on every retry of an invocation", () => {
    assert.deepStrictEqual(objectKey("uploads/", { requestId: REQUEST_ID, writer: WRITER }), {
      key: `uploads/data-${REQUEST_ID}.json`,
      source: "request-id",
    });
    assert.deepStrictEqual(
      objectKey("uploads/", { requestId: REQUEST_ID }),
      objectKey("uploads/", { requestId: REQUEST_ID }),
    );
  });

  it("are <prefix>data-key-<account>-<function>.<idempotency key>.json when the caller names the event", () => {
    assert.deepStrictEqual(
      objectKey("uploads/", {
        idempotencyKey: "order-8812",
        writer: WRITER,
        requestId: REQUEST_ID,
      }),
      { key: "uploads/data-key-111111111111-uploader.order-8812.json", source: "idempotency-key" },
    );
  });

  it("keep two writers' events apart when both send the same idempotency key (fan-in)", () => {
    const keyOf = (writer: string, idempotencyKey: string) =>
      objectKey("uploads/", { idempotencyKey, writer }).key;
    assert.notStrictEqual(keyOf(WRITER, "order-1"), keyOf("333333333333-uploader", "order-1"));
    assert.notStrictEqual(keyOf(WRITER, "order-1"), keyOf("111111111111-billing", "order-1"));
    // Function names and idempotency keys both take "-": the "." between them keeps them apart.
    assert.notStrictEqual(
      keyOf("111111111111-orders", "eu-1"),
      keyOf("111111111111-orders-eu", "1"),
    );
  });

  it("keep a caller's key apart from request ids, even one spelled like a request id", () => {
    const byRequest = objectKey("uploads/", { requestId: REQUEST_ID }).key;
    const byCaller = objectKey("uploads/", { idempotencyKey: REQUEST_ID, writer: WRITER }).key;
    assert.notStrictEqual(byRequest, byCaller);
  });

  it("sort by the caller's key as plain strings, within one writer", () => {
    const ids = ["2024-05-01T00-00", "2024-05-01T09-30", "2024-05-02T00-00", "2024-12-31T23-59"];
    const keys = ids.map(
      (idempotencyKey) => objectKey("uploads/", { idempotencyKey, writer: WRITER }).key,
    );
    assert.deepStrictEqual([...keys].reverse().sort(), keys);
  });

  it("refuse an idempotency key when the writer is unknown, rather than share it with every writer", () => {
    assert.throws(
      () => objectKey("uploads/", { idempotencyKey: "order-1", requestId: REQUEST_ID }),
      /context names no function \(invokedFunctionArn, functionName\)/,
    );
  });

  it("differ for two request ids", () => {
    assert.notStrictEqual(
      objectKey("uploads/", { requestId: "a-1" }).key,
      objectKey("uploads/", { requestId: "a-2" }).key,
    );
  });

  it("fall back to a new UUID without a request id, or with one unfit for a key", () => {
    for (const requestId of [undefined, "", "../../etc", "id with spaces", "x".repeat(129)]) {
      assert.deepStrictEqual(objectKey("uploads/", { requestId }, fresh), {
        key: "uploads/data-generated-uuid.json",
        source: "random",
      });
    }
  });

  it("work with an empty prefix (the bucket root)", () => {
    assert.strictEqual(objectKey("", { requestId: REQUEST_ID }).key, `data-${REQUEST_ID}.json`);
  });

  it("fit S3's 1,024 bytes at their longest: the longest prefix, function name and idempotency key", () => {
    const prefix = `${"é".repeat(MAX_PREFIX_BYTES / 2 - 1)}x/`;
    assert.strictEqual(Buffer.byteLength(prefix), MAX_PREFIX_BYTES);
    assert.strictEqual(prefixProblem(prefix), undefined);
    assert.match(prefixProblem(`é${prefix}`) ?? "accepted", /is 514 bytes long \(UTF-8\)/);
    const writer = writerOf({
      invokedFunctionArn: `arn:aws:lambda:ap-southeast-4:111111111111:function:${"f".repeat(64)}:live`,
    });
    const longest = [
      objectKey(prefix, { idempotencyKey: "k".repeat(128), writer }).key,
      objectKey(prefix, { requestId: "r".repeat(128) }).key,
    ];
    for (const key of longest) assert.ok(Buffer.byteLength(key) <= MAX_KEY_BYTES, key);
    assert.strictEqual(Buffer.byteLength(longest[0]), MAX_PREFIX_BYTES + 220);
  });
});

describe("the writer of an idempotency key (lambda/keys.ts writerOf)", () => {
  it("is the account and function name of the ARN the function was invoked by", () => {
    assert.strictEqual(
      writerOf({
        invokedFunctionArn: "arn:aws:lambda:eu-west-1:111111111111:function:uploader-fn-1a2b",
        functionName: "uploader-fn-1a2b",
      }),
      "111111111111-uploader-fn-1a2b",
    );
  });

  it("is the same for every version and alias of one function", () => {
    const arn = "arn:aws:lambda:us-east-2:444455556666:function:orders_writer";
    for (const qualifier of ["", ":7", ":live", ":$LATEST"]) {
      assert.strictEqual(
        writerOf({ invokedFunctionArn: `${arn}${qualifier}` }),
        "444455556666-orders_writer",
      );
    }
  });

  it("falls back to the function name when the ARN is missing or not a function's", () => {
    assert.strictEqual(writerOf({ functionName: "uploader" }), "uploader");
    assert.strictEqual(
      writerOf({
        invokedFunctionArn: "arn:aws:iam::111111111111:role/x",
        functionName: "uploader",
      }),
      "uploader",
    );
  });

  it("is unknown without either, or with names unfit for a key", () => {
    assert.strictEqual(writerOf({}), undefined);
    assert.strictEqual(writerOf({ functionName: "../etc" }), undefined);
    assert.strictEqual(writerOf({ functionName: "f".repeat(65) }), undefined);
  });
});
