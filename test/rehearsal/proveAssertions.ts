// What the `--prove` specs assert on: the problems a file is refused for, the required rows that
// failed, the mandatory diagnostics, and the writer's resources a fixture's identity policy names.
import * as assert from "assert";
import { WriterResources } from "../../components/policies";
import { ProveReport } from "./prove";
import { ProveFileError, parseProveInput } from "./proveFile";

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

/** The required rows of a proof that did not hold, as `<scope>: <row name>`. */
export function failedRequired(report: ProveReport): string[] {
  return report.accessProof.rows
    .filter((r) => r.severity === "required" && !r.asIntended)
    .map((r) => `${r.scope}: ${r.name}`);
}
