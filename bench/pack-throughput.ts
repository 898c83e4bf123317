// In-process throughput of the whole pack: every policy run over bucket policies whose props are
// built the way the policy server builds them (protobuf Struct, unknownCheckingProxy).
// Run on demand: npx ts-node --transpile-only bench/pack-throughput.ts
import * as os from "os";
import { policies } from "../policy-pack/policies";
import {
  BUCKET_ARN,
  GUIDE_UPLOAD_STATEMENT,
  ROOT_ARN,
  bucketPolicyArgs,
  guideBucketPolicy,
  policyDocument,
  projectBucketPolicy,
  runPolicy,
} from "../test/policy-pack/fixtures";

const TARGET_PER_SECOND = 10_000;
const ROUNDS = 20_000;
const WARMUP = 2_000;

const DOCUMENTS: [string, unknown][] = [
  ["project bucket policy (2 statements)", projectBucketPolicy()],
  ["guide, root principal", guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })],
  ["guide, bucket ARN resource", guideBucketPolicy({ Resource: BUCKET_ARN })],
  [
    "20 writer statements",
    policyDocument(
      ...Array.from({ length: 20 }, (_, i) => ({
        ...GUIDE_UPLOAD_STATEMENT,
        Sid: `Writer${i}`,
        Principal: { AWS: `arn:aws:iam::1234567890${String(i).padStart(2, "0")}:role/uploader` },
      })),
    ),
  ],
  ["malformed JSON", '{"Statement": ['],
];

/** The document as distinct JSON text each round, so no round reuses another's parse. */
function roundText(document: unknown, round: number): string {
  if (typeof document === "string") return document.replace("{", `{"Id": "round-${round}", `);
  return JSON.stringify({ Id: `round-${round}`, ...(document as Record<string, unknown>) });
}

/**
 * Bucket policies per second: the time spent running every policy over each round's args; with
 * `build`, building the args as the server does (Struct round trip, proxy) is timed too.
 */
async function measure(document: unknown, build: boolean): Promise<number> {
  let nanoseconds = 0n;
  for (let round = -WARMUP; round < ROUNDS; round++) {
    const text = roundText(document, round);
    const prebuilt = build ? undefined : bucketPolicyArgs(text);
    const start = process.hrtime.bigint();
    const args = prebuilt ?? bucketPolicyArgs(text);
    for (const policy of policies) await runPolicy(policy, args);
    if (round >= 0) nanoseconds += process.hrtime.bigint() - start;
  }
  return ROUNDS / (Number(nanoseconds) / 1e9);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"})`);
  console.log(`${policies.length} policies per bucket policy, ${ROUNDS} rounds each\n`);
  console.log("| document | policies only (/s) | with server-side props build (/s) |");
  console.log("| --- | ---: | ---: |");
  let slowest = Infinity;
  for (const [name, document] of DOCUMENTS) {
    const rate = await measure(document, false);
    const withBuild = await measure(document, true);
    slowest = Math.min(slowest, rate);
    const cells = [rate, withBuild].map((r) => Math.round(r).toLocaleString("en-US"));
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
  const verdict = slowest >= TARGET_PER_SECOND ? "meets" : "MISSES";
  console.log(
    `\nslowest ${Math.round(slowest).toLocaleString("en-US")}/s ${verdict} the target of ${TARGET_PER_SECOND.toLocaleString("en-US")}/s`,
  );
  if (slowest < TARGET_PER_SECOND) process.exitCode = 1;
}

void main();
