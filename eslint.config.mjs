import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/** An import source that names a folder of this repository, however deep the relative path. */
const folder = (name) => `^(\\.\\.?/)+${name}(/|$)`;

const NEVER_TESTS = {
  regex: folder("test"),
  message: "Production code never imports from test/: move what it needs into production code.",
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
  {
    files: ["policy-pack/**/*.ts"],
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
            NEVER_TESTS,
          ],
        },
      ],
    },
  },
);
