// One measured upload of one file, in a process of its own so that its peak RSS is its own.
// test/bench/lambda-stream.ts bundles this file with esbuild and runs it with plain node:
//   node worker.js helper <deployed bundle> <file> <key>   -> uploadFile of the deployed bundle
//   node worker.js raw <file> <key>                        -> a raw lib-storage Upload
// Configuration comes from the environment. The last stdout line is {"ms", "maxRssBytes"}.
import { createReadStream } from "fs";
import { createRequire } from "module";

type Deployed = typeof import("../../lambda/handler");

/** Loads the code first, so that the timed part is the upload alone. */
async function prepare(mode: string, args: string[]): Promise<() => Promise<unknown>> {
  if (mode === "helper") {
    const [bundle, file, key] = args;
    // Loaded with require, as the nodejs22.x runtime loads a CommonJS handler.
    const deployed = createRequire(__filename)(bundle) as Deployed;
    // As a handler calls it, with its invocation's context: a 15-minute function, just started.
    const context = { getRemainingTimeInMillis: () => 15 * 60_000 };
    return () => deployed.uploadFile(file, key, { context });
  }
  const [file, key] = args;
  const { S3Client } = await import("@aws-sdk/client-s3");
  const { Upload } = await import("@aws-sdk/lib-storage");
  const client = new S3Client({});
  return () =>
    new Upload({
      client,
      params: { Bucket: process.env.TARGET_BUCKET, Key: key, Body: createReadStream(file) },
    }).done();
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const upload = await prepare(mode, args);
  const started = process.hrtime.bigint();
  await upload();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // Linux reports maxRSS in KiB.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, maxRssBytes }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
