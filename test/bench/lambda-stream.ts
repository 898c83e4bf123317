// A 1 GiB file through the streaming helper (uploadFile of the deployed bundle) against a raw
// lib-storage Upload of the same file, on the same endpoint, in the same run.
//   npx ts-node --transpile-only test/bench/lambda-stream.ts [size in MiB, default 1024]
// BENCH_ROUNDS (default 3, keep it odd) sets how many pairs of uploads run. Each round prints a
// Markdown row, so the summary (median of the rounds' ratios, highest peak RSS) can be recomputed.
// Each upload runs in a fresh node process (no ts-node, no emulator inside) whose peak RSS is
// read from process.resourceUsage(); s3rver runs in a process of its own.
import { DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { execFile } from "child_process";
import { randomBytes } from "crypto";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleLambda } from "../../components/lambdaBundle";
import type { Environment } from "../../lambda/config";
import { S3RVER_KEY, S3RVER_REGION } from "../harness/s3Emulator";
import { machine, median } from "../harness/stats";
import { BENCH_BUCKET, emulatorEnvironment, startEmulatorProcess } from "./lambda-emulator";

const MIB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Measurement {
  ms: number;
  maxRssBytes: number;
}

function runWorker(worker: string, args: string[], env: Environment): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [worker, ...args],
      { env: { PATH: process.env.PATH, ...env }, maxBuffer: 16 * MIB },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const lines = stdout.trim().split("\n");
        resolve(JSON.parse(lines[lines.length - 1]) as Measurement);
      },
    );
  });
}

function writeFile(file: string, bytes: number): void {
  const block = randomBytes(MIB);
  const fd = fs.openSync(file, "w");
  for (let written = 0; written < bytes; written += MIB) fs.writeSync(fd, block);
  fs.closeSync(fd);
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const throughput = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

async function main(): Promise<void> {
  const sizeMiB = Number(process.argv[2] ?? 1024);
  const bytes = sizeMiB * MIB;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-stream-"));
  const emulator = await startEmulatorProcess();
  const env = emulatorEnvironment(emulator.url);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const cleaner = new S3Client({
    endpoint: emulator.url,
    region: S3RVER_REGION,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
  });
  try {
    const file = path.join(directory, "export.bin");
    writeFile(file, bytes);
    const deployed = path.join(directory, "index.js");
    fs.writeFileSync(deployed, bundleLambda().code);
    const worker = path.join(directory, "worker.js");
    esbuild.buildSync({
      entryPoints: [path.join(__dirname, "lambda-stream-worker.ts")],
      bundle: true,
      minify: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: worker,
      logLevel: "silent",
    });

    console.log(`machine: ${machine()}`);
    console.log(`file: ${sizeMiB} MiB, ${ROUNDS} rounds, raw then helper in each`);
    console.log("| round | raw MB/s | helper MB/s | ratio | peak RSS raw / helper |");
    console.log("| ----: | -------: | ----------: | ----: | --------------------: |");
    const results: Record<"raw" | "helper", Measurement[]> = { raw: [], helper: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ["raw", "helper"] as const) {
        const key = `uploads/bench/${mode}-${round}.bin`;
        const args = mode === "helper" ? [mode, deployed, file, key] : [mode, file, key];
        results[mode].push(await runWorker(worker, args, env));
        await cleaner.send(new DeleteObjectCommand({ Bucket: BENCH_BUCKET, Key: key }));
      }
      const [raw, helper] = [results.raw[round - 1], results.helper[round - 1]];
      console.log(
        `| ${round} | ${throughput(bytes, raw.ms).toFixed(1)} | ` +
          `${throughput(bytes, helper.ms).toFixed(1)} | ` +
          `${(throughput(bytes, helper.ms) / throughput(bytes, raw.ms)).toFixed(2)} | ` +
          `${mb(raw.maxRssBytes)} / ${mb(helper.maxRssBytes)} |`,
      );
    }
    const rates = (mode: "raw" | "helper"): number[] =>
      results[mode].map((m) => throughput(bytes, m.ms));
    const peak = (mode: "raw" | "helper"): number =>
      Math.max(...results[mode].map((m) => m.maxRssBytes));
    const ratios = rates("helper").map((rate, i) => rate / rates("raw")[i]);
    console.log(
      `| median / highest | ${median(rates("raw")).toFixed(1)} | ` +
        `${median(rates("helper")).toFixed(1)} | **${median(ratios).toFixed(2)}** (of the rounds' ` +
        `ratios) | ${mb(peak("raw"))} / **${mb(peak("helper"))}** (highest) |`,
    );
  } finally {
    cleaner.destroy();
    await emulator.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
