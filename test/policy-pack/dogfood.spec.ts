// Dogfood: every resource the program registers (under Pulumi mocks, through
// test/harness/stacks.ts) for each setup of test/fixtures/stacks goes through every policy of the
// pack with zero violations; the same bucket policy with the guide's two mistakes put back in does
// not. The shipped Pulumi.account-*.yaml are examples the user overwrites, so not used here.
import { ResourceValidationArgs } from "@pulumi/policy";
import * as assert from "assert";
import { policies } from "../../policy-pack/policies";
import { BUCKET_ARN, ROOT_ARN, guideBucketPolicy } from "../harness/policyDocuments";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import { EXAMPLE_STACKS, stackFixtures } from "../harness/paths";
import { stackFileConfig, stackAccountId } from "../harness/stackFiles";
import { RegisteredResource, StackRun, onlyOfType, runStackPair } from "../harness/stacks";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KMS_RULE = "kms-key-policy-no-broad-grants";
const ENDPOINT_RULE = "vpc-endpoint-policy-no-full-s3-access";

/** Each setup of test/fixtures/stacks and the policies none of its resources is judged by. */
const SETUPS: { setup: string; unused: string[]; why: string }[] = [
  { setup: "example", unused: [KMS_RULE, ENDPOINT_RULE], why: "SSE-S3, no VPC" },
  { setup: "acme", unused: [KMS_RULE, ENDPOINT_RULE], why: "SSE-S3, no VPC" },
  { setup: "sse-kms", unused: [ENDPOINT_RULE], why: "a key created, no VPC" },
  { setup: "vpc", unused: [KMS_RULE], why: "SSE-S3, a gateway endpoint created" },
  {
    setup: "sse-kms-vpc",
    unused: [KMS_RULE, ENDPOINT_RULE],
    why: "an existing key and a VPC that already routes to S3",
  },
];

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

async function judgeAll(run: { writer: StackRun; bucket: StackRun }): Promise<Judgement[]> {
  const resources = [...run.writer.resources, ...run.bucket.resources];
  return (await Promise.all(resources.map(judge))).flat();
}

describe("dogfood: the program's own resources through the policy pack", function () {
  this.timeout(60_000);

  it("has setups that between them put every policy of the pack to work", () => {
    const unusedEverywhere = policies
      .map((p) => p.name)
      .filter((name) => SETUPS.every(({ unused }) => unused.includes(name)));
    assert.deepStrictEqual(unusedEverywhere, []);
  });

  for (const { setup, unused, why } of SETUPS) {
    describe(`test/fixtures/stacks/${setup} (${why})`, () => {
      let judgements: Judgement[];

      before(async () => {
        judgements = await judgeAll(await runStackPair(stackFixtures(setup)));
      });

      it("reports no violation on any resource of account-a or account-b", () => {
        const found = judgements.filter((j) => j.violations.length > 0);
        assert.deepStrictEqual(found, []);
      });

      it(`judged its resources by every policy but ${unused.join(", ")}`, () => {
        const applied = new Set(judgements.filter((j) => j.applicable).map((j) => j.policy));
        assert.deepStrictEqual(
          policies.map((p) => p.name).filter((name) => !applied.has(name)),
          unused,
        );
      });
    });
  }

  describe("the example setup's bucket policy with the guide's mistakes put back in", () => {
    let bucket: StackRun;

    before(async () => {
      ({ bucket } = await runStackPair(EXAMPLE_STACKS));
    });

    it("is rejected with the root of account A as principal", async () => {
      const accountA = stackAccountId(stackFileConfig("account-a", EXAMPLE_STACKS));
      const root = `arn:aws:iam::${accountA}:root`;
      const args = withDocument(onlyOfType(bucket, BUCKET_POLICY), (s) => ({
        ...s,
        Principal: { AWS: root },
      }));
      const [message] = await violationsOf(args, "s3-bucket-policy-no-account-root-principal");
      assert.match(message ?? "", /Use the Lambda execution role ARN, not the account root/);
    });

    it("is rejected with the bucket ARN as Resource", async () => {
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
