// `pulumi policy publish` packs policy-pack/ alone (npm pack) and the consumer installs only its
// package.json: everything the pack loads must be inside the tarball or among its dependencies.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { runChild } from "../harness/childProcess";

const PACK_DIR = path.join(__dirname, "..", "..", "policy-pack");

interface PackageJson {
  version?: string;
  main?: string;
  dependencies?: Record<string, string>;
}

function packedFiles(): string[] {
  const out = runChild("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: PACK_DIR,
    mustSucceed: true,
  }).stdout;
  const [tarball] = JSON.parse(out) as { files: { path: string }[] }[];
  return tarball.files.map((f) => f.path).sort();
}

function sourceFiles(dir = PACK_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ["node_modules", "bin"].includes(entry.name) ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(PACK_DIR, full)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(PACK_DIR, file), "utf8");
  return [...text.matchAll(/(?:from|require\()\s*"([^"]+)"/g)].map((m) => m[1]);
}

describe("the policy pack as published from policy-pack/", () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"),
  ) as PackageJson;

  it("declares a version, which the PolicyPack reports as its own", () => {
    assert.match(manifest.version ?? "", /^\d+\.\d+\.\d+/);
  });

  it("is a Node.js policy pack according to PulumiPolicy.yaml", () => {
    const project = yaml.load(
      fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8"),
    ) as Record<string, unknown>;
    assert.strictEqual(project.runtime, "nodejs");
  });

  it("packs PulumiPolicy.yaml, its README, its tsconfig and every module, and nothing else", () => {
    const expected = [
      "PulumiPolicy.yaml",
      "README.md",
      "package.json",
      "tsconfig.json",
      ...sourceFiles(),
    ].sort();
    assert.deepStrictEqual(packedFiles(), expected);
  });

  it("imports only its own modules and the packages it depends on", () => {
    const dependencies = Object.keys(manifest.dependencies ?? {});
    for (const file of sourceFiles()) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith(".")) {
          const target = path.resolve(PACK_DIR, path.dirname(file), specifier);
          assert.ok(
            target.startsWith(PACK_DIR + path.sep),
            `${file} imports ${specifier} from outside the pack`,
          );
        } else {
          const name = specifier.startsWith("@")
            ? specifier.split("/").slice(0, 2).join("/")
            : specifier.split("/")[0];
          assert.ok(
            dependencies.includes(name),
            `${file} imports ${specifier}, not a dependency of the pack`,
          );
        }
      }
    }
  });

  it("ships the TypeScript compiler and ts-node the CLI needs to load index.ts", () => {
    assert.strictEqual(manifest.main, "index.ts");
    for (const name of ["typescript", "ts-node", "@pulumi/policy", "@pulumi/pulumi"]) {
      assert.ok(manifest.dependencies?.[name], `${name} is not a dependency of the pack`);
    }
  });

  it("constructs the PolicyPack in index.ts and nothing else there", () => {
    const text = fs.readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
    assert.strictEqual(text.match(/new PolicyPack\(/g)?.length, 1);
    assert.deepStrictEqual(importsOf("index.ts").sort(), ["./policies", "@pulumi/policy"]);
  });
});
