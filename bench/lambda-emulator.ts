// Benchmark support: s3rver in a child process, so the emulator's CPU and memory are not counted
// against the process being measured. Run as a script it serves until killed:
//   node -r ts-node/register/transpile-only bench/lambda-emulator.ts serve <directory> <bucket>
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import S3rver from "s3rver";

export const BENCH_BUCKET = "bench-uploads-222222222222";
export const BENCH_OWNER = "222222222222";

export interface EmulatorProcess {
  url: string;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-s3rver-"));
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", __filename, "serve", directory, BENCH_BUCKET],
    { cwd: path.join(__dirname, ".."), stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The standard variables that point an SDK client (the handler's included) at the emulator. */
export function emulatorEnvironment(url: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    TARGET_BUCKET: BENCH_BUCKET,
    EXPECTED_BUCKET_OWNER: BENCH_OWNER,
  };
}

/** One line describing the machine, for bench/RESULTS.md. */
export function machine(): string {
  return `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`;
}

if (require.main === module && process.argv[2] === "serve") {
  const [directory, bucket] = process.argv.slice(3);
  new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  })
    .run()
    .then(({ port }) => console.log(port));
}
