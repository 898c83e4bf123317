import * as assert from "assert";
import { compactTimestamp, objectKey } from "../../lambda/keys";

const AT = new Date(Date.UTC(2024, 4, 1, 12, 34, 56, 789));
const REQUEST_ID = "5f0d8b2e-8c1a-4f53-9b1e-2d7c6a1f0e42";

describe("object keys (lambda/keys.ts)", () => {
  it("are <prefix>data-<UTC timestamp to the millisecond>-<request id>.json", () => {
    assert.strictEqual(
      objectKey("uploads/", AT, REQUEST_ID),
      `uploads/data-20240501T123456.789Z-${REQUEST_ID}.json`,
    );
  });

  it("write the timestamp in UTC whatever the local time zone", () => {
    assert.strictEqual(
      compactTimestamp(new Date("2024-05-01T23:59:59.999+02:00")),
      "20240501T215959.999Z",
    );
  });

  it("differ for two invocations in the same millisecond", () => {
    assert.notStrictEqual(objectKey("uploads/", AT, "a-1"), objectKey("uploads/", AT, "a-2"));
  });

  it("sort by time as plain strings", () => {
    const times = [0, 1, 999, 1000, 60_000, 86_400_000].map((ms) => new Date(AT.getTime() + ms));
    const keys = times.map((t) => objectKey("uploads/", t, REQUEST_ID));
    assert.deepStrictEqual([...keys].reverse().sort(), keys);
  });

  it("fall back to a new UUID without a request id, or with one unfit for a key", () => {
    for (const requestId of [undefined, "", "../../etc", "id with spaces"]) {
      assert.strictEqual(
        objectKey("uploads/", AT, requestId, () => "generated-uuid"),
        "uploads/data-20240501T123456.789Z-generated-uuid.json",
      );
    }
  });

  it("work with an empty prefix (the bucket root)", () => {
    assert.match(objectKey("", AT, REQUEST_ID), /^data-20240501T123456\.789Z-/);
  });
});
