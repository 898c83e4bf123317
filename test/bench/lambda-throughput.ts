// Handler throughput against raw PutObjectCommand on the same endpoint, in the same run.
//   npx ts-node --transpile-only test/bench/lambda-throughput.ts
// BENCH_ROUNDS (default 11) and BENCH_OBJECTS (objects per round, default 500) shorten a trial.
// Both write the same ~1 KiB JSON documents to s3rver (in a child process). Rounds alternate so
// that drift in the emulator (its directory grows) hits both sides alike. Every round is printed
// as a Markdown row (raw/s, handler/s, their ratio), so the summary can be recomputed from them:
// the target is the median of the rounds' ratios; the ratio of the two medians is printed beside
// it and may differ, since the fastest raw round and the fastest handler round are not a pair.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "crypto";
import * as fs from "fs";
import { setEnvironment } from "../harness/environment";
import { lambdaContext } from "../harness/invocation";
import { machine, median } from "../harness/stats";
import { BENCH_BUCKET, emulatorEnvironment, startEmulatorProcess } from "./lambda-emulator";

const OBJECTS_PER_ROUND = Number(process.env.BENCH_OBJECTS ?? 500);
/** Odd, so that each median is one round's figure. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
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

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  setEnvironment(emulatorEnvironment(emulator.url));
  const { handler } = await import("../../lambda/handler");
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
  report(`${OBJECTS_PER_ROUND} objects per round, ${ROUNDS} rounds alternating raw then handler`);
  try {
    for (const concurrency of CONCURRENCY) {
      await run(writers.raw, 300, concurrency);
      await run(writers.handler, 300, concurrency);
      report("");
      report(`concurrency ${concurrency}`);
      report("| round | raw objects/s | handler objects/s | ratio | CPU µs/object raw / handler |");
      report("| ----: | ------------: | ----------------: | ----: | --------------------------: |");
      const rounds: { raw: Rate; handler: Rate; ratio: number }[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const raw = await run(writers.raw, OBJECTS_PER_ROUND, concurrency);
        const handlerRate = await run(writers.handler, OBJECTS_PER_ROUND, concurrency);
        const ratio = handlerRate.perSecond / raw.perSecond;
        rounds.push({ raw, handler: handlerRate, ratio });
        report(
          `| ${round} | ${raw.perSecond.toFixed(0)} | ${handlerRate.perSecond.toFixed(0)} | ` +
            `${ratio.toFixed(2)} | ${raw.cpuMicros.toFixed(0)} / ${handlerRate.cpuMicros.toFixed(0)} |`,
        );
      }
      const rawMedian = median(rounds.map((r) => r.raw.perSecond));
      const handlerMedian = median(rounds.map((r) => r.handler.perSecond));
      report(
        `| median | ${rawMedian.toFixed(0)} | ${handlerMedian.toFixed(0)} | ` +
          `**${median(rounds.map((r) => r.ratio)).toFixed(2)}** (of the rounds' ratios; ` +
          `${(handlerMedian / rawMedian).toFixed(2)} of the medians) | ` +
          `${median(rounds.map((r) => r.raw.cpuMicros)).toFixed(0)} / ` +
          `${median(rounds.map((r) => r.handler.cpuMicros)).toFixed(0)} |`,
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
