// Evaluates one row of the access matrix with a real IAM policy engine and says whether the verdict
// is the intended one, and which statements decided it.
// @cloud-copilot/iam-simulate is AGPL-3.0: used here and in tests only, never by the pack or Lambda.
import {
  EvaluationResult,
  RequestAnalysis,
  SimulationErrors,
  runSimulation,
} from "@cloud-copilot/iam-simulate";
import { AccessCase, Control, Expectation, Scope, Severity } from "./accessCase";
import { withEngineShim } from "./engineShim";
import { requestContext } from "./requestContext";

/** A statement that decided a verdict. */
export interface DecidingStatement {
  /** "identity policy", "bucket policy", ... */
  document: string;
  effect: "Allow" | "Deny";
  /** The Sid, or "Statement[<index from 0>]". */
  statement: string;
}

export interface AccessRow {
  scope: Scope;
  name: string;
  severity: Severity;
  control?: Control;
  /** Rows of one kind, e.g. "the other S3 object actions"; reports may show them as one line. */
  group?: string;
  expect: Expectation;
  result: EvaluationResult | "error";
  /** The statements that decided the verdict, in words, e.g. "bucket policy Deny X". */
  decidedBy: string;
  decidingStatements: DecidingStatement[];
  asIntended: boolean;
  /** Why a row is not as intended, besides its verdict. */
  problems: string[];
}

/** The Sid, else `Statement[<index>]` counted from 0, as the policy pack names statements. */
function statementName(statement: { sid(): string | undefined; index(): number }): string {
  // iam-simulate counts statements from 1.
  return statement.sid() ?? `Statement[${statement.index() - 1}]`;
}

/** The statements behind a verdict: the Denies if any matched, else the Allows. */
function decidingStatements(analysis: RequestAnalysis, access: AccessCase): DecidingStatement[] {
  const named = (effect: "Allow" | "Deny") =>
    sides(analysis, access).flatMap(([document, a]) =>
      (a?.[effect === "Allow" ? "allowStatements" : "denyStatements"] ?? []).map((s) => ({
        document,
        effect,
        statement: statementName(s.statement),
      })),
    );
  const denies = named("Deny");
  if (denies.length > 0) return denies;
  return analysis.result === "Allowed" ? named("Allow") : [];
}

function sides(analysis: RequestAnalysis, access: AccessCase) {
  return [
    // Named after the policy given: the document proven, or the permissive counterpart.
    ...(access.identityPolicies.length > 0
      ? [[access.identityPolicies[0].name, analysis.identityAnalysis] as const]
      : []),
    ...(access.resourcePolicy !== undefined
      ? [[access.resourcePolicyName, analysis.resourceAnalysis] as const]
      : []),
    ...(access.endpointPolicy !== undefined
      ? [[access.endpointPolicyName ?? "endpoint policy", analysis.endpointAnalysis] as const]
      : []),
  ];
}

/** E.g. "identity policy Allow X + bucket policy Allow Y", or which side granted nothing. */
function decidedBy(
  analysis: RequestAnalysis,
  access: AccessCase,
  statements: DecidingStatement[],
): string {
  if (statements.length > 0) {
    return statements.map((s) => `${s.document} ${s.effect} ${s.statement}`).join(" + ");
  }
  const missing = sides(analysis, access)
    .filter(([, a]) => a === undefined || !["Allowed", "AllowedForAccount"].includes(a.result))
    .map(([side]) => side);
  return missing.length > 0 ? `no Allow in the ${missing.join(" or the ")}` : "no Allow";
}

/** Allows that match a principal only at account level trust the whole account. */
function accountLevelAllows(analysis: RequestAnalysis): string[] {
  return (analysis.resourceAnalysis?.allowStatements ?? [])
    .filter((s) => s.principalMatch === "AccountLevelMatch")
    .map((s) => statementName(s.statement));
}

const MAX_FAULTS = 3;

/** Why the engine could not evaluate a row: each invalid document with its faults. */
function engineErrors(errors: SimulationErrors, access: AccessCase): string {
  const faults = (document: string, list: SimulationErrors["resourcePolicyErrors"]) =>
    (list ?? []).map((e) => `${document} ${e.path}: ${e.message}`);
  const identity = Object.values(errors.identityPolicyErrors ?? {}).flat();
  const endpoint = Object.values(errors.vpcEndpointErrors ?? {}).flat();
  const found = [
    ...faults(access.identityPolicies[0]?.name ?? "identity policy", identity),
    ...faults(access.resourcePolicyName, errors.resourcePolicyErrors),
    ...faults(access.endpointPolicyName ?? "endpoint policy", endpoint),
  ];
  if (found.length === 0) return `the engine cannot evaluate: ${errors.message}`;
  const more = found.length > MAX_FAULTS ? ` (and ${found.length - MAX_FAULTS} more)` : "";
  return `the engine cannot evaluate: ${found.slice(0, MAX_FAULTS).join("; ")}${more}`;
}

/** One row's verdict, with the engine taught S3's encryption-context key (engineShim.ts). */
export function evaluateRow(access: AccessCase): Promise<AccessRow> {
  return withEngineShim(() => evaluate(access));
}

async function evaluate(access: AccessCase): Promise<AccessRow> {
  const { request } = access;
  const simulation = await runSimulation(
    {
      request: {
        principal: access.caller.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: requestContext(access.caller, request),
      },
      identityPolicies: access.identityPolicies,
      resourcePolicy: access.resourcePolicy,
      ...(access.endpointPolicy !== undefined
        ? {
            vpcEndpointPolicies: [
              {
                name: access.endpointPolicyName ?? "endpoint policy",
                policy: access.endpointPolicy,
              },
            ],
          }
        : {}),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  const row = {
    scope: access.scope,
    name: access.name,
    severity: access.severity,
    ...(access.control ? { control: access.control } : {}),
    ...(access.group ? { group: access.group } : {}),
    expect: access.expect,
  };
  if (simulation.resultType !== "single") {
    const problem =
      simulation.resultType === "error"
        ? engineErrors(simulation.errors, access)
        : "the request resource matched a wildcard";
    return {
      ...row,
      result: "error",
      decidedBy: "",
      decidingStatements: [],
      asIntended: false,
      problems: [problem],
    };
  }
  const { analysis, ignoredContextKeys = [] } = simulation.result;
  const problems: string[] = [];
  if (ignoredContextKeys.length > 0) {
    problems.push(`the engine ignored context keys ${ignoredContextKeys.join(", ")}`);
  }
  const broad = accountLevelAllows(analysis);
  if (access.exactPrincipal && access.expect === "allowed" && broad.length > 0) {
    problems.push(
      `${access.resourcePolicyName} ${broad.join(", ")} trusts the whole account, not the role`,
    );
  }
  const verdict: Expectation = simulation.overallResult === "Allowed" ? "allowed" : "denied";
  const statements = decidingStatements(analysis, access);
  return {
    ...row,
    result: simulation.overallResult,
    decidedBy: decidedBy(analysis, access, statements),
    decidingStatements: statements,
    asIntended: verdict === access.expect && problems.length === 0,
    problems,
  };
}
