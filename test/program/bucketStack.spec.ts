import * as assert from "assert";
import { PolicyDocument, bucketPolicy } from "../../components/policies";
import { secret } from "../harness/engineValues";
import { EXAMPLE_STACKS } from "../harness/paths";
import { qualifiedStackName, stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, ofType, onlyOfType, runStack } from "../harness/stacks";
import { usePlannedPair } from "./hooks";

const WRITER_STACK = qualifiedStackName("account-a");

function policyOf(run: StackRun): PolicyDocument {
  return JSON.parse(onlyOfType(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy as string);
}

/** Runs account A with a different role name or incarnation, for fan-in and recreation cases. */
async function writerOutputs(
  stack: string,
  changes: Record<string, string | undefined> = {},
  roleIncarnation = 0,
): Promise<Record<string, unknown>> {
  const config = withProjectConfig(stackFileConfig("account-a", EXAMPLE_STACKS), changes);
  return (await runStack({ stack, config, roleIncarnation })).outputs;
}

async function runBucket(
  stackOutputs: Record<string, Record<string, unknown>>,
  changes: Record<string, string | undefined> = {},
): Promise<StackRun> {
  const config = withProjectConfig(stackFileConfig("account-b", EXAMPLE_STACKS), changes);
  return runStack({ stack: "account-b", config, stackOutputs });
}

describe("account B stack (the example fixture under mocks)", () => {
  const stacks = usePlannedPair(EXAMPLE_STACKS);

  it("registers the bucket side and reads account A's stack", () => {
    assert.deepStrictEqual(stacks.bucket.resources.map((r) => r.type).sort(), [
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "cross-account-s3-upload:link:BucketSide",
      "pulumi:pulumi:StackReference",
    ]);
    const ref = onlyOfType(stacks.bucket, "pulumi:pulumi:StackReference");
    assert.strictEqual(ref.inputs.name, WRITER_STACK);
  });

  it("creates the configured bucket, kept on destroy unless forceDestroy is set", () => {
    const { inputs } = onlyOfType(stacks.bucket, "aws:s3/bucket:Bucket");
    assert.deepStrictEqual(inputs, {
      bucket: "example-cross-account-uploads-222222222222",
      forceDestroy: false,
    });
  });

  it("enforces bucket-owner ownership, blocks all public access and encrypts by default", () => {
    const bucketId = "uploads-id";
    const ownership = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    );
    assert.deepStrictEqual(ownership.inputs, {
      bucket: bucketId,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const block = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    );
    assert.deepStrictEqual(block.inputs, {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const encryption = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    assert.deepStrictEqual(encryption.inputs.rules, [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });

  it("clears parts of abandoned multipart uploads under the prefix after a day", () => {
    const lifecycle = onlyOfType(
      stacks.bucket,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    );
    assert.deepStrictEqual(lifecycle.inputs, {
      bucket: "uploads-id",
      rules: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: { prefix: "uploads/" },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
    });
  });

  it("trusts account A's exported role ARN, byte for byte, on bucket/prefix* only", () => {
    const policy = policyOf(stacks.bucket);
    const allows = policy.Statement.filter((s) => s.Effect === "Allow");
    assert.strictEqual(allows.length, 1);
    assert.deepStrictEqual(allows[0].Principal, { AWS: stacks.writer.outputs.roleArn });
    assert.strictEqual(
      allows[0].Resource,
      "arn:aws:s3:::example-cross-account-uploads-222222222222/uploads/*",
    );
  });

  it("is exactly the document the policy module writes for A's role", () => {
    const expected = bucketPolicy(
      stacks.writer.outputs.target as Parameters<typeof bucketPolicy>[0],
      [
        {
          roleArn: stacks.writer.outputs.roleArn as string,
          roleUniqueId: stacks.writer.outputs.roleUniqueId as string,
        },
      ],
    );
    assert.deepStrictEqual(policyOf(stacks.bucket), expected);
  });

  it("attaches the policy to the bucket it created", () => {
    const policy = onlyOfType(stacks.bucket, "aws:s3/bucketPolicy:BucketPolicy");
    assert.strictEqual(policy.inputs.bucket, "uploads-id");
  });

  it("exports the bucket name and ARN and the roles it trusts", () => {
    assert.deepStrictEqual(stacks.bucket.outputs, {
      side: "bucket",
      bucketName: "example-cross-account-uploads-222222222222",
      bucketArn: "arn:aws:s3:::example-cross-account-uploads-222222222222",
      uploadPrefix: "uploads/",
      writerRoleArns: [stacks.writer.outputs.roleArn],
    });
  });

  it("rewrites the bucket policy when A's role is recreated with the same ARN", async () => {
    const recreated = await writerOutputs("account-a", {}, 1);
    assert.strictEqual(recreated.roleArn, stacks.writer.outputs.roleArn);
    assert.notStrictEqual(recreated.roleUniqueId, stacks.writer.outputs.roleUniqueId);
    const after = await runBucket({ [WRITER_STACK]: recreated });
    assert.notDeepStrictEqual(policyOf(after), policyOf(stacks.bucket));
    assert.ok(JSON.stringify(policyOf(after)).includes(recreated.roleUniqueId as string));
  });

  it("gives each of several writer stacks its own statement (fan-in)", async () => {
    const second = qualifiedStackName("account-c");
    const secondOutputs = await writerOutputs("account-c", {
      "aws:allowedAccountIds": JSON.stringify(["333333333333"]),
    });
    const run = await runBucket(
      { [WRITER_STACK]: stacks.writer.outputs, [second]: secondOutputs },
      { writerStacks: JSON.stringify([WRITER_STACK, second]) },
    );
    assert.strictEqual(ofType(run, "pulumi:pulumi:StackReference").length, 2);
    const allows = policyOf(run).Statement.filter((s) => s.Effect === "Allow");
    assert.deepStrictEqual(
      allows.map((s) => s.Principal),
      [{ AWS: stacks.writer.outputs.roleArn }, { AWS: secondOutputs.roleArn }],
    );
    assert.notStrictEqual(stacks.writer.outputs.roleArn, secondOutputs.roleArn);
  });

  it("also trusts writer roles given directly in writerRoleArns", async () => {
    const external = "arn:aws:iam::333333333333:role/partner-uploader";
    const run = await runBucket(
      { [WRITER_STACK]: stacks.writer.outputs },
      { writerRoleArns: JSON.stringify([external]) },
    );
    const principals = policyOf(run)
      .Statement.filter((s) => s.Effect === "Allow")
      .map((s) => s.Principal);
    assert.deepStrictEqual(principals, [{ AWS: stacks.writer.outputs.roleArn }, { AWS: external }]);
  });

  it("reads a roleArn that the writer stack exports as a secret", async () => {
    const run = await runBucket({
      [WRITER_STACK]: { ...stacks.writer.outputs, roleArn: secret(stacks.writer.outputs.roleArn) },
    });
    assert.deepStrictEqual(policyOf(run), policyOf(stacks.bucket));
  });

  it("references a writer by its bare stack name, as a legacy self-managed backend names it", async () => {
    const run = await runBucket(
      { "account-a": stacks.writer.outputs },
      { writerStacks: JSON.stringify(["account-a"]) },
    );
    assert.strictEqual(onlyOfType(run, "pulumi:pulumi:StackReference").inputs.name, "account-a");
    assert.deepStrictEqual(policyOf(run), policyOf(stacks.bucket));
  });

  it("trusts a writer of another region with SSE-S3 outside a VPC: it exports no bucketRegion", async () => {
    const elsewhere = await writerOutputs("account-a", { "aws:region": "ap-northeast-3" });
    assert.strictEqual("bucketRegion" in (elsewhere.target as object), false);
    const run = await runBucket({ [WRITER_STACK]: elsewhere });
    assert.deepStrictEqual(run.outputs.writerRoleArns, [elsewhere.roleArn]);
  });

  describe("refuses a writer it cannot trust safely", () => {
    it("a writer stack that names another bucketRegion", async () => {
      const drifted = await writerOutputs("account-a", {
        "aws:region": "ap-northeast-3",
        bucketRegion: "ap-northeast-3",
      });
      await assert.rejects(
        runBucket({ [WRITER_STACK]: drifted }),
        /different target \(bucketRegion is "ap-northeast-3" there but "eu-west-1" here\)/,
      );
    });

    it("a writer stack that has not been deployed yet", async () => {
      await assert.rejects(
        runBucket({}),
        /writer stack "organization\/cross-account-s3-upload\/account-a".*exports no roleArn.*Deploy the writer stack first/,
      );
    });

    it("a writer stack that exports no roleArn", async () => {
      const withoutRoleArn = { ...stacks.writer.outputs };
      delete withoutRoleArn.roleArn;
      await assert.rejects(
        runBucket({ [WRITER_STACK]: withoutRoleArn }),
        /exports no roleArn\/roleUniqueId\. Deploy the writer stack first/,
      );
    });

    it("a writer stack whose target bucket or prefix drifted from this stack's", async () => {
      const drifted = await writerOutputs("account-a", { prefix: "incoming/" });
      await assert.rejects(
        runBucket({ [WRITER_STACK]: drifted }),
        /different target \(prefix is "incoming\/" there but "uploads\/" here\)/,
      );
    });

    it("a writer stack whose roleArn output is an account root", async () => {
      await assert.rejects(
        runBucket({
          [WRITER_STACK]: { ...stacks.writer.outputs, roleArn: "arn:aws:iam::111111111111:root" },
        }),
        /roleArn output is unusable: .*account root.*use the Lambda execution role ARN/,
      );
    });

    it("the same role listed twice", async () => {
      await assert.rejects(
        runBucket(
          { [WRITER_STACK]: stacks.writer.outputs },
          { writerRoleArns: JSON.stringify([stacks.writer.outputs.roleArn]) },
        ),
        /is listed twice/,
      );
    });
  });
});
