// `npm start --silent -- <args>` as the specs run it: main.ts in a fresh node from the project
// root, bounded like every child of the specs (test/harness/childProcess.ts).
import * as path from "path";
import { ChildResult, runTypeScript } from "../harness/childProcess";
import { PROJECT_ROOT } from "../harness/paths";

const MAIN = path.join(__dirname, "main.ts");
/** A whole rehearsal takes seconds; under a loaded machine, tens of them. */
export const START_TIMEOUT_MS = 120_000;

export function runStart(
  args: string[],
  options: { preload?: string[]; env?: Record<string, string> } = {},
): ChildResult {
  return runTypeScript(MAIN, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    preload: options.preload,
    timeoutMs: START_TIMEOUT_MS,
  });
}
