// What the proof's specs share: the documents components/ writes for a link, the rows that did not
// hold, the problems a --prove file is refused for, the mandatory diagnostics, the report schema,
// and the writer's resources a fixture's identity policy names.
import Ajv2020 from "ajv/dist/2020";
import * as assert from "assert";
import { keyPolicy } from "../../components/kmsPolicies";
import { networkInterfacePolicy } from "../../components/networkPolicies";
import {
  WriterResources,
  bucketPolicy,
  gatewayEndpointPolicy,
  lambdaTrustPolicy,
  writerRolePolicy,
} from "../../components/policies";
import { PolicyDocument } from "../../components/policyBasics";
import { AccessRow } from "./evaluateRow";
import { LinkDescription, LinkPolicies } from "./intendedAccess";
import { ProveReport } from "./prove";
import { ProveFileError, parseProveInput } from "./proveFile";
import { Rehearsal } from "./rehearse";
import reportSchema from "./report.schema.json";

/** The problems a --prove file is refused for, one line each; fails when it is accepted. */
export function proveFileProblems(json: unknown): string[] {
  try {
    parseProveInput(json, "mine.json");
  } catch (error) {
    assert.ok(error instanceof ProveFileError);
    return error.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim());
  }
  assert.fail("the file was accepted");
}

/** The diagnostics of the pack's mandatory policies. */
export function mandatoryDiagnostics(
  report: ProveReport,
): ProveReport["policyCheck"]["diagnostics"] {
  return report.policyCheck.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
}

/** The log group and failure queue an identity policy written by writerRolePolicy() grants. */
export function writerResourcesOf(identityPolicy: unknown): WriterResources {
  const { Statement } = identityPolicy as { Statement: Record<string, string>[] };
  const resourceOf = (sid: string) => Statement.find((s) => s.Sid === sid)?.Resource;
  return {
    logGroupArn: String(resourceOf("WriteOwnLogs")).replace(/:\*$/, ""),
    failureQueueArn: String(resourceOf("KeepFailedEvents")),
  };
}

/** The rows that did not hold, as `<scope>: <row name> (<what decided it>)`. */
export function failedRows(rows: AccessRow[]): string[] {
  return rows.filter((r) => !r.asIntended).map((r) => `${r.scope}: ${r.name} (${r.decidedBy})`);
}

/** The required rows of a proof that did not hold, as `<scope>: <row name>`. */
export function failedRequired(report: ProveReport): string[] {
  return report.accessProof.rows
    .filter((r) => r.severity === "required" && !r.asIntended)
    .map((r) => `${r.scope}: ${r.name}`);
}

/**
 * The execution role's policies as one document, as IAM evaluates them together: the upload grant
 * and, in a VPC, the network-interface grant the role holds as a second policy.
 */
function roleIdentityPolicy(
  target: Parameters<typeof writerRolePolicy>[0],
  resources: WriterResources,
): PolicyDocument {
  const upload = writerRolePolicy(target, resources);
  if (!resources.network) return upload;
  return {
    ...upload,
    Statement: [...upload.Statement, ...networkInterfacePolicy(resources.network).Statement],
  };
}

/**
 * The documents components/ writes for a link: the trust, identity and bucket policies, and with
 * the link's key (SSE-KMS, in the key's region) the key policy, in a VPC the endpoint policy.
 */
export function moduleDocuments(link: LinkDescription, resources: WriterResources): LinkPolicies {
  const keyArn = link.kms?.keyArn;
  const target = keyArn
    ? { ...link, encryption: "sse-kms" as const, bucketRegion: keyArn.split(":")[3] }
    : link;
  const writers = [{ roleArn: link.roleArn, roleUniqueId: link.roleUniqueId }];
  return {
    trustPolicy: lambdaTrustPolicy(),
    identityPolicy: roleIdentityPolicy(target, resources),
    bucketPolicy: bucketPolicy(target, writers, keyArn),
    ...(keyArn ? { keyPolicy: keyPolicy(target, writers) } : {}),
    ...(link.vpc ? { endpointPolicy: gatewayEndpointPolicy(target, link.roleArn) } : {}),
  };
}

/** The steps of a rehearsal that failed. */
export function failedSteps(report: Rehearsal): string[] {
  return (["plan", "policyCheck", "accessProof", "upload"] as const).filter(
    (step) => !report[step].ok,
  );
}

/** The report's JSON Schema (test/rehearsal/report.schema.json), every error listed. */
export const validateReport = new Ajv2020({
  strict: true,
  strictRequired: false,
  allErrors: true,
}).compile(reportSchema);

export function assertMatchesSchema(report: unknown): void {
  assert.ok(validateReport(report), JSON.stringify(validateReport.errors, null, 2));
}
