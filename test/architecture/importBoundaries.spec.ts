// The one-way dependency rules of eslint.config.mjs, proven on imports that break them: the lint
// run of `npm test` passing says nothing unless these rules fire.
import * as assert from "assert";
import { ESLint } from "eslint";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(`${source}\nvoid x;\n`, {
    filePath: path.join(ROOT, file),
  });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries (eslint.config.mjs no-restricted-imports)", () => {
  const refused: [string, string, RegExp][] = [
    ["lambda/probe.ts", `import { x } from "../components/policies";`, /never imports the program/],
    [
      "lambda/probe.ts",
      `import type { x } from "../components/config";`,
      /never imports the program/,
    ],
    ["lambda/probe.ts", `import * as x from "@pulumi/pulumi";`, /never imports @pulumi/],
    [
      "lambda/probe.ts",
      `import { x } from "../test/lambda/s3Endpoint";`,
      /never imports from test/,
    ],
    [
      "components/probe.ts",
      `import { x } from "../test/harness/stacks";`,
      /never imports from test/,
    ],
    ["index.ts", `import { x } from "./test/harness/stacks";`, /never imports from test/],
    [
      "policy-pack/lib/probe.ts",
      `import { x } from "../../components/policies";`,
      /must not share its builders/,
    ],
    ["policy-pack/probe.ts", `import { x } from "../lambda/validation";`, /must not share/],
    ["policy-pack/probe.ts", `import { x } from "../index";`, /never imports the program's entry/],
    ["policy-pack/probe.ts", `import { x } from "..";`, /never imports the program's entry/],
    [
      "policy-pack/policies/probe.ts",
      `import { x } from "../../index.ts";`,
      /never imports the program's entry/,
    ],
    [
      "policy-pack/lib/document/probe.ts",
      `import { x } from "../../../";`,
      /never imports the program's entry/,
    ],
    [
      "test/rehearsal/probe.ts",
      `import { x } from "../policy-pack/assertions";`,
      /never import a spec folder/,
    ],
    [
      "test/rehearsal/probe.ts",
      `import { x } from "../lambda/hooks";`,
      /never import a spec folder/,
    ],
    [
      "test/bench/probe.ts",
      `import { x } from "../../test/program/x.spec";`,
      /never import a spec folder/,
    ],
    ["test/bench/probe.ts", `import { x } from "../architecture/x";`, /never import a spec folder/],
    [
      "test/rehearsal/probe.ts",
      `import { x } from "../bench/start";`,
      /never imports the benchmarks/,
    ],
    ["test/harness/probe.ts", `import { x } from "../rehearsal/plan";`, /imports only production/],
    [
      "test/harness/probe.ts",
      `import { x } from "../policy-pack/contract";`,
      /imports only production/,
    ],
  ];
  for (const [file, source, message] of refused) {
    it(`refuses ${source} in ${file}`, async () => {
      const messages = await restrictedImports(file, source);
      assert.strictEqual(messages.length, 1, messages.join("\n"));
      assert.match(messages[0], message);
    });
  }

  const allowed: [string, string][] = [
    ["components/probe.ts", `import { x } from "../lambda/config";`],
    ["lambda/probe.ts", `import { x } from "./validation";`],
    ["policy-pack/policies/probe.ts", `import { x } from "../lib/iam";`],
    ["policy-pack/lib/document/probe.ts", `import { x } from "../../policies/index";`],
    ["test/lambda/probe.ts", `import { x } from "../../components/policies";`],
    ["test/rehearsal/probe.ts", `import { x } from "../../lambda/handler";`],
    ["test/rehearsal/probe.ts", `import { x } from "../../policy-pack/policies";`],
    ["test/rehearsal/probe.ts", `import { x } from "../harness/s3Endpoint";`],
    ["test/rehearsal/probe.spec.ts", `import { x } from "../policy-pack/assertions";`],
    ["test/bench/probe.ts", `import { x } from "../rehearsal/accessProof";`],
    ["test/harness/probe.ts", `import { x } from "../../components/policies";`],
    ["test/lambda/probe.spec.ts", `import { x } from "../policy-pack/assertions";`],
  ];
  for (const [file, source] of allowed) {
    it(`allows ${source} in ${file}`, async () => {
      assert.deepStrictEqual(await restrictedImports(file, source), []);
    });
  }
});
