// The network of a writer function in a VPC: the role's policy to manage the function's network
// interfaces, its security groups (a dedicated HTTPS-only one, or the team's plus a rule-less one
// of ours that holds destroy back), the S3 gateway endpoint on the configured route tables, and
// otherwise what the VPC must already provide.
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
  /** Lets Lambda manage the interfaces; the function and our security group depend on it. */
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
 * Every security group the stack puts on the function depends on the interface policy and the
 * role, so `pulumi destroy` deletes the group (waiting, in use, until Lambda has released the
 * function's interfaces) while the role may still delete them, and only then the grant and role.
 */
function groupOptions(
  parent: pulumi.Resource,
  dependsOn: pulumi.Resource[],
): pulumi.CustomResourceOptions {
  return { parent, dependsOn, customTimeouts: { delete: SECURITY_GROUP_DELETE_TIMEOUT } };
}

/**
 * The security group the stack creates when the team gives none: no inbound rule, HTTPS out to
 * S3's prefix list through our endpoint, else to any address (the VPC's own route decides).
 */
function createSecurityGroup(
  name: string,
  vpcId: string,
  endpoint: aws.ec2.VpcEndpoint | undefined,
  options: pulumi.CustomResourceOptions,
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
    options,
  ).id.apply((id) => [id]);
}

/**
 * With the team's own security groups: a group of ours with no rule at all, attached next to
 * theirs, that only holds `pulumi destroy` back (see groupOptions). Rules of a function's groups
 * are a union, so a group without rules allows nothing more and denies nothing. The provider
 * removes AWS's default allow-all egress rule from a new VPC group, and explicit empty `ingress`
 * and `egress` lists make it remove, on the next update, any rule added since (@pulumi/aws
 * ec2/securityGroup.d.ts: "NOTE on Egress rules" and "Removing All Ingress and Egress Rules").
 * Lambda takes at most 5 groups per function (API_VpcConfig), so the team may give at most 4.
 */
function createReleaseGuard(
  name: string,
  vpcId: string,
  teamGroupIds: readonly string[],
  options: pulumi.CustomResourceOptions,
): pulumi.Output<string[]> {
  return new aws.ec2.SecurityGroup(
    `${name}-release-guard`,
    {
      vpcId,
      description: `Lambda ${name}: no rules; holds destroy until Lambda deletes the function ENIs`,
      ingress: [],
      egress: [],
    },
    options,
  ).id.apply((id) => [id, ...teamGroupIds]);
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
  const options = groupOptions(parent, [interfacePolicy, role]);
  const securityGroupIds = vpc.securityGroupIds
    ? createReleaseGuard(name, vpc.vpcId, vpc.securityGroupIds, options)
    : createSecurityGroup(name, vpc.vpcId, endpoint, options);
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
