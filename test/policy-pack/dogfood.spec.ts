// Dogfood: every resource the project's two shipped stacks register (under Pulumi mocks, through
// test/harness/stacks.ts) goes through every policy of the pack with zero violations; the same
// bucket policy with the guide's two mistakes put back in does not.
import { ResourceValidationArgs } from "@pulumi/policy";
import * as assert from "assert";
import { policies } from "../../policy-pack/policies";
import { BUCKET_ARN, ROOT_ARN, guideBucketPolicy } from "../harness/policyDocuments";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import { stackFileConfig, stackAccountId } from "../harness/stackFiles";
import { RegisteredResource, StackRun, onlyOfType, runShippedStacks } from "../harness/stacks";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

interface Judgement {
  resource: string;
  policy: string;
  violations: string[];
  applicable: boolean;
}

async function judge(resource: RegisteredResource): Promise<Judgement[]> {
  return Promise.all(
    policies.map(async (policy) => {
      const outcome = await runPolicy(policy, resourceArgs(resource.type, resource.inputs));
      return {
        resource: `${resource.type} ${resource.name}`,
        policy: policy.name,
        violations: outcome.violations,
        applicable: outcome.notApplicable === undefined,
      };
    }),
  );
}

/** The registered bucket policy with its document rewritten by `change`. */
function withDocument(
  resource: RegisteredResource,
  change: (statement: Record<string, unknown>) => Record<string, unknown>,
) {
  const document = JSON.parse(String(resource.inputs.policy)) as {
    Statement: Record<string, unknown>[];
  };
  const Statement = document.Statement.map((s) => (s.Effect === "Allow" ? change(s) : s));
  return resourceArgs(resource.type, {
    ...resource.inputs,
    policy: JSON.stringify({ ...document, Statement }),
  });
}

async function violationsOf(args: ResourceValidationArgs, policyName: string): Promise<string[]> {
  const policy = policies.find((p) => p.name === policyName);
  assert.ok(policy, policyName);
  return (await runPolicy(policy, args)).violations;
}

describe("dogfood: the project's own stacks through the policy pack", function () {
  this.timeout(60_000);
  let writer: StackRun;
  let bucket: StackRun;
  let judgements: Judgement[];

  before(async () => {
    ({ writer, bucket } = await runShippedStacks());
    const resources = [...writer.resources, ...bucket.resources];
    judgements = (await Promise.all(resources.map(judge))).flat();
  });

  it("reports no violation on any resource of account-a or account-b", () => {
    const found = judgements.filter((j) => j.violations.length > 0);
    assert.deepStrictEqual(found, []);
  });

  it("actually judged the bucket policy and the writer's identity policy", () => {
    const applied = new Set(judgements.filter((j) => j.applicable).map((j) => j.policy));
    // The shipped stacks keep the defaults: SSE-S3 and no VPC, so no key or endpoint policy.
    const unused = ["kms-key-policy-no-broad-grants", "vpc-endpoint-policy-no-full-s3-access"];
    assert.deepStrictEqual(
      policies.map((p) => p.name).filter((name) => !applied.has(name)),
      unused,
    );
  });

  it("rejects the shipped bucket policy with the root of account A as principal", async () => {
    const accountA = stackAccountId(stackFileConfig("account-a"));
    const root = `arn:aws:iam::${accountA}:root`;
    const args = withDocument(onlyOfType(bucket, BUCKET_POLICY), (s) => ({
      ...s,
      Principal: { AWS: root },
    }));
    const [message] = await violationsOf(args, "s3-bucket-policy-no-account-root-principal");
    assert.match(message ?? "", /Use the Lambda execution role ARN, not the account root/);
  });

  it("rejects the shipped bucket policy with the bucket ARN as Resource", async () => {
    const bucketArnOnly = (s: Record<string, unknown>) => ({
      ...s,
      Resource: String(s.Resource).replace(/\/.*$/, ""),
    });
    const args = withDocument(onlyOfType(bucket, BUCKET_POLICY), bucketArnOnly);
    const [message] = await violationsOf(
      args,
      "s3-bucket-policy-object-resources-end-with-slash-star",
    );
    assert.match(message ?? "", /only on arn:aws:s3:::[a-z0-9.-]+, which is not an object/);
    assert.match(message ?? "", /Make sure it ends with \/\*/);
  });

  it("rejects the guide's own bucket policy with the root of account A, and on the bucket ARN", async () => {
    const root = await violationsOf(
      resourceArgs(BUCKET_POLICY, {
        bucket: "my-target-bucket",
        policy: JSON.stringify(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })),
      }),
      "s3-bucket-policy-no-account-root-principal",
    );
    const bucketArn = await violationsOf(
      resourceArgs(BUCKET_POLICY, {
        bucket: "my-target-bucket",
        policy: JSON.stringify(guideBucketPolicy({ Resource: BUCKET_ARN })),
      }),
      "s3-bucket-policy-object-resources-end-with-slash-star",
    );
    assert.strictEqual(root.length, 1);
    assert.strictEqual(bucketArn.length, 1);
  });
});
