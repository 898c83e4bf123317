// Every exported symbol earns its place: another file imports it (a spec or the rehearsal counts),
// or something outside the tree calls it. An export used only in its own file is a name the
// reader must keep in mind for nothing; the checker finds them from the syntax alone, and is
// first shown to catch them.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../harness/paths";
import { typeScriptFiles, unusedExports } from "./unusedExports";

/** Exports used from outside the tree, each by what calls it. */
const ENTRY_POINTS = [
  // The Pulumi CLI runs the program's default export.
  "index.ts#default",
  // The Lambda runtime calls index.handler of the bundle built from this module.
  "lambda/handler.ts#handler",
  // mocha loads the root hooks named in .mocharc.json.
  "test/harness/openServers.ts#mochaHooks",
];

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "exports-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function unusedIn(files: Record<string, string>, entryPoints: string[] = []): string[] {
  const root = tree(files);
  try {
    const all = typeScriptFiles(root, ["."]);
    return unusedExports(root, all, () => true, entryPoints).map((u) => `${u.file}#${u.name}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("exports: every exported symbol is imported by another file", () => {
  it("finds exports no other file imports, and only those", () => {
    const unused = unusedIn({
      "lib/a.ts": `
        export const used = 1;
        export const usedOnlyHere = 2;
        export const unused = usedOnlyHere;
        export interface Args { size: Size }
        export interface Size { bytes: number }
        export interface Unrelated { x: number }
        export class Component { constructor(args: Args) { const u: Unrelated = { x: 1 }; void u; } }
        export function viaNamespace(): void {}
        export function viaDynamicImport(): void {}
        export function viaReExport(): void {}
        export type { Unrelated as Renamed };
      `,
      "lib/index.ts": `export { viaReExport } from "./a";`,
      "lib/b.ts": `
        import { used, Component } from "./a";
        import * as a from "./a";
        import { viaReExport } from ".";
        async function main() {
          const { viaDynamicImport } = await import("./a");
          return [used, Component, a.viaNamespace, viaDynamicImport, viaReExport];
        }
        void main;
      `,
    });
    assert.deepStrictEqual(unused.sort(), [
      "lib/a.ts#Renamed",
      "lib/a.ts#Unrelated",
      "lib/a.ts#unused",
      "lib/a.ts#usedOnlyHere",
    ]);
  });

  it("counts an entry point as used", () => {
    const files = { "main.ts": "export function handler(): void {}" };
    assert.deepStrictEqual(unusedIn(files), ["main.ts#handler"]);
    assert.deepStrictEqual(unusedIn(files, ["main.ts#handler"]), []);
  });

  it("holds for the production code, the harness, the rehearsal and the benchmarks", () => {
    const files = typeScriptFiles(PROJECT_ROOT, [
      "index.ts",
      "components",
      "lambda",
      "policy-pack",
      "test",
    ]);
    const checked = (file: string) => !file.endsWith(".spec.ts");
    const unused = unusedExports(PROJECT_ROOT, files, checked, ENTRY_POINTS);
    assert.deepStrictEqual(
      unused.map((u) => `${u.file}#${u.name}`),
      [],
      "remove `export` where only the file itself uses the symbol, or delete what nothing uses",
    );
  });
});
