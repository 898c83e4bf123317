// Where the project and the specs' own files are.
import * as path from "path";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");

/** A directory of stack files under test/fixtures/stacks, e.g. "sse-kms". */
export function stackFixtures(name: string): string {
  return path.join(PROJECT_ROOT, "test", "fixtures", "stacks", name);
}

/** Stack files the specs own: `example` (the values they assert) and `acme` (a user's). */
export const EXAMPLE_STACKS = stackFixtures("example");
export const ACME_STACKS = stackFixtures("acme");

/** A `--prove` file of test/fixtures/prove. */
export function proveFixture(name: string): string {
  return path.join(PROJECT_ROOT, "test", "fixtures", "prove", name);
}
