// What AWS computes when a resource is created (ARNs, generated names, unique ids, EC2 ids), for
// the resource types this program registers: the mock engine's answers.
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";

function digest(text: string, length: number): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, length);
}

const EC2_ID_PREFIXES: Record<string, string> = {
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
};

/** The id AWS would give: `sg-...`, `vpce-...` for EC2 resources, else `<name>-id`. */
export function mockId(args: pulumi.runtime.MockResourceArgs): string {
  const prefix = EC2_ID_PREFIXES[args.type];
  return prefix ? `${prefix}-${digest(args.name, 17)}` : `${args.name}-id`;
}

/** What AWS computes on create, for the resource types this program registers. */
export function computedState(
  args: pulumi.runtime.MockResourceArgs,
  account: string,
  region: string,
  incarnation: number,
): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const generatedName = (prefix = `${args.name}-`) => `${prefix}${digest(args.name, 7)}`;
  switch (args.type) {
    case "aws:iam/role:Role": {
      const name = (inputs.name as string | undefined) ?? generatedName();
      const uniqueId = `AROA${digest(`${name}#${incarnation}`, 17).toUpperCase()}`;
      return { name, arn: `arn:aws:iam::${account}:role/${name}`, uniqueId };
    }
    case "aws:cloudwatch/logGroup:LogGroup": {
      const name = generatedName(inputs.namePrefix as string | undefined);
      return { name, arn: `arn:aws:logs:${region}:${account}:log-group:${name}` };
    }
    case "aws:sqs/queue:Queue": {
      const name = generatedName();
      return {
        name,
        arn: `arn:aws:sqs:${region}:${account}:${name}`,
        url: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
      };
    }
    case "aws:lambda/function:Function": {
      const name = generatedName();
      return { name, arn: `arn:aws:lambda:${region}:${account}:function:${name}` };
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = inputs.bucket as string;
      return { bucket, arn: `arn:aws:s3:::${bucket}` };
    }
    case "aws:kms/key:Key": {
      const hex = digest(args.name, 32);
      const keyId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { keyId, arn: `arn:aws:kms:${region}:${account}:key/${keyId}` };
    }
    case "aws:kms/alias:Alias":
      return { arn: `arn:aws:kms:${region}:${account}:${inputs.name as string}` };
    case "aws:ec2/securityGroup:SecurityGroup":
      return { arn: `arn:aws:ec2:${region}:${account}:security-group/${mockId(args)}` };
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return {
        arn: `arn:aws:ec2:${region}:${account}:vpc-endpoint/${mockId(args)}`,
        prefixListId: `pl-${digest(`${region}-s3`, 8)}`,
      };
    default:
      return {};
  }
}
