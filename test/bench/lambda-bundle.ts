// Size of the deployed bundle and its cold `require` time against an empty node.
//   npx ts-node --transpile-only test/bench/lambda-bundle.ts
// Each sample is a fresh node process, as a Lambda cold start is.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gzipSync } from "zlib";
import { bundleLambda } from "../../components/lambdaBundle";
import type { Environment } from "../../lambda/config";
import { machine, median } from "../harness/stats";
import { emulatorEnvironment } from "./lambda-emulator";

const SAMPLES = 21;

// Prints how long require() of the bundle took inside the process.
const TIMED_REQUIRE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
console.log(Number(process.hrtime.bigint() - started) / 1e6);
`;

/** Median wall time of a whole node process, and of what it printed (require ms), if anything. */
function sample(args: string[], env: Environment): { wallMs: number; printedMs: number } {
  const wall: number[] = [];
  const printed: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = process.hrtime.bigint();
    const output = execFileSync(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
    });
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
    printed.push(Number(output.toString().trim()) || 0);
  }
  return { wallMs: median(wall), printedMs: median(printed) };
}

function main(): void {
  const { code, sourceMap } = bundleLambda();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bundle-"));
  try {
    const bundle = path.join(directory, "index.js");
    fs.writeFileSync(bundle, code);
    fs.writeFileSync(`${bundle}.map`, sourceMap);
    const env = emulatorEnvironment("http://127.0.0.1:9");
    const sourceMaps = { ...env, NODE_OPTIONS: "--enable-source-maps" };

    const empty = sample(["-e", ""], env);
    const loaded = sample(["-e", TIMED_REQUIRE, bundle], env);
    const loadedWithMaps = sample(["-e", TIMED_REQUIRE, bundle], sourceMaps);

    console.log(`machine: ${machine()}`);
    console.log(
      `bundle: ${Buffer.byteLength(code)} bytes (${(Buffer.byteLength(code) / 1000).toFixed(0)} KB), ` +
        `gzip ${(gzipSync(code).length / 1000).toFixed(0)} KB, source map ` +
        `${(Buffer.byteLength(sourceMap) / 1000).toFixed(0)} KB`,
    );
    console.log(`median of ${SAMPLES} fresh processes:`);
    console.log(`  empty node:                         ${empty.wallMs.toFixed(0)} ms`);
    console.log(
      `  node + require(index.js):           ${loaded.wallMs.toFixed(0)} ms ` +
        `(+${(loaded.wallMs - empty.wallMs).toFixed(0)} ms; require itself ${loaded.printedMs.toFixed(0)} ms)`,
    );
    console.log(
      `  same, NODE_OPTIONS=--enable-source-maps (as deployed): ${loadedWithMaps.wallMs.toFixed(0)} ms ` +
        `(+${(loadedWithMaps.wallMs - empty.wallMs).toFixed(0)} ms; require itself ` +
        `${loadedWithMaps.printedMs.toFixed(0)} ms)`,
    );
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

main();
