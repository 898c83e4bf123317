// How long one row of the access proof takes, cold and warm, in each ownership mode.
//   npx ts-node --transpile-only test/bench/access-proof.ts [warm runs]
// The documents are components/policies.ts's for a sample link, as the stacks would write them.
import { bucketPolicy, lambdaTrustPolicy, writerRolePolicy } from "../../components/policies";
import { OBJECT_OWNERSHIP_MODES } from "../../components/validation";
import { machine, median } from "../harness/stats";
import { proveAccess } from "../rehearsal/accessProof";
import { LinkDescription } from "../rehearsal/intendedAccess";

const runs = Number(process.argv[2] ?? 20);
const resources = {
  logGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/uploader",
  failureQueueArn: "arn:aws:sqs:eu-west-1:111111111111:uploader-failed",
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  console.log(`${runs} warm runs per mode, medians; ${machine()}`);
  for (const objectOwnership of OBJECT_OWNERSHIP_MODES) {
    const link: LinkDescription = {
      roleArn: "arn:aws:iam::111111111111:role/uploader",
      roleUniqueId: "AROAEXAMPLEUPLOADER01",
      sessionName: "uploader-fn",
      bucketName: "example-uploads",
      prefix: "uploads/",
      bucketAccountId: "222222222222",
      objectOwnership,
      writerResources: resources,
    };
    const policies = {
      trustPolicy: lambdaTrustPolicy(),
      identityPolicy: writerRolePolicy(link, resources),
      bucketPolicy: bucketPolicy(link, [{ roleArn: link.roleArn }]),
    };
    const rows = (await proveAccess(link, policies)).length;
    const cold = await timed(() => proveAccess(link, policies));
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await timed(() => proveAccess(link, policies)));
    const warmMs = median(warm);
    console.log(
      `${objectOwnership.padEnd(21)} ${rows} rows: matrix ${warmMs.toFixed(0)} ms, ` +
        `${(warmMs / rows).toFixed(2)} ms per row (second run ${cold.toFixed(0)} ms)`,
    );
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
