// The execution role's grant for a function in a VPC: Lambda uses the role to create and manage
// the function's network interfaces (AWS Lambda Developer Guide, "Giving Lambda functions access to
// resources in an Amazon VPC": ec2:CreateNetworkInterface, DescribeNetworkInterfaces,
// DescribeSubnets, DeleteNetworkInterface, AssignPrivateIpAddresses, UnassignPrivateIpAddresses;
// the managed policy AWSLambdaVPCAccessExecutionRole grants them all on "*").
//
// Scoped as far as EC2 allows: creation only in the function's subnets and security groups;
// deletion and IP changes on network interfaces of the account and region (the same page: a
// DeleteNetworkInterface that names neither the interface nor all of them can cut the function
// off its VPC); the two Describe actions support no resource-level permissions, so "*".
// `lambda:SourceFunctionArn` cannot narrow them further: Lambda does not add it to the EC2 calls
// it makes for a function's network interfaces (Lambda Developer Guide, "Using source function
// ARN to control function access").
//
// Two documents, for the order of `pulumi destroy`: Lambda deletes a function's unused network
// interfaces with the execution role of the function that created them (AWS Knowledge Center,
// "lambda-eni-find-delete"), minutes after the function is gone, and a security group is in use
// until then. So deleting and describing them is its own policy, which the security group and
// the function depend on: destroy removes the function, then the group (waiting for the
// interfaces), and only then the policy. Creation names the security groups, which may be created
// by the same stack, so it stays in the role's main policy (policies.ts, writerRolePolicy).
import { POLICY_VERSION, PolicyDocument, PolicyStatement } from "./policyBasics";

/** The account and region of the function's network interfaces, in account A. */
export interface NetworkInterfaceHome {
  region: string;
  accountId: string;
}

/** Where the function's network interfaces live: their home, subnets and security groups. */
export interface NetworkInterfaceScope extends NetworkInterfaceHome {
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
}

function ec2Arn(home: NetworkInterfaceHome, resource: string): string {
  return `arn:aws:ec2:${home.region}:${home.accountId}:${resource}`;
}

/** Lambda creates the function's interfaces only in its subnets, with its security groups. */
export function createNetworkInterfaceStatement(scope: NetworkInterfaceScope): PolicyStatement {
  return {
    Sid: "CreateNetworkInterfacesInFunctionSubnets",
    Effect: "Allow",
    Action: "ec2:CreateNetworkInterface",
    Resource: [
      ec2Arn(scope, "network-interface/*"),
      ...scope.subnetIds.map((id) => ec2Arn(scope, `subnet/${id}`)),
      ...scope.securityGroupIds.map((id) => ec2Arn(scope, `security-group/${id}`)),
    ],
  };
}

/**
 * The role's policy for managing the interfaces, deleting them included: it must outlive the
 * function and its security group (see above). It names nothing the stack creates.
 */
export function networkInterfacePolicy(home: NetworkInterfaceHome): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "ManageFunctionNetworkInterfaces",
        Effect: "Allow",
        Action: [
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
        ],
        Resource: ec2Arn(home, "network-interface/*"),
      },
      {
        Sid: "DescribeNetworkInterfacesAndSubnets",
        Effect: "Allow",
        Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        Resource: "*",
      },
    ],
  };
}
