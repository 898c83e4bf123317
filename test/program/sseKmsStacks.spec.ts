// SSE-KMS as the stacks plan it under Pulumi's mock engine: B's key and its policy, the bucket's
// default encryption with a Bucket Key, the writer's grant on B's keys, and the target check.
import * as assert from "assert";
import { keyPolicy, keyUserStatements, writerKeyUseStatement } from "../../components/kmsPolicies";
import { PolicyDocument, bucketPolicy } from "../../components/policies";
import { stackFixtures } from "../harness/paths";
import { qualifiedStackName, stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, ofType, onlyOfType, runStack } from "../harness/stacks";
import { usePlannedPair } from "./hooks";

const SSE_KMS = stackFixtures("sse-kms");
const BOTH = stackFixtures("sse-kms-vpc");
const TARGET = {
  bucketName: "ledger-drop-424242424242",
  prefix: "ledgers/daily/",
  bucketAccountId: "424242424242",
  objectOwnership: "BucketOwnerEnforced" as const,
  encryption: "sse-kms" as const,
  bucketRegion: "ca-central-1",
};

const json = (run: StackRun, type: string, name: string): PolicyDocument =>
  JSON.parse(onlyOfType(run, type).inputs[name] as string);

function writerRole(writer: StackRun) {
  return {
    roleArn: writer.outputs.roleArn as string,
    roleUniqueId: writer.outputs.roleUniqueId as string,
  };
}

describe("SSE-KMS stacks (the sse-kms fixture under mocks)", () => {
  const stacks = usePlannedPair(SSE_KMS);

  it("creates a rotated customer managed key whose policy is keyPolicy() for A's role", () => {
    const key = onlyOfType(stacks.bucket, "aws:kms/key:Key");
    assert.strictEqual(key.inputs.enableKeyRotation, true);
    assert.strictEqual(key.inputs.deletionWindowInDays, 30);
    assert.deepStrictEqual(
      json(stacks.bucket, "aws:kms/key:Key", "policy"),
      keyPolicy(TARGET, [writerRole(stacks.writer)]),
    );
  });

  it("names the key with an alias after the bucket", () => {
    const alias = onlyOfType(stacks.bucket, "aws:kms/alias:Alias").inputs;
    assert.strictEqual(alias.name, "alias/s3/ledger-drop-424242424242");
    assert.strictEqual(alias.targetKeyId, onlyOfType(stacks.bucket, "aws:kms/key:Key").state.keyId);
  });

  it("turns a bucket name's dots into hyphens in the alias, which allows no dots", async () => {
    const dotted = { bucketName: "ledger.drop.424242424242" };
    const writerConfig = withProjectConfig(stackFileConfig("account-a", SSE_KMS), dotted);
    const dottedWriter = await runStack({ stack: "account-a", config: writerConfig });
    const run = await runStack({
      stack: "account-b",
      config: withProjectConfig(stackFileConfig("account-b", SSE_KMS), dotted),
      stackOutputs: { [qualifiedStackName("account-a")]: dottedWriter.outputs },
    });
    const alias = onlyOfType(run, "aws:kms/alias:Alias").inputs;
    assert.strictEqual(alias.name, "alias/s3/ledger-drop-424242424242");
  });

  it("encrypts new objects with that key by default, with an S3 Bucket Key", () => {
    const keyArn = onlyOfType(stacks.bucket, "aws:kms/key:Key").state.arn;
    const encryption = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ).inputs;
    assert.deepStrictEqual(encryption.rules, [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      },
    ]);
    assert.deepStrictEqual(stacks.bucket.outputs.kmsKeyArn, keyArn);
    assert.strictEqual(stacks.bucket.outputs.kmsKeyAlias, "alias/s3/ledger-drop-424242424242");
  });

  it("writes the bucket policy with the key's ARN in the Deny of any other encryption", () => {
    const keyArn = onlyOfType(stacks.bucket, "aws:kms/key:Key").state.arn as string;
    const policy = json(stacks.bucket, "aws:s3/bucketPolicy:BucketPolicy", "policy");
    assert.deepStrictEqual(policy, bucketPolicy(TARGET, [writerRole(stacks.writer)], keyArn));
    assert.deepStrictEqual(policy.Statement.at(-1)?.Condition, {
      Null: { "s3:x-amz-server-side-encryption": "false" },
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
    });
  });

  it("grants the writer B's keys of the bucket's region, only through S3 for this bucket", () => {
    const policy = json(stacks.writer, "aws:iam/rolePolicy:RolePolicy", "policy");
    const statement = policy.Statement.find((s) => s.Sid === "UseBucketKeyThroughS3");
    assert.deepStrictEqual(statement, writerKeyUseStatement(TARGET));
    assert.deepStrictEqual(statement, {
      Sid: "UseBucketKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "arn:aws:kms:ca-central-1:424242424242:key/*",
      Condition: {
        StringEquals: {
          "kms:ViaService": "s3.ca-central-1.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::ledger-drop-424242424242",
        },
      },
    });
    assert.deepStrictEqual(stacks.writer.outputs.target, TARGET);
  });

  /** The sse-kms bucket stack, planned against its writer planned with `changes`. */
  async function bucketAgainstWriter(changes: Record<string, string | undefined>) {
    const config = withProjectConfig(stackFileConfig("account-a", SSE_KMS), changes);
    const writer = await runStack({ stack: "account-a", config });
    return runStack({
      stack: "account-b",
      config: stackFileConfig("account-b", SSE_KMS),
      stackOutputs: { [qualifiedStackName("account-a")]: writer.outputs },
    });
  }

  it("refuses a writer stack that targets the bucket with SSE-S3", async () => {
    await assert.rejects(
      bucketAgainstWriter({ encryption: undefined }),
      /different target \(encryption is "sse-s3" there but "sse-kms" here\)/,
    );
  });

  it("refuses a writer in another region that does not name the bucket's, saying how", async () => {
    await assert.rejects(
      bucketAgainstWriter({ "aws:region": "us-west-2" }),
      /bucketRegion is "us-west-2" there but "ca-central-1" here\)\. Set the same values in both stack files \(for the region: pulumi config set bucketRegion ca-central-1 on the writer stack\)/,
    );
  });

  it("treats a writer deployed before encryption existed as SSE-S3, in any region", async () => {
    const legacy = structuredClone(stacks.writer.outputs) as { target: Record<string, unknown> };
    delete legacy.target.encryption;
    delete legacy.target.bucketRegion;
    const stackOutputs = { [qualifiedStackName("account-a")]: legacy };
    await assert.rejects(
      runStack({ stack: "account-b", config: stackFileConfig("account-b", SSE_KMS), stackOutputs }),
      /encryption is "sse-s3" there but "sse-kms" here/,
    );
    const sseS3 = withProjectConfig(stackFileConfig("account-b", SSE_KMS), {
      encryption: undefined,
    });
    const run = await runStack({ stack: "account-b", config: sseS3, stackOutputs });
    assert.deepStrictEqual(ofType(run, "aws:kms/key:Key"), []);
  });
});

describe("SSE-KMS with an existing key (the sse-kms-vpc fixture under mocks)", () => {
  const stacks = usePlannedPair(BOTH);

  it("creates no key, encrypts with the one given and exports the statements to add", () => {
    const keyArn = stackFileConfig("account-b", BOTH)["cross-account-s3-upload:kmsKeyArn"];
    assert.deepStrictEqual(ofType(stacks.bucket, "aws:kms/key:Key"), []);
    const encryption = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ).inputs.rules as { applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }[];
    assert.strictEqual(encryption[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, keyArn);
    const target = { ...TARGET, ...(stacks.writer.outputs.target as object) };
    assert.deepStrictEqual(
      stacks.bucket.outputs.keyPolicyStatements,
      keyUserStatements(target, [writerRole(stacks.writer)]),
    );
    assert.match(
      (stacks.bucket.outputs.assumptions as string[])[0],
      /^the policy of the existing key arn:aws:kms:eu-central-1:848484848484:key\/mrk-\w+ holds the statements of keyPolicyStatements \(AllowBucketKeyUseByAROA\w+\)/,
    );
  });
});
