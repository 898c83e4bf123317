// How long `npm start` takes end to end, and where the time goes.
//   npx ts-node --transpile-only bench/start.ts [runs]
// Each run is a fresh `npm start -- --json` process; the JSON report gives each step's time, the
// rest of the wall time is npm, Node and ts-node starting and the modules loading.
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import type { Rehearsal } from "../test/rehearsal/rehearse";

const ROOT = path.join(__dirname, "..");
const runs = Number(process.argv[2] ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const samples: { wall: number; report: Rehearsal }[] = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const result = spawnSync("npm", ["start", "--silent", "--", "--json"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`npm start failed:\n${result.stdout}${result.stderr}`);
  samples.push({ wall, report: JSON.parse(result.stdout) as Rehearsal });
}

const column = (pick: (s: (typeof samples)[number]) => number) => median(samples.map(pick));
const rows: [string, number][] = [
  ["wall time of `npm start`", column((s) => s.wall)],
  ["  1. plan (both stacks under mocks, esbuild bundle)", column((s) => s.report.plan.ms)],
  ["  2. policy check (pack start + Analyze over gRPC)", column((s) => s.report.policyCheck.ms)],
  [
    "     of which the pack process starting",
    column((s) => s.report.policyCheck.detail?.startupMs ?? 0),
  ],
  ["  3. access proof (IAM engine)", column((s) => s.report.accessProof.ms)],
  ["  4. upload rehearsal (s3rver + deployed bundle)", column((s) => s.report.upload.ms)],
  ["  npm, Node, ts-node and module loading", column((s) => s.wall - s.report.ms)],
];
console.log(`${runs} runs, medians; ${os.cpus().length} cores, Node ${process.version}`);
for (const [label, ms] of rows) console.log(`${label.padEnd(56)} ${(ms / 1000).toFixed(2)} s`);
