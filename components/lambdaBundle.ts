// The function's code: lambda/handler.ts bundled by esbuild into a build directory, handed to the
// program as a FileArchive so only the archive's hash and path reach the state, not the bundle.
import * as pulumi from "@pulumi/pulumi";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";

const PROJECT_DIR = path.join(__dirname, "..");
const HANDLER_ENTRY = path.join(PROJECT_DIR, "lambda", "handler.ts");
/** Where the program writes the deployable code (gitignored). */
export const LAMBDA_BUILD_DIR = path.join(PROJECT_DIR, "build", "lambda");

/** The deployable handler: `index.js` (exports `handler`) and its source map. */
export interface LambdaBundle {
  code: string;
  sourceMap: string;
}

/**
 * Bundles the handler with the AWS SDK inside, minified, for the nodejs22.x runtime. Bundling pins
 * the SDK version the tests exercised instead of the one the runtime happens to ship. The output
 * is the same from any working directory: esbuild writes the map's paths relative to
 * absWorkingDir, and the map carries no copy of the sources (`sourcesContent`), only positions.
 */
export function bundleLambda(entry: string = HANDLER_ENTRY): LambdaBundle {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: PROJECT_DIR,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    sourcemap: "linked",
    sourcesContent: false,
    outfile: "index.js",
    write: false,
    logLevel: "silent",
  });
  const file = (suffix: string): string => {
    const found = result.outputFiles.find((f) => f.path.endsWith(suffix));
    if (!found) throw new Error(`esbuild produced no ${suffix} for ${entry}`);
    return found.text;
  };
  return { code: file("index.js"), sourceMap: file("index.js.map") };
}

/** Writes a file by renaming a complete copy into place, so no reader sees half of it. */
function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

/**
 * Bundles the handler into `dir` (index.js, index.js.map) and returns that directory as the
 * function's code. The engine resolves a relative archive path against the program's working
 * directory, the project root under `pulumi up`, so the state holds "build/lambda" rather than a
 * path of one machine; Pulumi compares archives by the hash of their contents.
 */
export function lambdaCodeArchive(dir: string = LAMBDA_BUILD_DIR): pulumi.asset.FileArchive {
  const { code, sourceMap } = bundleLambda();
  fs.mkdirSync(dir, { recursive: true });
  writeAtomically(path.join(dir, "index.js"), code);
  writeAtomically(path.join(dir, "index.js.map"), sourceMap);
  return new pulumi.asset.FileArchive(path.relative(process.cwd(), dir) || ".");
}
