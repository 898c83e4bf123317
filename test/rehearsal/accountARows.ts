// Rows of account A alone: the trust policy (only the Lambda service may assume the role) and the
// role's own resources in A (its log group, its failure queue), which Lambda writes with the role
// outside the function.
import { SimulationIdentityPolicy } from "@cloud-copilot/iam-simulate";
import { AccessCase, RowShape, accountAShape, plain, row } from "./accessCase";
import { awsService } from "./callers";
import { IntendedAccess, LinkPolicies } from "./intendedAccess";
import { ALLOW_EVERYTHING, Place, subjects } from "./rowSubjects";

/** The region of a regional ARN, e.g. arn:aws:logs:eu-west-1:...: eu-west-1. */
const regionOf = (arn: string) => arn.split(":")[3];

/** The trust policy alone: only the Lambda service may assume the role. */
export function trustPolicyAlone(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  if (policies.trustPolicy === undefined) return [];
  const { who } = subjects(intended);
  // Lambda asks STS in the function's region.
  const role: Place = {
    label: "the execution role",
    arn: intended.roleArn,
    accountId: intended.writerAccountId,
    region: regionOf(intended.functionArn),
  };
  const assume = plain("sts:AssumeRole");
  const shape = (identityPolicies: SimulationIdentityPolicy[]): RowShape => ({
    scope: "trust policy",
    identityPolicies,
    resourcePolicy: policies.trustPolicy,
    resourcePolicyName: "trust policy",
  });
  return [
    row(shape([]), awsService("lambda.amazonaws.com"), assume, role, { expect: "allowed" }),
    row(shape([]), awsService("ec2.amazonaws.com"), assume, role, { expect: "denied" }),
    row(shape([ALLOW_EVERYTHING]), who.rootOfA, assume, role, { expect: "denied" }),
    row(shape([ALLOW_EVERYTHING]), who.strangerRole, assume, role, { expect: "denied" }),
  ];
}

/** Account A's own resources: the function's log group and its failure queue, same account. */
export function accountA(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const resources = intended.writerResources;
  if (!resources) return [];
  const { writer } = subjects(intended).who;
  const shape = accountAShape(policies);
  const a = intended.writerAccountId;
  const stream = (group: string) => `${group}:log-stream:2026/11/27/[$LATEST]0123456789abcdef`;
  const otherGroup = resources.logGroupArn.replace(/log-group:.*$/, "log-group:/aws/lambda/other");
  const place = (label: string, arn: string): Place => ({
    label,
    arn,
    accountId: a,
    region: regionOf(arn),
  });
  const ownStream = place("in its own log group", stream(resources.logGroupArn));
  const queue = place("to its failure queue", resources.failureQueueArn);
  const byLambda = (expect: "allowed" | "denied") => ({ expect, request: { byLambda: true } });
  return [
    row(shape, writer, plain("logs:CreateLogStream"), ownStream, byLambda("allowed")),
    row(shape, writer, plain("logs:PutLogEvents"), ownStream, byLambda("allowed")),
    row(
      shape,
      writer,
      plain("logs:PutLogEvents"),
      place("in another log group", stream(otherGroup)),
      byLambda("denied"),
    ),
    row(shape, writer, plain("sqs:SendMessage"), queue, byLambda("allowed")),
    row(
      shape,
      writer,
      plain("sqs:SendMessage"),
      place("to another queue", `${resources.failureQueueArn}-other`),
      byLambda("denied"),
    ),
    // Reading the queue is not Lambda's: the function itself would ask, from its environment.
    row(
      shape,
      writer,
      plain("sqs:ReceiveMessage"),
      place("from its failure queue", resources.failureQueueArn),
      { expect: "denied" },
    ),
  ];
}
