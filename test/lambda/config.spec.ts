import * as assert from "assert";
import {
  DEFAULT_MAX_BODY_BYTES,
  Environment,
  EnvironmentError,
  UploadSettings,
  parseConfig,
  toEnvironment,
} from "../../lambda/config";

const VALID: Environment = {
  TARGET_BUCKET: "cross-account-uploads-222222222222",
  EXPECTED_BUCKET_OWNER: "222222222222",
};

function problemsOf(env: Environment): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems;
    throw error;
  }
  assert.fail("parseConfig accepted a bad environment");
}

describe("function environment (lambda/config.ts parseConfig)", () => {
  it("needs only the bucket and its owner; the prefix defaults to uploads/ and the limit to 5 MiB", () => {
    assert.deepStrictEqual(parseConfig(VALID), {
      bucket: VALID.TARGET_BUCKET,
      prefix: "uploads/",
      expectedBucketOwner: "222222222222",
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    });
    assert.strictEqual(DEFAULT_MAX_BODY_BYTES, 5 * 1024 * 1024);
  });

  it("reads the prefix, bucket-owner-full-control and a body limit when they are set", () => {
    const config = parseConfig({
      ...VALID,
      TARGET_PREFIX: "exports/2024/",
      OBJECT_ACL: "bucket-owner-full-control",
      MAX_BODY_BYTES: "1024",
    });
    assert.strictEqual(config.prefix, "exports/2024/");
    assert.strictEqual(config.objectAcl, "bucket-owner-full-control");
    assert.strictEqual(config.maxBodyBytes, 1024);
  });

  it("takes an empty TARGET_PREFIX as the bucket root and an empty OBJECT_ACL as no ACL", () => {
    const config = parseConfig({ ...VALID, TARGET_PREFIX: "", OBJECT_ACL: "" });
    assert.strictEqual(config.prefix, "");
    assert.strictEqual(config.objectAcl, undefined);
  });

  const bad: [string, Environment, RegExp][] = [
    ["TARGET_BUCKET missing", { TARGET_BUCKET: undefined }, /^TARGET_BUCKET is not set; set it/],
    ["TARGET_BUCKET empty", { TARGET_BUCKET: "" }, /^TARGET_BUCKET is not set/],
    [
      "TARGET_BUCKET not a bucket name",
      { TARGET_BUCKET: "My_Bucket" },
      /^TARGET_BUCKET: "My_Bucket"/,
    ],
    [
      "TARGET_BUCKET an ARN",
      { TARGET_BUCKET: "arn:aws:s3:::b" },
      /^TARGET_BUCKET: "arn:aws:s3:::b"/,
    ],
    [
      "EXPECTED_BUCKET_OWNER missing",
      { EXPECTED_BUCKET_OWNER: undefined },
      /^EXPECTED_BUCKET_OWNER is not set; set it to account B's 12-digit/,
    ],
    [
      "EXPECTED_BUCKET_OWNER short",
      { EXPECTED_BUCKET_OWNER: "22222222222" },
      /^EXPECTED_BUCKET_OWNER: "22222222222" is not an AWS account id/,
    ],
    [
      "EXPECTED_BUCKET_OWNER an ARN",
      { EXPECTED_BUCKET_OWNER: "arn:aws:iam::222222222222:root" },
      /^EXPECTED_BUCKET_OWNER: /,
    ],
    [
      "TARGET_PREFIX with a leading slash",
      { TARGET_PREFIX: "/uploads/" },
      /^TARGET_PREFIX: "\/uploads\/" starts with "\/"/,
    ],
    ["TARGET_PREFIX with a wildcard", { TARGET_PREFIX: "uploads/*" }, /^TARGET_PREFIX: .*wildcard/],
    [
      "OBJECT_ACL public-read",
      { OBJECT_ACL: "public-read" },
      /^OBJECT_ACL: "public-read" is not accepted; set it to bucket-owner-full-control/,
    ],
    ["OBJECT_ACL in another case", { OBJECT_ACL: "BUCKET-OWNER-FULL-CONTROL" }, /^OBJECT_ACL: /],
    [
      "MAX_BODY_BYTES zero",
      { MAX_BODY_BYTES: "0" },
      /^MAX_BODY_BYTES: "0" is not a whole number of bytes from 1/,
    ],
    ["MAX_BODY_BYTES negative", { MAX_BODY_BYTES: "-1" }, /^MAX_BODY_BYTES: "-1"/],
    ["MAX_BODY_BYTES with a unit", { MAX_BODY_BYTES: "5MB" }, /^MAX_BODY_BYTES: "5MB"/],
    ["MAX_BODY_BYTES a fraction", { MAX_BODY_BYTES: "1.5" }, /^MAX_BODY_BYTES: "1.5"/],
    [
      "MAX_BODY_BYTES past PutObject's 5 GiB",
      { MAX_BODY_BYTES: String(5 * 1024 ** 3 + 1) },
      /^MAX_BODY_BYTES: /,
    ],
  ];
  for (const [what, overrides, problem] of bad) {
    it(`refuses ${what}, naming the variable`, () => {
      const problems = problemsOf({ ...VALID, ...overrides });
      assert.strictEqual(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], problem);
    });
  }

  it("reports every bad variable at once, in one error message", () => {
    assert.throws(
      () => parseConfig({ TARGET_PREFIX: "/x", OBJECT_ACL: "private", MAX_BODY_BYTES: "big" }),
      (error: Error) => {
        assert.ok(error instanceof EnvironmentError);
        assert.strictEqual(error.problems.length, 5);
        for (const name of [
          "TARGET_BUCKET",
          "EXPECTED_BUCKET_OWNER",
          "TARGET_PREFIX",
          "OBJECT_ACL",
          "MAX_BODY_BYTES",
        ]) {
          assert.ok(error.message.includes(name), name);
        }
        return true;
      },
    );
  });
});

describe("function environment (lambda/config.ts toEnvironment)", () => {
  const settings: UploadSettings[] = [
    {
      bucket: "cross-account-uploads-222222222222",
      prefix: "uploads/",
      expectedBucketOwner: "222222222222",
    },
    { bucket: "exports.example.org", prefix: "", expectedBucketOwner: "012345678901" },
    {
      bucket: "team-b-landing",
      prefix: "exports/2024/",
      expectedBucketOwner: "333333333333",
      objectAcl: "bucket-owner-full-control",
      maxBodyBytes: 1024,
    },
  ];
  for (const setting of settings) {
    it(`sets what parseConfig reads back: ${JSON.stringify(setting)}`, () => {
      assert.deepStrictEqual(parseConfig(toEnvironment(setting)), {
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        ...setting,
      });
    });
  }

  it("sets no OBJECT_ACL or MAX_BODY_BYTES unless asked to", () => {
    assert.deepStrictEqual(Object.keys(toEnvironment(settings[0])).sort(), [
      "EXPECTED_BUCKET_OWNER",
      "TARGET_BUCKET",
      "TARGET_PREFIX",
    ]);
  });

  it("refuses settings the function would refuse at cold start, naming each variable", () => {
    assert.throws(
      () => toEnvironment({ bucket: "My_Bucket", prefix: "/x", expectedBucketOwner: "2222" }),
      (error: Error) => {
        assert.ok(error instanceof EnvironmentError);
        assert.deepStrictEqual(
          error.problems.map((p) => p.split(":")[0]),
          ["TARGET_BUCKET", "EXPECTED_BUCKET_OWNER", "TARGET_PREFIX"],
        );
        return true;
      },
    );
  });
});
