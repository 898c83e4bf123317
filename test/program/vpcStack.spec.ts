// A writer function in a VPC as the stack plans it under Pulumi's mock engine: its subnets and
// security group, the S3 gateway endpoint and its policy, the network-interface grant, and what
// a VPC without routeTableIds must already provide.
import * as assert from "assert";
import { networkInterfaceStatements } from "../../components/networkPolicies";
import { PolicyDocument, gatewayEndpointPolicy } from "../../components/policies";
import { stackFixtures } from "../harness/paths";
import { stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, ofType, onlyOfType, runStack } from "../harness/stacks";
import { usePlannedWriter } from "./hooks";

const VPC = stackFixtures("vpc");
const BOTH = stackFixtures("sse-kms-vpc");

const rolePolicy = (run: StackRun): PolicyDocument =>
  JSON.parse(onlyOfType(run, "aws:iam/rolePolicy:RolePolicy").inputs.policy as string);

describe("a writer in a VPC with routeTableIds (the vpc fixture under mocks)", () => {
  const stacks = usePlannedWriter(VPC);

  it("creates an S3 gateway endpoint on the route tables, its policy from policies.ts", () => {
    const endpoint = onlyOfType(stacks.writer, "aws:ec2/vpcEndpoint:VpcEndpoint").inputs;
    assert.strictEqual(endpoint.vpcId, "vpc-0a1b2c3d4e5f60718");
    assert.strictEqual(endpoint.serviceName, "com.amazonaws.ap-southeast-2.s3");
    assert.strictEqual(endpoint.vpcEndpointType, "Gateway");
    assert.deepStrictEqual(endpoint.routeTableIds, ["rtb-0123abcd4567ef890"]);
    const target = stacks.writer.outputs.target as Parameters<typeof gatewayEndpointPolicy>[0];
    assert.deepStrictEqual(
      JSON.parse(endpoint.policy as string),
      gatewayEndpointPolicy(target, stacks.writer.outputs.roleArn as string),
    );
    // BucketOwnerPreferred: the upload and its ACL, under the prefix, for the role only.
    assert.deepStrictEqual(JSON.parse(endpoint.policy as string).Statement[0], {
      Sid: "WriterUploadsUnderTargetPrefix",
      Effect: "Allow",
      Principal: "*",
      Action: ["s3:PutObject", "s3:PutObjectAcl"],
      Resource: "arn:aws:s3:::sensor-intake-626262626262/telemetry/*",
      Condition: { ArnEquals: { "aws:PrincipalArn": stacks.writer.outputs.roleArn } },
    });
  });

  it("gives the function a dedicated security group that only reaches S3 over HTTPS", () => {
    const group = onlyOfType(stacks.writer, "aws:ec2/securityGroup:SecurityGroup");
    const endpoint = onlyOfType(stacks.writer, "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.strictEqual(group.inputs.vpcId, "vpc-0a1b2c3d4e5f60718");
    assert.strictEqual(group.inputs.ingress, undefined);
    assert.deepStrictEqual(group.inputs.egress, [
      {
        description: "HTTPS to S3",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        prefixListIds: [endpoint.state.prefixListId],
      },
    ]);
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs;
    const groupId = (group.state.arn as string).split("/")[1];
    assert.deepStrictEqual(fn.vpcConfig, {
      subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
      securityGroupIds: [groupId],
    });
  });

  it("lets the role create network interfaces only in those subnets and that group", () => {
    const account = (stacks.writer.outputs.roleArn as string).split(":")[4];
    const groupArn = onlyOfType(stacks.writer, "aws:ec2/securityGroup:SecurityGroup").state
      .arn as string;
    const expected = networkInterfaceStatements({
      region: "ap-southeast-2",
      accountId: account,
      subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
      securityGroupIds: [groupArn.split("/")[1]],
    });
    assert.deepStrictEqual(rolePolicy(stacks.writer).Statement.slice(-3), expected);
    assert.deepStrictEqual(expected[0].Resource, [
      `arn:aws:ec2:ap-southeast-2:${account}:network-interface/*`,
      `arn:aws:ec2:ap-southeast-2:${account}:subnet/subnet-0aa11bb22cc33dd44`,
      `arn:aws:ec2:ap-southeast-2:${account}:subnet/subnet-0ee55ff66aa77bb88`,
      groupArn,
    ]);
  });

  it("exports the network, the endpoint included, and assumes nothing of the VPC", () => {
    const network = stacks.writer.outputs.network as Record<string, unknown>;
    assert.match(network.gatewayEndpointId as string, /^vpce-[0-9a-f]{17}$/);
    assert.strictEqual(stacks.writer.outputs.assumptions, undefined);
    assert.strictEqual(stacks.writer.outputs.endpointPolicyStatements, undefined);
  });
});

describe("a writer in a VPC without routeTableIds (the sse-kms-vpc fixture under mocks)", () => {
  const stacks = usePlannedWriter(BOTH);

  it("uses the security group given, creates no endpoint, and says what the VPC must have", () => {
    assert.deepStrictEqual(ofType(stacks.writer, "aws:ec2/vpcEndpoint:VpcEndpoint"), []);
    assert.deepStrictEqual(ofType(stacks.writer, "aws:ec2/securityGroup:SecurityGroup"), []);
    const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs;
    assert.deepStrictEqual(fn.vpcConfig, {
      subnetIds: ["subnet-0c1d2e3f"],
      securityGroupIds: ["sg-0b7a6c5d4e3f21098"],
    });
    assert.match(
      (stacks.writer.outputs.assumptions as string[])[0],
      /^the function's subnets in vpc-0f9e8d7c already reach S3 in eu-central-1: through an S3 gateway endpoint \(com\.amazonaws\.eu-central-1\.s3\) on their route tables whose policy allows endpointPolicyStatements \(or allows every request\), or through a NAT gateway$/,
    );
    const target = stacks.writer.outputs.target as Parameters<typeof gatewayEndpointPolicy>[0];
    assert.deepStrictEqual(
      stacks.writer.outputs.endpointPolicyStatements,
      gatewayEndpointPolicy(target, stacks.writer.outputs.roleArn as string).Statement,
    );
  });

  it("grants both B's key through S3 and the network interfaces", () => {
    assert.deepStrictEqual(
      rolePolicy(stacks.writer).Statement.map((s) => s.Sid),
      [
        "PutObjectsUnderTargetPrefix",
        "WriteOwnLogs",
        "KeepFailedEvents",
        "UseBucketKeyThroughS3",
        "CreateNetworkInterfacesInFunctionSubnets",
        "ManageFunctionNetworkInterfaces",
        "DescribeNetworkInterfacesAndSubnets",
      ],
    );
  });

  it("without securityGroupIds, opens HTTPS to any address: the VPC's own route decides", async () => {
    const config = withProjectConfig(stackFileConfig("account-a", BOTH), {
      vpc: JSON.stringify({ vpcId: "vpc-0f9e8d7c", subnetIds: ["subnet-0c1d2e3f"] }),
    });
    const own = await runStack({ stack: "account-a", config });
    const group = onlyOfType(own, "aws:ec2/securityGroup:SecurityGroup").inputs;
    assert.deepStrictEqual(group.egress, [
      {
        description: "HTTPS to S3",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
      },
    ]);
  });
});
