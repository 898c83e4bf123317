// Latency of Analyze over gRPC against the pack launched as the Pulumi CLI launches it: typical
// documents (target: median <= 2 ms) and the hostile corpus of test/harness/hostileInputs.ts
// (target: <= 50 ms per call for every input, its median over repeated calls).
// Run on demand: npx ts-node --transpile-only test/bench/pack-grpc.ts
import { HOSTILE_INPUTS } from "../harness/hostileInputs";
import { RunningPack, startPack } from "../harness/packProcess";
import { ROOT_ARN, guideBucketPolicy, projectBucketPolicy } from "../harness/policyDocuments";
import { machine, percentile } from "../harness/stats";

const TYPICAL_MEDIAN_MS = 2;
const HOSTILE_MS = 50;
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** Sorted latencies in ms of `calls` sequential Analyze calls, after `warmup` unmeasured ones. */
async function latencies(
  pack: RunningPack,
  type: string,
  props: Record<string, unknown>,
  warmup: number,
  calls: number,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await pack.analyze(type, props);
  const measured: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    await pack.analyze(type, props);
    measured.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return measured.sort((a, b) => a - b);
}

const cells = (values: number[]) => values.map((v) => v.toFixed(2)).join(" | ");

async function main(): Promise<void> {
  console.log(machine());
  const pack = await startPack();
  try {
    console.log(`pack started (port on stdout) in ${pack.startupMs} ms\n`);
    console.log("| typical document (2,000 calls) | median ms | p95 ms | p99 ms |");
    console.log("| --- | ---: | ---: | ---: |");
    let worstMedian = 0;
    for (const [name, document] of [
      ["project bucket policy", projectBucketPolicy()],
      ["guide, root principal (violations)", guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })],
    ] as const) {
      const props = { bucket: "my-target-bucket", policy: JSON.stringify(document) };
      const sorted = await latencies(pack, BUCKET_POLICY, props, 200, 2_000);
      worstMedian = Math.max(worstMedian, percentile(sorted, 50));
      console.log(`| ${name} | ${cells([50, 95, 99].map((p) => percentile(sorted, p)))} |`);
    }
    console.log("\n| hostile input (50 calls) | median ms | max ms |");
    console.log("| --- | ---: | ---: |");
    let worstHostile = 0;
    for (const input of HOSTILE_INPUTS) {
      const sorted = await latencies(pack, input.type, input.props, 5, 50);
      worstHostile = Math.max(worstHostile, percentile(sorted, 50));
      console.log(
        `| ${input.name} | ${cells([percentile(sorted, 50), sorted[sorted.length - 1]])} |`,
      );
    }
    const verdict = (ok: boolean) => (ok ? "meets" : "MISSES");
    console.log(
      `\ntypical: worst median ${worstMedian.toFixed(2)} ms ${verdict(worstMedian <= TYPICAL_MEDIAN_MS)} the target of ${TYPICAL_MEDIAN_MS} ms` +
        `\nhostile: worst median ${worstHostile.toFixed(2)} ms ${verdict(worstHostile <= HOSTILE_MS)} the target of ${HOSTILE_MS} ms`,
    );
    if (worstMedian > TYPICAL_MEDIAN_MS || worstHostile > HOSTILE_MS) process.exitCode = 1;
  } finally {
    await pack.stop();
  }
}

void main();
