// Handler throughput against raw PutObjectCommand on the same endpoint, in the same run.
//   npx ts-node --transpile-only bench/lambda-throughput.ts
// Both write the same ~1 KiB JSON documents to s3rver (in a child process). Rounds alternate so
// that drift in the emulator (its directory grows) hits both sides alike.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "crypto";
import * as fs from "fs";
import {
  BENCH_BUCKET,
  emulatorEnvironment,
  machine,
  startEmulatorProcess,
} from "./lambda-emulator";
import { lambdaContext } from "../test/lambda/s3Endpoint";

const OBJECTS_PER_ROUND = 500;
const ROUNDS = 10;
const CONCURRENCY = [1, 16];
const DATA = { test: true, message: "cross-account upload test", padding: "x".repeat(900) };

type Write = () => Promise<unknown>;

interface Rate {
  perSecond: number;
  /** CPU time of this process (the client side) per object, in microseconds. */
  cpuMicros: number;
}

async function run(write: Write, objects: number, concurrency: number): Promise<Rate> {
  let next = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next++ < objects) await write();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { user, system } = process.cpuUsage(cpu);
  return { perSecond: objects / seconds, cpuMicros: (user + system) / objects };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  Object.assign(process.env, emulatorEnvironment(emulator.url));
  const { handler } = await import("../lambda/handler");
  const raw = new S3Client({});

  // The handler's log lines still cost their syscall, but do not flood the terminal.
  const devNull = fs.openSync("/dev/null", "w");
  const write = process.stdout.write.bind(process.stdout);
  const report = (line: string): boolean => write(`${line}\n`);
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    if (typeof chunk === "string") fs.writeSync(devNull, chunk);
    else fs.writeSync(devNull, chunk);
    return true;
  }) as typeof process.stdout.write;

  const writers: Record<"raw" | "handler", Write> = {
    raw: () =>
      raw.send(
        new PutObjectCommand({
          Bucket: BENCH_BUCKET,
          Key: `raw/${randomUUID()}.json`,
          Body: JSON.stringify({ data: DATA }),
          ContentType: "application/json",
        }),
      ),
    handler: () => handler({ data: DATA }, lambdaContext()),
  };

  report(`machine: ${machine()}`);
  report(`${OBJECTS_PER_ROUND} objects per round, ${ROUNDS} rounds alternating, medians`);
  try {
    for (const concurrency of CONCURRENCY) {
      await run(writers.raw, 300, concurrency);
      await run(writers.handler, 300, concurrency);
      const rates: Record<"raw" | "handler", Rate[]> = { raw: [], handler: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of ["raw", "handler"] as const) {
          rates[side].push(await run(writers[side], OBJECTS_PER_ROUND, concurrency));
        }
      }
      const summary = (side: "raw" | "handler"): string =>
        `${median(rates[side].map((r) => r.perSecond)).toFixed(0)}/s ` +
        `[${rates[side].map((r) => r.perSecond.toFixed(0)).join(", ")}], ` +
        `${median(rates[side].map((r) => r.cpuMicros)).toFixed(0)} us CPU/object`;
      // Rounds run in pairs; the median of the pairs' ratios is robust to drift in the emulator.
      const ratio = median(rates.handler.map((r, i) => r.perSecond / rates.raw[i].perSecond));
      report(
        `concurrency ${concurrency}: raw PutObjectCommand ${summary("raw")}; ` +
          `handler ${summary("handler")}; median pairwise ratio ${ratio.toFixed(2)}`,
      );
    }
  } finally {
    process.stdout.write = write;
    raw.destroy();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
