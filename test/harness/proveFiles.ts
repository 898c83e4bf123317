// The files `npm start -- --prove` reads in the specs: the fixtures, and what a file is refused for.
import * as assert from "assert";
import * as path from "path";
import { ProveFileError, parseProveInput } from "../rehearsal/proveFile";
import { PROJECT_ROOT } from "./stacks";

/** A file of test/fixtures/prove. */
export function proveFixture(name: string): string {
  return path.join(PROJECT_ROOT, "test", "fixtures", "prove", name);
}

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
