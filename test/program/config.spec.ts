import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config";
import { bucketNameProblem } from "../../components/validation";
import { EXAMPLE_STACKS } from "../harness/paths";
import { stackFileConfig, readStackFile, withProjectConfig } from "../harness/stackFiles";
import { runStack } from "../harness/stacks";
import { tempDir } from "../harness/tempDirs";

type Changes = Record<string, string | undefined>;

/** Runs a shipped stack with changed configuration; resolves to the ConfigError it must raise. */
async function configErrorOf(stack: string, changes: Changes): Promise<ConfigError> {
  const config = withProjectConfig(stackFileConfig(stack, EXAMPLE_STACKS), changes);
  try {
    await runStack({ stack, config });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`stack ${stack} accepted ${JSON.stringify(changes)}`);
}

interface Case {
  what: string;
  stack: "account-a" | "account-b";
  changes: Changes;
  /** The single problem expected: names the key, says what is wrong and how to fix it. */
  problem: RegExp;
}

const cases: Case[] = [
  {
    what: "a bucket name that breaks S3 naming rules",
    stack: "account-a",
    changes: { bucketName: "My_Bucket" },
    problem:
      /^cross-account-s3-upload:bucketName: "My_Bucket" is not a valid S3 bucket name.*Fix: pulumi config set bucketName/,
  },
  {
    what: "a bucket account id that is not 12 digits",
    stack: "account-b",
    changes: { bucketAccountId: "22222222222x" },
    problem:
      /^cross-account-s3-upload:bucketAccountId: "22222222222x" is not an AWS account id; use the account's 12 digits.*Fix: pulumi config set bucketAccountId <12-digit account id>$/,
  },
  {
    what: "a bucket account id that lost its leading zero as an unquoted YAML number",
    stack: "account-a",
    changes: { bucketAccountId: "12345678901" },
    problem:
      /^cross-account-s3-upload:bucketAccountId: "12345678901" has 11 digits, not 12; if the account id starts with 0, the stack file holds it as an unquoted YAML number, which drops leading zeros: quote the 12 digits\. Fix: pulumi config set bucketAccountId <12-digit account id>$/,
  },
  {
    what: "an aws:allowedAccountIds number that lost its leading zero",
    stack: "account-a",
    changes: { "aws:allowedAccountIds": "[12345678901]" },
    problem:
      /^aws:allowedAccountIds\[0\]: 12345678901 is a YAML number with 11 digits: an account id that starts with 0 loses its leading zeros as a number; quote the 12 digits in the stack file\. Fix: pulumi config set --path 'aws:allowedAccountIds\[0\]' <12-digit account id> --type string$/,
  },
  {
    what: "a prefix without a trailing /",
    stack: "account-b",
    changes: { prefix: "uploads" },
    problem:
      /^cross-account-s3-upload:prefix: "uploads" does not end with "\/", so the grant "uploads\*" would also cover keys such as "uploads-archive\/\.\.\."; write "uploads\/", or "" for the whole bucket\. Fix: pulumi config set prefix/,
  },
  {
    what: "a prefix starting with /",
    stack: "account-a",
    changes: { prefix: "/uploads/" },
    problem:
      /^cross-account-s3-upload:prefix: "\/uploads\/" starts with "\/"; S3 keys have no leading slash/,
  },
  {
    what: "a prefix containing *",
    stack: "account-b",
    changes: { prefix: "uploads/*" },
    problem:
      /^cross-account-s3-upload:prefix: "uploads\/\*" contains a wildcard.*the policies add the "\*"/,
  },
  {
    what: "an unknown Object Ownership mode",
    stack: "account-a",
    changes: { objectOwnership: "BucketOwnerFull" },
    problem:
      /^cross-account-s3-upload:objectOwnership: "BucketOwnerFull" is not an S3 Object Ownership mode; use one of BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter/,
  },
  {
    what: "a writer stack name that is neither org/project/stack nor a bare stack name",
    stack: "account-b",
    changes: { writerStacks: JSON.stringify(["acme/account-a"]) },
    problem:
      /^cross-account-s3-upload:writerStacks\[0\]: "acme\/account-a" is not a stack name a StackReference can resolve; write <organization>\/<project>\/<stack>.*or the bare stack name on a legacy self-managed backend/,
  },
  {
    what: "writerStacks that is not a list",
    stack: "account-b",
    changes: { writerStacks: "organization/cross-account-s3-upload/account-a" },
    problem: /^cross-account-s3-upload:writerStacks: must be a list of strings.*YAML list/,
  },
  {
    what: "a writer role ARN that is not an IAM role ARN",
    stack: "account-b",
    changes: { writerRoleArns: JSON.stringify(["arn:aws:iam::111111111111:user/alice"]) },
    problem:
      /^cross-account-s3-upload:writerRoleArns\[0\]: ".*:user\/alice" is not an IAM role ARN; use arn:aws:iam::<12-digit account>:role\/<role name>/,
  },
  {
    what: "a writer role ARN that is an account root",
    stack: "account-b",
    changes: { writerRoleArns: JSON.stringify(["arn:aws:iam::111111111111:root"]) },
    problem:
      /^cross-account-s3-upload:writerRoleArns\[0\]: .* is an account root, which trusts every principal of that account; use the Lambda execution role ARN/,
  },
  {
    what: "a bucket stack with no writer at all",
    stack: "account-b",
    changes: { writerStacks: undefined },
    problem:
      /^cross-account-s3-upload:writerStacks: no writer is configured, so the bucket policy would trust nobody/,
  },
  {
    what: "a missing side",
    stack: "account-a",
    changes: { side: undefined },
    problem:
      /^cross-account-s3-upload:side: is required but not set\. Fix: pulumi config set side writer \(account A, the Lambda\) or pulumi config set side bucket/,
  },
  {
    what: "an unknown side",
    stack: "account-a",
    changes: { side: "lambda" },
    problem: /^cross-account-s3-upload:side: "lambda" is not a side of the link/,
  },
  {
    what: "a missing bucket name",
    stack: "account-b",
    changes: { bucketName: undefined },
    problem: /^cross-account-s3-upload:bucketName: is required but not set/,
  },
  {
    what: "a key of the other side in a writer stack",
    stack: "account-a",
    changes: { writerStacks: JSON.stringify(["organization/cross-account-s3-upload/account-a"]) },
    problem:
      /^cross-account-s3-upload:writerStacks: only applies to the other side, but this stack's side is "writer"/,
  },
  {
    what: "a log retention CloudWatch does not offer",
    stack: "account-a",
    changes: { logRetentionDays: "10" },
    problem: /^cross-account-s3-upload:logRetentionDays: 10 is not one of 1, 3, 5, 7, 14, 30/,
  },
  {
    what: "forceDestroy that is not a boolean",
    stack: "account-b",
    changes: { forceDestroy: "yes" },
    problem: /^cross-account-s3-upload:forceDestroy: "yes" is not true or false/,
  },
  {
    what: "a bucket account outside aws:allowedAccountIds",
    stack: "account-b",
    changes: { bucketAccountId: "333333333333" },
    problem:
      /^cross-account-s3-upload:bucketAccountId: is 333333333333, but aws:allowedAccountIds \(222222222222\) would deploy the bucket elsewhere/,
  },
];

describe("stack configuration is validated before anything is declared", () => {
  for (const { what, stack, changes, problem } of cases) {
    it(`rejects ${what}, naming the key and the fix`, async () => {
      const error = await configErrorOf(stack, changes);
      assert.strictEqual(error.problems.length, 1, error.message);
      assert.match(error.problems[0], problem);
      assert.match(error.message, new RegExp(`^stack "${stack}" has 1 configuration problem`));
    });
  }

  it("reports every problem of a stack file at once", async () => {
    const error = await configErrorOf("account-a", {
      bucketName: "x",
      bucketAccountId: "abc",
      prefix: "/p",
    });
    assert.deepStrictEqual(
      error.problems.map((p) => p.split(":")[1]),
      ["bucketName", "prefix", "bucketAccountId"],
    );
  });

  it("reads an unquoted 011111111111 as the CLI's YAML parser does (octal) and names the key", async () => {
    const file = path.join(tempDir("octal-"), "Pulumi.a.yaml");
    const example = fs.readFileSync(path.join(EXAMPLE_STACKS, "Pulumi.account-a.yaml"), "utf8");
    fs.writeFileSync(file, example.replace('- "111111111111"', "- 011111111111"));
    const allowed = readStackFile(file)["aws:allowedAccountIds"];
    assert.strictEqual(allowed, "[1227133513]");
    const error = await configErrorOf("account-a", { "aws:allowedAccountIds": allowed });
    assert.match(error.problems[0], /^aws:allowedAccountIds\[0\]: 1227133513 is a YAML number/);
  });
});

describe("S3 bucket naming rules (components/validation.ts)", () => {
  const valid = ["abc", "my-bucket.logs", "a".repeat(63), "bucket-123"];
  const invalid: [string, RegExp][] = [
    ["ab", /3 to 63 characters/],
    ["a".repeat(64), /3 to 63 characters/],
    ["Uppercase", /lowercase letters/],
    ["-leading-hyphen", /starting and ending with a letter or digit/],
    ["trailing.", /starting and ending/],
    ["two..dots", /two adjacent dots/],
    ["192.168.1.1", /IP address/],
    ["xn--bucket", /starts with "xn--"/],
    ["sthree-bucket", /starts with "sthree-"/],
    ["bucket-s3alias", /ends with "-s3alias"/],
    ["bucket--ol-s3", /ends with "--ol-s3"/],
    ["under_score", /lowercase letters/],
  ];
  it("accepts valid names", () => {
    for (const name of valid) assert.strictEqual(bucketNameProblem(name), undefined, name);
  });
  for (const [name, problem] of invalid) {
    it(`rejects "${name.slice(0, 20)}"`, () => {
      assert.match(bucketNameProblem(name) ?? "accepted", problem);
    });
  }
});
