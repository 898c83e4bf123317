// Benchmark support: s3rver in a child process, so the emulator's CPU and memory are not counted
// against the process being measured. Run as a script it serves until killed:
//   node -r ts-node/register/transpile-only test/bench/lambda-emulator.ts serve <bucket>
import { spawn } from "child_process";
import * as path from "path";
import type { Environment } from "../../lambda/config";
import { s3Environment, startS3rver } from "../harness/s3Emulator";

export const BENCH_BUCKET = "bench-uploads-222222222222";
const BENCH_OWNER = "222222222222";

interface EmulatorProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", __filename, "serve", BENCH_BUCKET],
    { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    },
  };
}

/** The variables that point an SDK client (the handler's included) at the emulator. */
export function emulatorEnvironment(url: string): Environment {
  return {
    ...s3Environment(url),
    TARGET_BUCKET: BENCH_BUCKET,
    EXPECTED_BUCKET_OWNER: BENCH_OWNER,
  };
}

if (require.main === module && process.argv[2] === "serve") {
  void startS3rver(process.argv[3]).then((emulator) => {
    // Stopped with SIGINT: close the emulator and remove its directory before exiting.
    process.once("SIGINT", () => void emulator.stop().then(() => process.exit(0)));
    console.log(emulator.url);
  });
}
