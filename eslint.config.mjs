import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/** An import source that names a folder of this repository, however deep the relative path. */
const folder = (name) => `^(\\.\\.?/)+${name}(/|$)`;

const NEVER_TESTS = {
  regex: folder("test"),
  message: "Production code never imports from test/: move what it needs into production code.",
};

/** The folders of test/ that hold specs and what only their specs use. */
const SPEC_FOLDERS = ["architecture", "lambda", "policy-pack", "program"];

/** From a folder directly under test/: one of `folders`, by a sibling path or through test/. */
const testFolder = (folders) => {
  const names = `(${folders.join("|")})`;
  return `^(\\.\\./${names}|(\\.\\./)+test/${names})(/|$)`;
};

const NEVER_SPECS = {
  regex: testFolder(SPEC_FOLDERS),
  message:
    "The rehearsal, the benchmarks and the harness never import a spec folder: move what they share into test/harness/.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "bin/", "**/*.js", "**/*.mjs"] },
  eslint.configs.recommended,
  tseslint.configs.strict,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  // Dependencies run one way: the program (index.ts, components/) imports the function's
  // contract from lambda/; the function imports nothing of the program or of Pulumi; the policy
  // pack judges the program and shares none of its builders.
  {
    files: ["lambda/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folder("components"),
              message:
                "lambda/ owns the function's runtime contract and never imports the program: move the value into lambda/ and import it from components/.",
            },
            {
              regex: "^@pulumi/",
              message: "The function runs without Pulumi: lambda/ never imports @pulumi/*.",
            },
            NEVER_TESTS,
          ],
        },
      ],
    },
  },
  {
    files: ["index.ts", "components/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [NEVER_TESTS] }] },
  },
  // The test tree runs one way too: the benchmarks may measure the rehearsal, the rehearsal and the
  // benchmarks build on test/harness/, and the harness only on production code.
  {
    files: ["test/harness/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: testFolder([...SPEC_FOLDERS, "bench", "rehearsal"]),
              message:
                "test/harness/ is shared by the specs, the rehearsal and the benchmarks: it imports only production code and itself.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["test/rehearsal/**/*.ts"],
    ignores: ["test/rehearsal/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NEVER_SPECS,
            {
              regex: testFolder(["bench"]),
              message: "The rehearsal (npm start) never imports the benchmarks.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["test/bench/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [NEVER_SPECS] }] },
  },
  // One block per folder depth: whether "../index" is the program's entry depends on where the
  // importing file sits. The blocks reach files five folders deep.
  ...[0, 1, 2, 3, 4, 5].map((depth) => ({
    files: [`policy-pack/${"*/".repeat(depth)}*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folder("(components|lambda)"),
              message:
                "The policy pack judges the program and must not share its builders: it never imports components/ or lambda/.",
            },
            {
              regex: `^(\\./)?(\\.\\./){${depth}}\\.\\.(/|/index(\\.[jt]s)?)?$`,
              message:
                "The policy pack never imports the program's entry (index.ts at the root): loading it runs the Pulumi program.",
            },
            NEVER_TESTS,
          ],
        },
      ],
    },
  })),
);
