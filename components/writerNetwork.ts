// The network of a writer function in a VPC: the role's policy to manage the function's network
// interfaces, its security groups (a dedicated HTTPS-only one unless given), the S3 gateway
// endpoint on the configured route tables, and otherwise what the VPC must already provide.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { networkInterfacePolicy } from "./networkPolicies";
import { PolicyStatement, UploadTarget, gatewayEndpointPolicy } from "./policies";
import { WriterNetworkOutputs } from "./stackOutputs";
import { roleArnAccountId } from "./validation";
import { VpcConfig } from "./vpcConfig";

export interface WriterNetwork {
  vpc: Readonly<VpcConfig>;
  /** The function's region. */
  region: string;
  /** Account A: the role's, where the function's network interfaces are created. */
  accountId: pulumi.Output<string>;
  securityGroupIds: pulumi.Output<string[]>;
  /** Lets Lambda manage the interfaces; the function and its security group depend on it. */
  interfacePolicy: aws.iam.RolePolicy;
  /** The gateway endpoint created on the configured route tables. */
  endpoint?: aws.ec2.VpcEndpoint;
  /** Without an endpoint of ours: what the VPC must provide, and the statement its endpoint needs. */
  assumption?: { text: string; endpointPolicyStatements: pulumi.Output<PolicyStatement[]> };
}

/**
 * A Lambda deletes its network interfaces some minutes after the function is gone, and a security
 * group in use by one cannot be deleted before then.
 */
const SECURITY_GROUP_DELETE_TIMEOUT = "45m";

function s3GatewayServiceName(region: string): string {
  return `com.amazonaws.${region}.s3`;
}

function accountOf(roleArn: string): string {
  const accountId = roleArnAccountId(roleArn);
  if (!accountId) throw new Error(`the execution role's ARN ${roleArn} names no account`);
  return accountId;
}

/**
 * The security group the stack creates for the function: no inbound rule, HTTPS out to S3's
 * prefix list through our endpoint, else to any address (the VPC's own route decides). It depends
 * on the interface policy, so `pulumi destroy` deletes it, waiting for Lambda to release the
 * interfaces, while the role may still delete them.
 */
function createSecurityGroup(
  name: string,
  parent: pulumi.Resource,
  vpcId: string,
  endpoint: aws.ec2.VpcEndpoint | undefined,
  dependsOn: pulumi.Resource[],
): pulumi.Output<string[]> {
  return new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId,
      description: `Lambda ${name}: HTTPS out to S3 only`,
      egress: [
        {
          description: "HTTPS to S3",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          ...(endpoint
            ? { prefixListIds: [endpoint.prefixListId] }
            : { cidrBlocks: ["0.0.0.0/0"] }),
        },
      ],
    },
    { parent, dependsOn, customTimeouts: { delete: SECURITY_GROUP_DELETE_TIMEOUT } },
  ).id.apply((id) => [id]);
}

/** Everything S3 traffic from the function's subnets needs, created as children of `parent`. */
export function createWriterNetwork(
  name: string,
  parent: pulumi.Resource,
  args: {
    vpc: Readonly<VpcConfig>;
    region: string;
    target: Readonly<UploadTarget>;
    role: aws.iam.Role;
  },
): WriterNetwork {
  const { vpc, region, target, role } = args;
  const accountId = role.arn.apply(accountOf);
  const interfacePolicy = new aws.iam.RolePolicy(
    `${name}-network-interfaces`,
    {
      role: role.id,
      policy: accountId.apply((id) =>
        JSON.stringify(networkInterfacePolicy({ region, accountId: id })),
      ),
    },
    { parent },
  );
  const policy = role.arn.apply((arn) => gatewayEndpointPolicy(target, arn));
  const endpoint = vpc.routeTableIds
    ? new aws.ec2.VpcEndpoint(
        `${name}-s3-endpoint`,
        {
          vpcId: vpc.vpcId,
          serviceName: s3GatewayServiceName(region),
          vpcEndpointType: "Gateway",
          routeTableIds: vpc.routeTableIds,
          policy: policy.apply((document) => JSON.stringify(document)),
        },
        { parent },
      )
    : undefined;
  const securityGroupIds = vpc.securityGroupIds
    ? pulumi.output(vpc.securityGroupIds)
    : createSecurityGroup(name, parent, vpc.vpcId, endpoint, [interfacePolicy, role]);
  const network = { vpc, region, accountId, securityGroupIds, interfacePolicy };
  if (endpoint) return { ...network, endpoint };
  return {
    ...network,
    assumption: {
      text:
        `the function's subnets in ${vpc.vpcId} already reach S3 in ${region}: through an S3 ` +
        `gateway endpoint (${s3GatewayServiceName(region)}) on their route tables whose policy ` +
        "allows endpointPolicyStatements (or allows every request), or through a NAT gateway",
      endpointPolicyStatements: policy.apply((document) => document.Statement),
    },
  };
}

/** What the writer stack exports about the network: B does not read it; operators do. */
export function networkOutputs(network: WriterNetwork): pulumi.Output<WriterNetworkOutputs> {
  const { vpc } = network;
  return pulumi
    .all([network.securityGroupIds, network.endpoint?.id])
    .apply(([securityGroupIds, gatewayEndpointId]) => ({
      vpcId: vpc.vpcId,
      subnetIds: [...vpc.subnetIds],
      securityGroupIds,
      ...(gatewayEndpointId ? { gatewayEndpointId } : {}),
    }));
}
