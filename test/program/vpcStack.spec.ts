// A writer function in a VPC as the stack plans it under Pulumi's mock engine: its subnets and
// security groups (the team's beside a rule-less one of ours), the S3 gateway endpoint and its
// policy, the network-interface grants and the order `pulumi destroy` removes them in, and what a
// VPC without routeTableIds must already provide.
import * as assert from "assert";
import {
  createNetworkInterfaceStatement,
  networkInterfacePolicy,
} from "../../components/networkPolicies";
import { gatewayEndpointPolicy } from "../../components/policies";
import { stackFixtures } from "../harness/paths";
import { qualifiedStackName, stackFileConfig, withProjectConfig } from "../harness/stackFiles";
import { StackRun, ofType, onlyOfType, runStack } from "../harness/stacks";
import { usePlannedRegistrations, usePlannedWriter } from "./hooks";
import {
  SECURITY_GROUP_DESCRIPTION,
  assertGrantsOutlive,
  assertGroupHoldsDestroyBack,
  dependsOn,
  rolePolicy,
} from "./plannedResources";

const VPC = stackFixtures("vpc");
const BOTH = stackFixtures("sse-kms-vpc");

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
    assert.match(group.inputs.description as string, SECURITY_GROUP_DESCRIPTION);
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
    const expected = createNetworkInterfaceStatement({
      region: "ap-southeast-2",
      accountId: account,
      subnetIds: ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"],
      securityGroupIds: [groupArn.split("/")[1]],
    });
    assert.deepStrictEqual(rolePolicy(stacks.writer, "uploader-upload").Statement.at(-1), expected);
    assert.deepStrictEqual(expected.Resource, [
      `arn:aws:ec2:ap-southeast-2:${account}:network-interface/*`,
      `arn:aws:ec2:ap-southeast-2:${account}:subnet/subnet-0aa11bb22cc33dd44`,
      `arn:aws:ec2:ap-southeast-2:${account}:subnet/subnet-0ee55ff66aa77bb88`,
      groupArn,
    ]);
  });

  it("lets the role manage the interfaces through a policy of their own, in its account and region", () => {
    const account = (stacks.writer.outputs.roleArn as string).split(":")[4];
    assert.deepStrictEqual(
      rolePolicy(stacks.writer, "uploader-network-interfaces"),
      networkInterfacePolicy({ region: "ap-southeast-2", accountId: account }),
    );
  });

  describe("the order pulumi destroy removes them in", () => {
    const planned = usePlannedRegistrations(VPC);
    const { dependencies } = planned;

    it("the function first: it depends on its security group and on both grants of its role", () => {
      for (const grant of ["uploader-sg", "uploader-network-interfaces", "uploader-upload"]) {
        assert.ok(dependencies.get("uploader-fn")?.includes(grant), grant);
      }
    });

    it("then the security group, while the role may still delete the function's interfaces", () => {
      assertGroupHoldsDestroyBack(planned, "uploader-sg");
    });

    it("then the interface grant and the role: neither depends on the group or the function", () => {
      assertGrantsOutlive(planned.dependencies, ["uploader-sg", "uploader-fn", "uploader-upload"]);
      assert.ok(dependsOn(dependencies, "uploader-network-interfaces", "uploader-role"));
    });
  });

  it("names its own region as the bucket's, so a bucket stack of another region refuses it", async () => {
    assert.strictEqual(
      (stacks.writer.outputs.target as { bucketRegion: string }).bucketRegion,
      "ap-southeast-2",
    );
    const bucketConfig = withProjectConfig(stackFileConfig("account-b", VPC), {
      "aws:region": "ap-southeast-4",
    });
    await assert.rejects(
      runStack({
        stack: "account-b",
        config: bucketConfig,
        stackOutputs: { [qualifiedStackName("account-a")]: stacks.writer.outputs },
      }),
      /bucketRegion is "ap-southeast-2" there but "ap-southeast-4" here\)\. Set the same values in both stack files \(for the region: pulumi config set bucketRegion ap-southeast-4 on the writer stack\)/,
    );
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

  it("creates no endpoint, and says what the VPC must have", () => {
    assert.deepStrictEqual(ofType(stacks.writer, "aws:ec2/vpcEndpoint:VpcEndpoint"), []);
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
      rolePolicy(stacks.writer, "uploader-upload").Statement.map((s) => s.Sid),
      [
        "PutObjectsUnderTargetPrefix",
        "WriteOwnLogs",
        "KeepFailedEvents",
        "UseBucketKeyThroughS3",
        "CreateNetworkInterfacesInFunctionSubnets",
      ],
    );
    assert.deepStrictEqual(
      rolePolicy(stacks.writer, "uploader-network-interfaces").Statement.map((s) => s.Sid),
      ["ManageFunctionNetworkInterfaces", "DescribeNetworkInterfacesAndSubnets"],
    );
  });

  describe("with security groups of the team's own", () => {
    const TEAM_GROUP = "sg-0b7a6c5d4e3f21098";
    /** The one security group the stack creates beside the team's. */
    const guardOf = (run: StackRun) => {
      const guard = onlyOfType(run, "aws:ec2/securityGroup:SecurityGroup");
      assert.strictEqual(guard.name, "uploader-release-guard");
      return guard;
    };

    it("attaches a release-guard group of ours, in the same VPC, beside the team's group", () => {
      const guard = guardOf(stacks.writer);
      const guardId = (guard.state.arn as string).split("/")[1];
      assert.match(guardId, /^sg-[0-9a-f]{17}$/);
      assert.notStrictEqual(guardId, TEAM_GROUP);
      assert.strictEqual(guard.inputs.vpcId, "vpc-0f9e8d7c");
      const fn = onlyOfType(stacks.writer, "aws:lambda/function:Function").inputs;
      assert.deepStrictEqual(fn.vpcConfig, {
        subnetIds: ["subnet-0c1d2e3f"],
        securityGroupIds: [guardId, TEAM_GROUP],
      });
      assert.deepStrictEqual(
        (stacks.writer.outputs.network as { securityGroupIds: string[] }).securityGroupIds,
        [guardId, TEAM_GROUP],
      );
    });

    it("gives the guard no rule at all, so the function's traffic is the team's groups' alone", () => {
      const guard = guardOf(stacks.writer).inputs;
      assert.deepStrictEqual(guard.ingress, []);
      assert.deepStrictEqual(guard.egress, []);
      assert.match(guard.description as string, SECURITY_GROUP_DESCRIPTION);
    });

    it("lets the role create the function's interfaces with the guard as well as the team's group", () => {
      const guardArn = guardOf(stacks.writer).state.arn as string;
      const create = rolePolicy(stacks.writer, "uploader-upload").Statement.at(-1);
      assert.strictEqual(create?.Sid, "CreateNetworkInterfacesInFunctionSubnets");
      const resources = create?.Resource as string[];
      assert.ok(resources.includes(guardArn), resources.join(", "));
      assert.ok(resources.includes(guardArn.replace(/sg-[0-9a-f]+$/, TEAM_GROUP)));
    });

    describe("the order pulumi destroy removes them in", () => {
      const planned = usePlannedRegistrations(BOTH);
      const { dependencies } = planned;

      it("the function first: it depends on the guard, through its securityGroupIds, and on the grant", () => {
        const fn = dependencies.get("uploader-fn") ?? [];
        assert.ok(fn.includes("uploader-release-guard"), fn.join(", "));
        assert.ok(fn.includes("uploader-network-interfaces"), fn.join(", "));
      });

      it("then the guard, waiting up to 45 minutes while the role may still delete the interfaces", () => {
        assertGroupHoldsDestroyBack(planned, "uploader-release-guard");
      });

      it("then the interface grant and the role: neither depends on the guard or the function", () => {
        assertGrantsOutlive(planned.dependencies, ["uploader-release-guard", "uploader-fn"]);
      });
    });

    it("takes 4 groups of the team's: with the guard, the 5 Lambda allows a function", async () => {
      const team = ["sg-0b7a6c5d", "sg-1b7a6c5d", "sg-2b7a6c5d", "sg-3b7a6c5d"];
      const config = withProjectConfig(stackFileConfig("account-a", BOTH), {
        vpc: JSON.stringify({
          vpcId: "vpc-0f9e8d7c",
          subnetIds: ["subnet-0c1d2e3f"],
          securityGroupIds: team,
        }),
      });
      const four = await runStack({ stack: "account-a", config });
      const guardId = (guardOf(four).state.arn as string).split("/")[1];
      const fn = onlyOfType(four, "aws:lambda/function:Function").inputs;
      assert.deepStrictEqual((fn.vpcConfig as { securityGroupIds: string[] }).securityGroupIds, [
        guardId,
        ...team,
      ]);
    });
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
