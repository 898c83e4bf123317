// s3rver (the S3 emulator) on 127.0.0.1 with one bucket in a directory of its own, and the
// standard AWS_* variables that point any SDK v3 client at an endpoint. The Lambda specs and the
// rehearsal put the shim (s3Shim.ts) in front of it; the benchmarks run it in a child process.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import S3rver from "s3rver";
import type { Environment } from "../../lambda/config";

/** s3rver accepts no other access key id; it does not check the secret. */
export const S3RVER_KEY = "S3RVER";
export const S3RVER_REGION = "eu-west-1";

export interface RunningS3rver {
  url: string;
  /** Stops the emulator and removes its directory. */
  stop(): Promise<void>;
}

export async function startS3rver(bucket: string): Promise<RunningS3rver> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  const emulator = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await emulator.run();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await emulator.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The standard AWS_* variables that point any SDK v3 client at `url`, and only those. */
export function s3Environment(url: string): Environment {
  return {
    AWS_ENDPOINT_URL_S3: url,
    AWS_REGION: S3RVER_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    // Node 20 is this machine's runtime, not the function's (nodejs22.x): silence the SDK's notice.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}
