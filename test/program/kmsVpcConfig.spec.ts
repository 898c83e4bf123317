// The configuration of SSE-KMS and of a function in a VPC: every mistake names its key and the fix,
// starting from the fixture stack files that use them.
import * as assert from "assert";
import { ConfigError } from "../../components/config";
import { kmsKeyArnProblem, regionProblem } from "../../components/validation";
import { readVpcConfig } from "../../components/vpcConfig";
import { stackFixtures } from "../harness/paths";
import { stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { runStack } from "../harness/stacks";

type Changes = Record<string, string | undefined>;

async function problemsOf(dir: string, stack: string, changes: Changes): Promise<string[]> {
  const config = withProjectConfig(stackFileConfig(stack, stackFixtures(dir)), changes);
  try {
    await runStack({ stack, config });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`${dir}/${stack} accepted ${JSON.stringify(changes)}`);
}

const KEY = "arn:aws:kms:ca-central-1:424242424242:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const VPC = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetIds: ["subnet-0aa11bb22cc33dd44"] };

const cases: { what: string; dir: string; stack: string; changes: Changes; problem: RegExp }[] = [
  {
    what: "an encryption mode that does not exist",
    dir: "sse-kms",
    stack: "account-a",
    changes: { encryption: "aws:kms" },
    problem:
      /^cross-account-s3-upload:encryption: "aws:kms" is not an encryption mode of this project; use sse-s3 or sse-kms\. Fix: pulumi config set encryption/,
  },
  {
    what: "a kmsKeyArn that is an alias",
    dir: "sse-kms",
    stack: "account-b",
    changes: { kmsKeyArn: "arn:aws:kms:ca-central-1:424242424242:alias/uploads" },
    problem: /^cross-account-s3-upload:kmsKeyArn: ".*alias\/uploads" is an alias; give the key ARN/,
  },
  {
    what: "a kmsKeyArn of another region than the bucket's",
    dir: "sse-kms",
    stack: "account-b",
    changes: { kmsKeyArn: KEY.replace("ca-central-1", "us-east-1") },
    problem:
      /is a key in us-east-1, but the bucket is in ca-central-1; S3 only uses a key of the bucket's region/,
  },
  {
    what: "a kmsKeyArn of account A",
    dir: "sse-kms",
    stack: "account-b",
    changes: { kmsKeyArn: KEY.replace("424242424242", "313131313131") },
    problem: /is a key of account 313131313131, not of the bucket's account 424242424242/,
  },
  {
    what: "a kmsKeyArn with SSE-S3",
    dir: "sse-kms",
    stack: "account-b",
    changes: { encryption: "sse-s3", kmsKeyArn: KEY },
    problem:
      /^cross-account-s3-upload:kmsKeyArn: names a key, but encryption is sse-s3\. Fix: pulumi config set encryption sse-kms \(in both stacks\), or pulumi config rm kmsKeyArn$/,
  },
  {
    what: "a kmsKeyArn in the writer's stack",
    dir: "sse-kms",
    stack: "account-a",
    changes: { kmsKeyArn: KEY },
    problem: /^cross-account-s3-upload:kmsKeyArn: only applies to the other side/,
  },
  {
    what: "a bucketRegion other than the region the bucket stack deploys into",
    dir: "sse-kms",
    stack: "account-b",
    changes: { bucketRegion: "eu-west-1" },
    problem:
      /^cross-account-s3-upload:bucketRegion: is eu-west-1, but this stack creates the bucket in aws:region ca-central-1\. Fix: pulumi config rm bucketRegion/,
  },
  {
    what: "a bucketRegion that is no region",
    dir: "sse-kms",
    stack: "account-a",
    changes: { bucketRegion: "Frankfurt" },
    problem: /^cross-account-s3-upload:bucketRegion: "Frankfurt" is not an AWS region name/,
  },
  {
    what: "a function in a VPC of another region than the bucket's",
    dir: "vpc",
    stack: "account-a",
    changes: { bucketRegion: "ap-southeast-4" },
    problem:
      /^cross-account-s3-upload:vpc: the function would run in ap-southeast-2, but the bucket is in ap-southeast-4 \(bucketRegion\), and an S3 gateway endpoint only reaches buckets of its own region\. Fix: deploy the writer stack in ap-southeast-4/,
  },
  {
    what: "a writer in a VPC with no vpcId",
    dir: "vpc",
    stack: "account-a",
    changes: { vpc: JSON.stringify({ subnetIds: VPC.subnetIds }) },
    problem:
      /^cross-account-s3-upload:vpc\.vpcId: is required: the VPC of the function's subnets\. Fix: pulumi config set --path 'vpc\.vpcId' vpc-0123456789abcdef0$/,
  },
  {
    what: "a writer stack in AWS GovCloud, though SSE-S3 outside a VPC names no region",
    dir: "vpc",
    stack: "account-a",
    changes: { "aws:region": "us-gov-west-1", vpc: undefined },
    problem:
      /^aws:region: "us-gov-west-1" is a region of another AWS partition; this project supports only the standard aws partition \(its policies name arn:aws: and \*\.amazonaws\.com\)\. Fix: pulumi config set aws:region <region, e.g\. eu-west-1>$/,
  },
  {
    what: "an SSE-KMS writer in an AWS China region, named once (bucketRegion defaults to it)",
    dir: "sse-kms",
    stack: "account-a",
    changes: { "aws:region": "cn-north-1" },
    problem: /^aws:region: "cn-north-1" is a region of another AWS partition/,
  },
  {
    what: "a bucket stack in an AWS ISO region",
    dir: "sse-kms",
    stack: "account-b",
    changes: { "aws:region": "us-iso-east-1" },
    problem: /^aws:region: "us-iso-east-1" is a region of another AWS partition/,
  },
  {
    what: "a writer's bucketRegion in AWS GovCloud",
    dir: "vpc",
    stack: "account-a",
    changes: { bucketRegion: "us-gov-east-1", vpc: undefined },
    problem:
      /^cross-account-s3-upload:bucketRegion: "us-gov-east-1" is a region of another AWS partition/,
  },
  {
    what: "a writer role ARN of the GovCloud partition",
    dir: "sse-kms",
    stack: "account-b",
    changes: { writerRoleArns: JSON.stringify(["arn:aws-us-gov:iam::313131313131:role/uploader"]) },
    problem:
      /^cross-account-s3-upload:writerRoleArns\[0\]: "arn:aws-us-gov:iam::313131313131:role\/uploader" is an ARN of the aws-us-gov partition; this project supports only the standard aws partition/,
  },
  {
    what: "a kmsKeyArn of the China partition",
    dir: "sse-kms",
    stack: "account-b",
    changes: { kmsKeyArn: KEY.replace("arn:aws:", "arn:aws-cn:") },
    problem:
      /^cross-account-s3-upload:kmsKeyArn: "arn:aws-cn:kms:.*" is an ARN of the aws-cn partition; this project supports only the standard aws partition/,
  },
  {
    what: "a vpc in the bucket's stack",
    dir: "vpc",
    stack: "account-b",
    changes: { vpc: JSON.stringify(VPC) },
    problem: /^cross-account-s3-upload:vpc: only applies to the other side/,
  },
  {
    what: "a vpc subnet id that is a route table",
    dir: "vpc",
    stack: "account-a",
    changes: { vpc: JSON.stringify({ ...VPC, subnetIds: ["rtb-0123abcd4567ef890"] }) },
    problem:
      /^cross-account-s3-upload:vpc\.subnetIds\[0\]: "rtb-0123abcd4567ef890" is not a subnet id; write e\.g\. subnet-0123456789abcdef0\. Fix: pulumi config set --path 'vpc\.subnetIds\[0\]' subnet-0123456789abcdef0$/,
  },
  {
    what: "5 security groups of the team's: with the stack's release guard Lambda would get 6",
    dir: "sse-kms-vpc",
    stack: "account-a",
    changes: {
      vpc: JSON.stringify({
        ...VPC,
        securityGroupIds: [
          "sg-0b7a6c5d",
          "sg-1b7a6c5d",
          "sg-2b7a6c5d",
          "sg-3b7a6c5d",
          "sg-4b7a6c5d",
        ],
      }),
    },
    problem:
      /^cross-account-s3-upload:vpc\.securityGroupIds: lists 5 ids, more than 4: Lambda takes at most 5 per function and the stack adds its own release-guard group, which keeps pulumi destroy from removing the role before Lambda has deleted the function's network interfaces\. Fix: list at most 4 groups: merge the rules of two of yours into one$/,
  },
];

describe("configuration of SSE-KMS and of a function in a VPC", () => {
  for (const { what, dir, stack, changes, problem } of cases) {
    it(`refuses ${what}, naming the key and the fix`, async () => {
      const problems = await problemsOf(dir, stack, changes);
      assert.strictEqual(problems.length, 1, problems.join("\n"));
      assert.match(problems[0], problem);
    });
  }

  it("reads vpc as the CLI passes it, and names each bad field under vpc", () => {
    assert.deepStrictEqual(readVpcConfig(VPC), { vpc: VPC, problems: [] });
    const { problems } = readVpcConfig({
      vpcId: "vpc-12",
      subnetIds: ["subnet-0c1d2e3f", "subnet-0c1d2e3f"],
      securityGroupIds: [],
      routeTable: ["rtb-0123abcd"],
    });
    assert.deepStrictEqual(
      problems.map((p) => `${p.key}: ${p.text}`),
      [
        "vpc.routeTable: is not a field of vpc; the fields are vpcId, subnetIds, securityGroupIds, routeTableIds",
        'vpc.vpcId: "vpc-12" is not a vpc id; write e.g. vpc-0123456789abcdef0',
        "vpc.subnetIds[1]: is listed twice",
        "vpc.securityGroupIds: must be a non-empty list of ids",
      ],
    );
    assert.match(readVpcConfig("vpc-0a1b2c3d").problems[0].text, /^must be a map/);
    assert.deepStrictEqual(
      readVpcConfig({ vpcId: VPC.vpcId }).problems.map((p) => p.key),
      ["vpc.subnetIds"],
    );
    const many = Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, "0")}`);
    assert.match(
      readVpcConfig({ ...VPC, subnetIds: many }).problems[0].text,
      /^lists 17 ids, more than 16: Lambda takes at most 16$/,
    );
  });

  it("accepts region names of the standard partition only, naming the partition problem", () => {
    for (const region of ["eu-west-1", "ap-southeast-4", "mx-central-1", "il-central-1"]) {
      assert.strictEqual(regionProblem(region), undefined, region);
    }
    // AWS GovCloud, China, the ISO regions and the European Sovereign Cloud (SDK partitions.json).
    for (const region of [
      "us-gov-west-1",
      "cn-north-1",
      "cn-northwest-1",
      "us-iso-east-1",
      "us-isob-east-1",
      "us-isof-south-1",
      "eu-isoe-west-1",
      "eusc-de-east-1",
    ]) {
      assert.match(regionProblem(region) ?? "accepted", /another AWS partition/, region);
    }
    for (const region of ["EU-WEST-1", "eu-west", "euwest1", "eu-west-1a"]) {
      assert.match(regionProblem(region) ?? "accepted", /is not an AWS region name/, region);
    }
  });

  it("accepts a multi-Region key ARN of the bucket's account and region", () => {
    const mrk = "arn:aws:kms:ca-central-1:424242424242:key/mrk-1a2b3c4d5e6f40718293a4b5c6d7e8f9";
    assert.strictEqual(kmsKeyArnProblem(mrk, "424242424242", "ca-central-1"), undefined);
    assert.strictEqual(kmsKeyArnProblem(KEY, "424242424242", "ca-central-1"), undefined);
  });
});
