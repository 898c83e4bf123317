// Latency of Analyze over gRPC against the pack launched as the Pulumi CLI launches it.
// Run on demand: npx ts-node --transpile-only bench/pack-grpc.ts
import * as os from "os";
import { ROOT_ARN, guideBucketPolicy, projectBucketPolicy } from "../test/policy-pack/fixtures";
import { startPack } from "../test/policy-pack/packProcess";

const TARGET_MEDIAN_MS = 5;
const WARMUP = 200;
const CALLS = 2_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"})`);
  const pack = await startPack();
  try {
    console.log(`pack started (port on stdout) in ${pack.startupMs} ms\n`);
    console.log("| document | median ms | p95 ms | p99 ms |");
    console.log("| --- | ---: | ---: | ---: |");
    let worstMedian = 0;
    for (const [name, document] of [
      ["project bucket policy", projectBucketPolicy()],
      ["guide, root principal (violations)", guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })],
    ] as const) {
      const props = { bucket: "my-target-bucket", policy: JSON.stringify(document) };
      for (let i = 0; i < WARMUP; i++)
        await pack.analyze("aws:s3/bucketPolicy:BucketPolicy", props);
      const latencies: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const start = process.hrtime.bigint();
        await pack.analyze("aws:s3/bucketPolicy:BucketPolicy", props);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      latencies.sort((a, b) => a - b);
      const median = percentile(latencies, 50);
      worstMedian = Math.max(worstMedian, median);
      const cells = [median, percentile(latencies, 95), percentile(latencies, 99)].map((v) =>
        v.toFixed(2),
      );
      console.log(`| ${name} | ${cells.join(" | ")} |`);
    }
    const verdict = worstMedian <= TARGET_MEDIAN_MS ? "meets" : "MISSES";
    console.log(
      `\nworst median ${worstMedian.toFixed(2)} ms ${verdict} the target of ${TARGET_MEDIAN_MS} ms (${CALLS} sequential calls each)`,
    );
    if (worstMedian > TARGET_MEDIAN_MS) process.exitCode = 1;
  } finally {
    await pack.stop();
  }
}

void main();
