// Evaluates the link's planned policies with a real IAM policy engine, cross-account, and checks
// the access matrix: the Lambda's role, and nobody else, may put objects under the prefix.
// @cloud-copilot/iam-simulate is AGPL-3.0: used here and in tests only, never by the pack or Lambda.
import {
  EvaluationResult,
  RequestAnalysis,
  SimulationIdentityPolicy,
  runSimulation,
} from "@cloud-copilot/iam-simulate";
import { onlyOfType } from "../harness/stacks";
import { PlannedLink } from "./plan";

/** What the plan would deploy for one writer of the link. */
export interface LinkDocuments {
  roleArn: string;
  /** Session name Lambda uses when it assumes the role: the function name. */
  sessionName: string;
  trustPolicy: unknown;
  identityPolicy: unknown;
  bucketPolicy: unknown;
  bucketName: string;
  prefix: string;
  bucketAccountId: string;
}

/** The documents of one planned link, read from what each stack would send to AWS. */
export function linkDocuments({ writer, bucket }: PlannedLink): LinkDocuments {
  const input = (run: typeof writer.run, type: string, name: string): unknown =>
    JSON.parse(onlyOfType(run, type).inputs[name] as string);
  return {
    roleArn: writer.run.outputs.roleArn as string,
    sessionName: writer.run.outputs.functionName as string,
    trustPolicy: input(writer.run, "aws:iam/role:Role", "assumeRolePolicy"),
    identityPolicy: input(writer.run, "aws:iam/rolePolicy:RolePolicy", "policy"),
    bucketPolicy: input(bucket.run, "aws:s3/bucketPolicy:BucketPolicy", "policy"),
    bucketName: bucket.run.outputs.bucketName as string,
    prefix: bucket.run.outputs.uploadPrefix as string,
    bucketAccountId: bucket.accountId,
  };
}

export type Expectation = "allowed" | "denied";

export interface AccessCase {
  name: string;
  expect: Expectation;
  principal: string;
  action: string;
  resource: string;
  resourceAccountId: string;
  secureTransport: boolean;
  /** Absent for a service principal, which has no identity policies. */
  identityPolicies?: SimulationIdentityPolicy[];
  resourcePolicy: unknown;
  /** How the resource policy is called in verdicts: "bucket policy", "trust policy". */
  resourcePolicyName: string;
  /** S3 requests carry the bucket owner's account as s3:ResourceAccount. */
  s3: boolean;
}

export interface AccessRow {
  name: string;
  expect: Expectation;
  result: EvaluationResult | "error";
  /** The statements that decided the verdict, by Sid or index. */
  decidedBy: string;
  asIntended: boolean;
  /** Why a row is not as intended, besides its verdict. */
  problems: string[];
}

const ADMIN_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const THIRD_ACCOUNT = "333333333333";
const SAMPLE_KEY = "data-20261127T120000000Z-request.json";

function accountOf(arn: string): string {
  return arn.split(":")[4];
}

/** The bucket policy with every Allow removed: B's grant withdrawn, its Deny kept. */
function withoutAllows(policy: unknown): unknown {
  const document = policy as { Statement: { Effect: string }[] };
  return { ...document, Statement: document.Statement.filter((s) => s.Effect !== "Allow") };
}

/** The rows of the access matrix, each with the verdict the link is designed to give. */
export function accessCases(link: LinkDocuments): AccessCase[] {
  const writerAccount = accountOf(link.roleArn);
  const roleName = link.roleArn.split("/").pop() ?? "";
  const session = `arn:aws:sts::${writerAccount}:assumed-role/${roleName}/${link.sessionName}`;
  const bucketArn = `arn:aws:s3:::${link.bucketName}`;
  const inPrefix = `${bucketArn}/${link.prefix}${SAMPLE_KEY}`;
  const identity = [{ name: "writer-identity-policy", policy: link.identityPolicy }];
  const s3Case = (
    name: string,
    expect: Expectation,
    changes: Partial<AccessCase> = {},
  ): AccessCase => ({
    name,
    expect,
    principal: link.roleArn,
    action: "s3:PutObject",
    resource: inPrefix,
    resourceAccountId: link.bucketAccountId,
    secureTransport: true,
    identityPolicies: identity,
    resourcePolicy: link.bucketPolicy,
    resourcePolicyName: "bucket policy",
    s3: true,
    ...changes,
  });
  const assumeRoleCase = (name: string, expect: Expectation, service: string): AccessCase => ({
    name,
    expect,
    principal: service,
    action: "sts:AssumeRole",
    resource: link.roleArn,
    resourceAccountId: writerAccount,
    secureTransport: true,
    resourcePolicy: link.trustPolicy,
    resourcePolicyName: "trust policy",
    s3: false,
  });
  return [
    assumeRoleCase(
      "Lambda service may assume the execution role",
      "allowed",
      "lambda.amazonaws.com",
    ),
    assumeRoleCase("no other service may assume the execution role", "denied", "ec2.amazonaws.com"),
    s3Case("role may PutObject under the prefix over TLS", "allowed"),
    s3Case("the role's Lambda session may PutObject under the prefix", "allowed", {
      principal: session,
    }),
    s3Case("role may not PutObject outside the prefix", "denied", {
      resource: `${bucketArn}/elsewhere/${SAMPLE_KEY}`,
    }),
    s3Case("role may not PutObject without TLS", "denied", { secureTransport: false }),
    s3Case("role may not GetObject", "denied", { action: "s3:GetObject" }),
    s3Case("role may not DeleteObject", "denied", { action: "s3:DeleteObject" }),
    s3Case("role may not PutBucketPolicy", "denied", {
      action: "s3:PutBucketPolicy",
      resource: bucketArn,
    }),
    s3Case("another role in account A, with the same identity policy, may not", "denied", {
      principal: `arn:aws:iam::${writerAccount}:role/another-role`,
    }),
    s3Case("account A's root, with full identity permissions, may not", "denied", {
      principal: `arn:aws:iam::${writerAccount}:root`,
      identityPolicies: [{ name: "admin", policy: ADMIN_POLICY }],
    }),
    s3Case("a role in a third account, with full identity permissions, may not", "denied", {
      principal: `arn:aws:iam::${THIRD_ACCOUNT}:role/uploader`,
      identityPolicies: [{ name: "admin", policy: ADMIN_POLICY }],
    }),
    s3Case(
      "a same-named bucket in a stranger's account that invites the role gets nothing",
      "denied",
      {
        resourceAccountId: THIRD_ACCOUNT,
        resourcePolicy: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { AWS: link.roleArn }, Action: "s3:*", Resource: "*" },
          ],
        },
      },
    ),
    s3Case("without A's identity grant, the role is denied", "denied", { identityPolicies: [] }),
    s3Case("without B's bucket policy grant, the role is denied", "denied", {
      resourcePolicy: withoutAllows(link.bucketPolicy),
    }),
  ];
}

function statementName(statement: { sid(): string | undefined; index(): number }): string {
  return statement.sid() ?? `statement #${statement.index()}`;
}

/** Names the statements behind a verdict, e.g. "identity policy Allow X + bucket policy Allow Y". */
function decidedBy(analysis: RequestAnalysis, access: AccessCase): string {
  const sides = [
    ...(access.identityPolicies ? [["identity policy", analysis.identityAnalysis] as const] : []),
    [access.resourcePolicyName, analysis.resourceAnalysis] as const,
  ];
  const named = (effect: "Allow" | "Deny") =>
    sides.flatMap(([side, a]) =>
      (a?.[effect === "Allow" ? "allowStatements" : "denyStatements"] ?? []).map(
        (s) => `${side} ${effect} ${statementName(s.statement)}`,
      ),
    );
  const denies = named("Deny");
  if (denies.length > 0) return denies.join(" + ");
  if (analysis.result === "Allowed") return named("Allow").join(" + ");
  const missing = sides
    .filter(([, a]) => a === undefined || !["Allowed", "AllowedForAccount"].includes(a.result))
    .map(([side]) => side);
  return `no Allow in the ${missing.join(" or the ")}`;
}

/** Allows that match a principal only at account level trust the whole account. */
function accountLevelAllows(analysis: RequestAnalysis): string[] {
  return (analysis.resourceAnalysis?.allowStatements ?? [])
    .filter((s) => s.principalMatch === "AccountLevelMatch")
    .map((s) => statementName(s.statement));
}

export async function evaluateCase(access: AccessCase): Promise<AccessRow> {
  const contextVariables: Record<string, string> = {
    "aws:SecureTransport": String(access.secureTransport),
  };
  if (access.s3) contextVariables["s3:ResourceAccount"] = access.resourceAccountId;
  const simulation = await runSimulation(
    {
      request: {
        principal: access.principal,
        action: access.action,
        resource: { resource: access.resource, accountId: access.resourceAccountId },
        contextVariables,
      },
      identityPolicies: access.identityPolicies ?? [],
      resourcePolicy: access.resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  const row = { name: access.name, expect: access.expect };
  if (simulation.resultType !== "single") {
    const problem =
      simulation.resultType === "error"
        ? simulation.errors.message
        : "the request resource matched a wildcard";
    return { ...row, result: "error", decidedBy: "", asIntended: false, problems: [problem] };
  }
  const { analysis, ignoredContextKeys = [] } = simulation.result;
  const problems: string[] = [];
  if (ignoredContextKeys.length > 0) {
    problems.push(`the engine ignored context keys ${ignoredContextKeys.join(", ")}`);
  }
  const broad = accountLevelAllows(analysis);
  if (access.expect === "allowed" && broad.length > 0) {
    problems.push(`bucket policy ${broad.join(", ")} trusts the whole account, not the role`);
  }
  const verdict: Expectation = simulation.overallResult === "Allowed" ? "allowed" : "denied";
  return {
    ...row,
    result: simulation.overallResult,
    decidedBy: decidedBy(analysis, access),
    asIntended: verdict === access.expect && problems.length === 0,
    problems,
  };
}

/** The whole access matrix for one writer of the link. */
export async function proveAccess(link: LinkDocuments): Promise<AccessRow[]> {
  const rows: AccessRow[] = [];
  for (const access of accessCases(link)) rows.push(await evaluateCase(access));
  return rows;
}
