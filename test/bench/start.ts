// How long `npm start` takes end to end, and where the time goes.
//   npx ts-node --transpile-only test/bench/start.ts [runs]
// Each run is a fresh `npm start -- --json` process; the JSON report gives each step's time, the
// rest of the wall time is npm, Node and ts-node starting and the modules loading.
import { spawnSync } from "child_process";
import { PROJECT_ROOT } from "../harness/paths";
import { machine, median } from "../harness/stats";
import type { Rehearsal } from "../rehearsal/rehearse";

const runs = Number(process.argv[2] ?? 5);

const samples: { wall: number; report: Rehearsal }[] = [];
for (let i = 0; i < runs; i++) {
  const started = process.hrtime.bigint();
  const result = spawnSync("npm", ["start", "--silent", "--", "--json"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`npm start failed:\n${result.stdout}${result.stderr}`);
  samples.push({ wall, report: JSON.parse(result.stdout) as Rehearsal });
}

const column = (pick: (s: (typeof samples)[number]) => number) => median(samples.map(pick));
const rows: [string, number][] = [
  ["wall time of `npm start`", column((s) => s.wall)],
  [
    "  1. plan: the stack files through the program under mocks, esbuild",
    column((s) => s.report.plan.ms),
  ],
  ["  2. policy check: pack start + Analyze over gRPC", column((s) => s.report.policyCheck.ms)],
  [
    "     of which the pack starting, the other ownership modes planned meanwhile",
    column((s) => s.report.policyCheck.detail?.startupMs ?? 0),
  ],
  [
    "  3. access proof: every ownership mode through the IAM engine",
    column((s) => s.report.accessProof.ms),
  ],
  [
    "  4. upload rehearsal: s3rver + shim, deployed bundle, read back",
    column((s) => s.report.upload.ms),
  ],
  ["  npm, Node, ts-node and module loading", column((s) => s.wall - s.report.ms)],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`${runs} runs, medians; ${machine()}`);
for (const [label, ms] of rows) console.log(`${label.padEnd(width)} ${(ms / 1000).toFixed(2)} s`);
