import * as esbuild from "esbuild";
import * as path from "path";

export const HANDLER_ENTRY = path.join(__dirname, "..", "lambda", "handler.ts");

/** The deployable handler: `index.js` (exports `handler`) and its source map. */
export interface LambdaBundle {
  code: string;
  sourceMap: string;
}

/**
 * Bundles the handler with the AWS SDK inside, minified, for the nodejs22.x runtime. Bundling pins
 * the SDK version the tests exercised instead of the one the runtime happens to ship.
 */
export function bundleLambda(entry: string = HANDLER_ENTRY): LambdaBundle {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    sourcemap: "linked",
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
