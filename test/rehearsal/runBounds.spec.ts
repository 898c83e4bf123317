// What keeps a test run bounded and clean. Every child process a spec runs (npm start, npm pack,
// the bundler, the workflow validator) goes through test/harness/childProcess.ts: a hang is killed
// at its deadline and reported, instead of blocking the event loop where mocha's own timeout
// cannot fire. Every temporary directory goes through test/harness/tempDirs.ts and is removed
// when the run ends.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runChild } from "../harness/childProcess";
import { removeTempDirs, tempDir } from "../harness/tempDirs";

describe("children of the specs are bounded (test/harness/childProcess.ts)", () => {
  it("kills a child that outlives its deadline with SIGKILL and says so", () => {
    const started = Date.now();
    assert.throws(
      () =>
        runChild(
          process.execPath,
          ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"],
          { timeoutMs: 500 },
        ),
      /did not finish within 500 ms and was killed/,
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it("fails naming the command when it cannot start", () => {
    assert.throws(
      () => runChild("no-such-command-here", ["--version"]),
      /^Error: no-such-command-here --version failed: spawnSync no-such-command-here ENOENT/,
    );
  });

  it("returns the exit status and output, and fails a child that must succeed but did not", () => {
    const script = "console.log('out'); console.error('err'); process.exit(3)";
    assert.deepStrictEqual(runChild(process.execPath, ["-e", script]), {
      status: 3,
      stdout: "out\n",
      stderr: "err\n",
    });
    assert.throws(
      () => runChild(process.execPath, ["-e", script], { mustSucceed: true }),
      /exited 3\nerr/,
    );
  });
});

describe("temporary directories of the specs (test/harness/tempDirs.ts)", () => {
  it("are removed with their contents by the root hook's removeTempDirs", () => {
    const dir = tempDir("run-bounds-");
    fs.mkdirSync(path.join(dir, "nested"));
    fs.writeFileSync(path.join(dir, "nested", "file.txt"), "x");
    removeTempDirs();
    assert.strictEqual(fs.existsSync(dir), false);
  });
});
