// Temporary directories of a test run: each is recorded where it is made, and mocha's root hook
// (openServers.ts) removes them all when the run ends, so no run leaves files in the system's
// temporary directory.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const made: string[] = [];

/** A new empty directory under the system's temporary directory, e.g. tempDir("stacks-"). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
