import * as assert from "assert";
import { objectKey } from "../../lambda/keys";

const REQUEST_ID = "5f0d8b2e-8c1a-4f53-9b1e-2d7c6a1f0e42";
const fresh = (): string => "generated-uuid";

describe("object keys (lambda/keys.ts)", () => {
  it("are <prefix>data-<request id>.json: the same on every retry of an invocation", () => {
    assert.deepStrictEqual(objectKey("uploads/", { requestId: REQUEST_ID }), {
      key: `uploads/data-${REQUEST_ID}.json`,
      source: "request-id",
    });
    assert.deepStrictEqual(
      objectKey("uploads/", { requestId: REQUEST_ID }),
      objectKey("uploads/", { requestId: REQUEST_ID }),
    );
  });

  it("are <prefix>data-key-<idempotency key>.json when the caller names the event", () => {
    assert.deepStrictEqual(
      objectKey("uploads/", { idempotencyKey: "order-8812", requestId: REQUEST_ID }),
      { key: "uploads/data-key-order-8812.json", source: "idempotency-key" },
    );
  });

  it("keep a caller's key apart from request ids, even one spelled like a request id", () => {
    const byRequest = objectKey("uploads/", { requestId: REQUEST_ID }).key;
    const byCaller = objectKey("uploads/", { idempotencyKey: REQUEST_ID }).key;
    assert.notStrictEqual(byRequest, byCaller);
  });

  it("sort by the caller's key as plain strings", () => {
    const ids = ["2024-05-01T00-00", "2024-05-01T09-30", "2024-05-02T00-00", "2024-12-31T23-59"];
    const keys = ids.map((idempotencyKey) => objectKey("uploads/", { idempotencyKey }).key);
    assert.deepStrictEqual([...keys].reverse().sort(), keys);
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
});
