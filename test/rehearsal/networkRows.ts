// Rows of the network-interface grant of a function in a VPC (networkPolicies.ts): Lambda uses the
// execution role to create the function's interfaces in its subnets and security groups, and to
// manage them; nothing else of the account's network. Lambda makes these calls itself, outside the
// function.
import { AccessCase, accountAShape, plain, row } from "./accessCase";
import { IntendedAccess, LinkPolicies } from "./intendedAccess";
import { Place, subjects } from "./rowSubjects";

export function networkInterfaceRows(
  intended: IntendedAccess,
  policies: LinkPolicies,
): AccessCase[] {
  const scope = intended.vpc?.network;
  if (!scope) return [];
  const { writer } = subjects(intended).who;
  const shape = accountAShape(policies);
  const a = scope.accountId;
  const place = (label: string, resource: string, region = scope.region): Place => ({
    label,
    arn: `arn:${intended.partition}:ec2:${region}:${a}:${resource}`,
    accountId: a,
    region,
  });
  const anywhere: Place = {
    label: "on every resource",
    arn: "*",
    accountId: a,
    region: scope.region,
  };
  const allowed = { expect: "allowed", request: { byLambda: true } } as const;
  const denied = { expect: "denied", request: { byLambda: true } } as const;
  const eni = place("on a network interface", "network-interface/eni-0123456789abcdef0");
  const create = plain("ec2:CreateNetworkInterface");
  const [subnet] = scope.subnetIds;
  const otherRegion = scope.region === "us-east-1" ? "us-west-2" : "us-east-1";
  return [
    row(shape, writer, create, eni, allowed),
    ...scope.subnetIds.map((id) =>
      row(shape, writer, create, place(`in its subnet ${id}`, `subnet/${id}`), allowed),
    ),
    ...scope.securityGroupIds.map((id) =>
      row(
        shape,
        writer,
        create,
        place(`with its security group ${id}`, `security-group/${id}`),
        allowed,
      ),
    ),
    row(
      shape,
      writer,
      create,
      place("in another subnet", "subnet/subnet-0fedcba9876543210"),
      denied,
    ),
    row(
      shape,
      writer,
      create,
      place("with another security group", "security-group/sg-0fedcba9876543210"),
      denied,
    ),
    row(
      shape,
      writer,
      create,
      place(`in its subnet's id in ${otherRegion}`, `subnet/${subnet}`, otherRegion),
      denied,
    ),
    ...["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses"].map((action) =>
      row(shape, writer, plain(action), eni, allowed),
    ),
    ...["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"].map((action) =>
      row(shape, writer, plain(action), anywhere, allowed),
    ),
    // Changing an interface's security groups would open the function's network.
    row(shape, writer, plain("ec2:ModifyNetworkInterfaceAttribute"), eni, denied),
    row(
      shape,
      writer,
      plain("ec2:DeleteSubnet"),
      place("on its subnet", `subnet/${subnet}`),
      denied,
    ),
  ];
}
