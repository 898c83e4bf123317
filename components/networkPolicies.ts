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
import { PolicyStatement } from "./policyBasics";

/** Where the function's network interfaces live, in account A. */
export interface NetworkInterfaceScope {
  region: string;
  accountId: string;
  subnetIds: readonly string[];
  securityGroupIds: readonly string[];
}

function ec2Arn(scope: NetworkInterfaceScope, resource: string): string {
  return `arn:aws:ec2:${scope.region}:${scope.accountId}:${resource}`;
}

export function networkInterfaceStatements(scope: NetworkInterfaceScope): PolicyStatement[] {
  const interfaces = ec2Arn(scope, "network-interface/*");
  return [
    {
      Sid: "CreateNetworkInterfacesInFunctionSubnets",
      Effect: "Allow",
      Action: "ec2:CreateNetworkInterface",
      Resource: [
        interfaces,
        ...scope.subnetIds.map((id) => ec2Arn(scope, `subnet/${id}`)),
        ...scope.securityGroupIds.map((id) => ec2Arn(scope, `security-group/${id}`)),
      ],
    },
    {
      Sid: "ManageFunctionNetworkInterfaces",
      Effect: "Allow",
      Action: [
        "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses",
        "ec2:UnassignPrivateIpAddresses",
      ],
      Resource: interfaces,
    },
    {
      Sid: "DescribeNetworkInterfacesAndSubnets",
      Effect: "Allow",
      Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
      Resource: "*",
    },
  ];
}
