import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAMBDA_BUILD_DIR } from "../../components/lambdaBundle";
import { runChild } from "../harness/childProcess";
import { PROJECT_ROOT } from "../harness/paths";

const BUNDLER = path.join(PROJECT_ROOT, "components", "lambdaBundle.ts");

/** Runs lambdaCodeArchive in a fresh node whose working directory is `cwd`; returns the files. */
function bundleFrom(cwd: string): Record<string, Buffer> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-out-"));
  runChild(
    process.execPath,
    [
      "-r",
      require.resolve("ts-node/register/transpile-only"),
      "-e",
      `require(${JSON.stringify(BUNDLER)}).lambdaCodeArchive(${JSON.stringify(out)})`,
    ],
    {
      cwd,
      env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, "tsconfig.json") },
      mustSucceed: true,
    },
  );
  const files = Object.fromEntries(
    fs.readdirSync(out).map((name) => [name, fs.readFileSync(path.join(out, name))]),
  );
  fs.rmSync(out, { recursive: true, force: true });
  return files;
}

describe("the function's code (components/lambdaBundle.ts)", () => {
  let fromRoot: Record<string, Buffer>;
  let fromElsewhere: Record<string, Buffer>;
  before(() => {
    fromRoot = bundleFrom(PROJECT_ROOT);
    fromElsewhere = bundleFrom(os.tmpdir());
  });

  it("is the same bytes, bundle and source map, from any working directory", () => {
    assert.deepStrictEqual(Object.keys(fromRoot).sort(), ["index.js", "index.js.map"]);
    assert.deepStrictEqual(Object.keys(fromElsewhere).sort(), ["index.js", "index.js.map"]);
    assert.ok(fromRoot["index.js"].equals(fromElsewhere["index.js"]), "index.js differs");
    assert.ok(fromRoot["index.js.map"].equals(fromElsewhere["index.js.map"]), "the map differs");
  });

  it("has a source map with positions only: no copy of the sources, no path of this machine", () => {
    const text = fromRoot["index.js.map"].toString("utf8");
    const map = JSON.parse(text) as { sources: string[]; sourcesContent?: unknown };
    assert.strictEqual(map.sourcesContent, undefined);
    assert.ok(map.sources.includes("lambda/handler.ts"), map.sources.slice(0, 5).join(", "));
    assert.ok(!text.includes(PROJECT_ROOT) && !text.includes(os.tmpdir()));
    assert.ok(!fromRoot["index.js"].toString("utf8").includes(PROJECT_ROOT));
  });

  it("is written to a build directory that git ignores", () => {
    assert.strictEqual(path.relative(PROJECT_ROOT, LAMBDA_BUILD_DIR), path.join("build", "lambda"));
    const ignored = fs.readFileSync(path.join(PROJECT_ROOT, ".gitignore"), "utf8").split("\n");
    assert.ok(ignored.includes("build/"));
  });
});
