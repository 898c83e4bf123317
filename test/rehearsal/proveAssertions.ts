// What the `--prove` specs assert on: the problems a file is refused for, the required rows that
// failed.
import * as assert from "assert";
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

/** The required rows of a proof that did not hold, as `<scope>: <row name>`. */
export function failedRequired(report: ProveReport): string[] {
  return report.accessProof.rows
    .filter((r) => r.severity === "required" && !r.asIntended)
    .map((r) => `${r.scope}: ${r.name}`);
}
