// Runs a child process to completion, bounded. A synchronous child blocks the event loop, so
// mocha's own timeout cannot fire while it runs: every child gets a deadline, after which it is
// killed with SIGKILL (a hung child may ignore SIGTERM), and a child that could not start or was
// killed fails with a message naming the command, instead of returning an empty result.
import { spawnSync } from "child_process";

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long the child may run; 60 s unless given. */
  timeoutMs?: number;
  /** Fail unless the child exits 0, with its stderr in the message. */
  mustSucceed?: boolean;
}

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Enough for a JSON report of every row; spawnSync's 1 MiB default is not. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function runChild(command: string, args: string[], options: ChildOptions = {}): ChildResult {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: "utf8",
    timeout,
    killSignal: "SIGKILL",
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const shown = [command, ...args].join(" ").slice(0, 300);
  if (result.error) {
    const timedOut = (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
    const why = timedOut ? `did not finish within ${timeout} ms and was killed` : "failed";
    throw new Error(`${shown} ${why}: ${result.error.message}\n${result.stderr ?? ""}`);
  }
  if (result.signal) {
    throw new Error(`${shown} was killed by ${result.signal}\n${result.stderr}`);
  }
  if (options.mustSucceed && result.status !== 0) {
    throw new Error(`${shown} exited ${result.status}\n${result.stderr}`);
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A TypeScript file in a fresh node with ts-node (transpile-only), after `preload` modules. */
export function runTypeScript(
  file: string,
  args: string[],
  options: ChildOptions & { preload?: string[] } = {},
): ChildResult {
  const requires = [require.resolve("ts-node/register/transpile-only"), ...(options.preload ?? [])];
  return runChild(
    process.execPath,
    [...requires.flatMap((r) => ["-r", r]), file, ...args],
    options,
  );
}
