// In-process throughput of the whole pack: every policy run over bucket policies whose props are
// built the way the policy server builds them (protobuf Struct, unknownCheckingProxy), counted in
// bucket policies per second. Three figures: the pack's own work (a policy that does not judge the
// type ends with a reused marker instead of the server's NotApplicableError); every policy run as
// the server runs it, args built once (the target, as measured since the pack's first version);
// and the same with the args built each round.
// Run on demand: npx ts-node --transpile-only test/bench/pack-throughput.ts
import { ResourceValidationArgs } from "@pulumi/policy";
import { policies } from "../../policy-pack/policies";
import { bucketPolicyArgs } from "../harness/carriers";
import {
  BUCKET_ARN,
  GUIDE_UPLOAD_STATEMENT,
  ROOT_ARN,
  guideBucketPolicy,
  policyDocument,
  projectBucketPolicy,
} from "../harness/policyDocuments";
import { runPolicy } from "../harness/policyRunner";
import { machine } from "../harness/stats";

const TARGET_PER_SECOND = 30_000;
const ROUNDS = 20_000;
const WARMUP = 2_000;

/** Documents, and whether the target applies: it is for typical policies of a few statements. */
const DOCUMENTS: [string, unknown, boolean][] = [
  ["project bucket policy (3 statements)", projectBucketPolicy(), true],
  ["guide, root principal", guideBucketPolicy({ Principal: { AWS: ROOT_ARN } }), true],
  ["guide, bucket ARN resource", guideBucketPolicy({ Resource: BUCKET_ARN }), true],
  [
    "20 writer statements",
    policyDocument(
      ...Array.from({ length: 20 }, (_, i) => ({
        ...GUIDE_UPLOAD_STATEMENT,
        Sid: `Writer${i}`,
        Principal: { AWS: `arn:aws:iam::1234567890${String(i).padStart(2, "0")}:role/uploader` },
      })),
    ),
    false,
  ],
  ["malformed JSON", '{"Statement": [', true],
];

/** The document as distinct JSON text each round, so no round reuses another's parse. */
function roundText(document: unknown, round: number): string {
  if (typeof document === "string") return document.replace("{", `{"Id": "round-${round}", `);
  return JSON.stringify({ Id: `round-${round}`, ...(document as Record<string, unknown>) });
}

type Mode = "pack alone" | "as the server runs it" | "with args built";

const NOT_APPLICABLE = new Error("not applicable");

/** Runs every policy over `args` directly, ending not-applicable ones with a reused marker. */
async function runAlone(args: ResourceValidationArgs): Promise<void> {
  args.notApplicable = () => {
    throw NOT_APPLICABLE;
  };
  const report = () => undefined;
  for (const policy of policies) {
    try {
      for (const validate of [policy.validateResource ?? []].flat()) await validate(args, report);
    } catch (error) {
      if (error !== NOT_APPLICABLE) throw error;
    }
  }
}

/** Bucket policies per second over the time spent as `mode` says (see the header). */
async function measure(document: unknown, mode: Mode): Promise<number> {
  let nanoseconds = 0n;
  for (let round = -WARMUP; round < ROUNDS; round++) {
    const text = roundText(document, round);
    const prebuilt = mode === "with args built" ? undefined : bucketPolicyArgs(text);
    const start = process.hrtime.bigint();
    const args = prebuilt ?? bucketPolicyArgs(text);
    if (mode === "pack alone") await runAlone(args);
    else for (const policy of policies) await runPolicy(policy, args);
    if (round >= 0) nanoseconds += process.hrtime.bigint() - start;
  }
  return ROUNDS / (Number(nanoseconds) / 1e9);
}

async function main(): Promise<void> {
  console.log(machine());
  console.log(`${policies.length} policies per bucket policy, ${ROUNDS} rounds each\n`);
  console.log("| document | pack alone (/s) | as the server runs it (/s) | with args built (/s) |");
  console.log("| --- | ---: | ---: | ---: |");
  let slowest = Infinity;
  for (const [name, document, targeted] of DOCUMENTS) {
    const alone = await measure(document, "pack alone");
    const rate = await measure(document, "as the server runs it");
    const withBuild = await measure(document, "with args built");
    if (targeted) slowest = Math.min(slowest, rate);
    const cells = [alone, rate, withBuild].map((r) => Math.round(r).toLocaleString("en-US"));
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
  const verdict = slowest >= TARGET_PER_SECOND ? "meets" : "MISSES";
  console.log(
    `\nslowest typical document ${Math.round(slowest).toLocaleString("en-US")}/s ${verdict} the target of ${TARGET_PER_SECOND.toLocaleString("en-US")}/s`,
  );
  if (slowest < TARGET_PER_SECOND) process.exitCode = 1;
}

void main();
