// The Lambda exactly as the writer stack would deploy it: the code archive and the environment
// the program registered, unpacked to a directory and loaded the way the nodejs22.x runtime does.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { UploadEvent, UploadResponse } from "../../lambda/handler";
import type { Context } from "aws-lambda";

export type DeployedHandler = (event: UploadEvent, context: Context) => Promise<UploadResponse>;

export interface DeployedFunction {
  /** The function's configured environment variables. */
  environment: Record<string, string>;
  /**
   * Loads `index.js` with the function's environment plus `extraEnvironment` (e.g. an S3
   * endpoint; undefined removes a variable), runs `use`, then restores process.env and removes the unpacked code. The
   * environment stays set while `use` runs: the SDK reads it lazily.
   */
  withHandler<T>(
    extraEnvironment: Record<string, string | undefined>,
    use: (handler: DeployedHandler) => Promise<T>,
  ): Promise<T>;
}

/** Reads the code archive and environment from a registered aws:lambda/function:Function. */
export async function deployedFunction(inputs: Record<string, unknown>): Promise<DeployedFunction> {
  const archive = inputs.code as pulumi.asset.AssetArchive;
  const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
  const files = await Promise.all(
    Object.entries(assets).map(async ([name, asset]) => [name, await asset.text] as const),
  );
  const environment = (inputs.environment as { variables: Record<string, string> }).variables;
  return {
    environment,
    async withHandler(extraEnvironment, use) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployed-lambda-"));
      for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
      const saved = { ...process.env };
      for (const [name, value] of Object.entries({ ...environment, ...extraEnvironment })) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
      try {
        const entry = path.join(dir, "index.js");
        const deployed = (await import(entry)) as { handler: DeployedHandler };
        return await use(deployed.handler);
      } finally {
        process.env = saved;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
