// The Lambda exactly as the writer stack would deploy it: the code archive and the environment
// the program registered, unpacked to a directory and loaded the way the nodejs22.x runtime does.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Context } from "aws-lambda";
import type { Environment } from "../../lambda/config";
import type { UploadEvent, UploadResponse } from "../../lambda/handler";
import { setEnvironment } from "./environment";

export type DeployedHandler = (event: UploadEvent, context: Context) => Promise<UploadResponse>;

export interface DeployedFunction {
  /** The function's configured environment variables. */
  environment: Record<string, string>;
  /**
   * Loads `index.js` with the function's environment plus `extraEnvironment` (e.g. an S3
   * endpoint; undefined removes a variable), runs `use`, then restores process.env and removes
   * the unpacked code. The environment stays set while `use` runs: the SDK reads it lazily.
   */
  withHandler<T>(
    extraEnvironment: Environment,
    use: (handler: DeployedHandler) => Promise<T>,
  ): Promise<T>;
}

/**
 * The files of the function's code, a FileArchive of a directory. The engine resolves a relative
 * archive path against the program's working directory, as path.resolve does here.
 */
async function codeFiles(code: unknown): Promise<[string, Buffer][]> {
  if (!(code instanceof pulumi.asset.FileArchive)) {
    throw new Error("the function's code is not a FileArchive of the build directory");
  }
  const dir = path.resolve(await code.path);
  return fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]);
}

/** Reads the code archive and environment from a registered aws:lambda/function:Function. */
export async function deployedFunction(inputs: Record<string, unknown>): Promise<DeployedFunction> {
  const files = await codeFiles(inputs.code);
  const environment = (inputs.environment as { variables: Record<string, string> }).variables;
  return {
    environment,
    async withHandler(extraEnvironment, use) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployed-lambda-"));
      for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
      const restore = setEnvironment({ ...environment, ...extraEnvironment });
      try {
        const entry = path.join(dir, "index.js");
        const deployed = (await import(entry)) as { handler: DeployedHandler };
        return await use(deployed.handler);
      } finally {
        restore();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
