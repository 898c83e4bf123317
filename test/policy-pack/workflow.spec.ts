// The pull-request workflow, checked offline: schema-valid for GitHub (@action-validator/cli),
// and wired to run the tests, then preview both stacks with this pack.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { runChild } from "../harness/childProcess";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, ".github", "workflows", "pull-request.yml");

/** Inputs of pulumi/actions@v6 (its action.yml); GitHub only warns about unknown ones. */
const PULUMI_ACTION_INPUTS = new Set([
  "command",
  "stack-name",
  "work-dir",
  "cloud-url",
  "comment-on-pr",
  "comment-on-summary",
  "github-token",
  "refresh",
  "secrets-provider",
  "color",
  "config-map",
  "diff",
  "expect-no-changes",
  "message",
  "parallel",
  "policyPacks",
  "policyPackConfigs",
  "pulumi-version",
  "upsert",
]);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function validate(file: string): { status: number | null; output: string } {
  const cli = require.resolve("@action-validator/cli/cli.mjs");
  const result = runChild(process.execPath, [cli, file], { cwd: ROOT });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the pull-request workflow (.github/workflows/pull-request.yml)", () => {
  const text = fs.readFileSync(WORKFLOW, "utf8");
  const workflow = yaml.load(text) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const previews = steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));

  it("passes @action-validator/cli", () => {
    const { status, output } = validate(WORKFLOW);
    assert.strictEqual(status, 0, output);
  });

  it("is checked for real: the validator rejects a copy with a misspelt runs-on", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflow-"));
    try {
      const broken = path.join(dir, "broken.yml");
      fs.writeFileSync(broken, text.replace("runs-on:", "runs_on:"));
      assert.notStrictEqual(validate(broken).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs on pull requests", () => {
    assert.ok("pull_request" in workflow.on);
  });

  it("runs npm ci, then npm test, on Node.js 22 or later", () => {
    const test = workflow.jobs.test;
    const runs = test.steps.map((s) => s.run).filter(Boolean);
    assert.deepStrictEqual(runs, ["npm ci", "npm test"]);
    const setup = test.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    assert.ok(Number(setup?.with?.["node-version"]) >= 22);
  });

  it("previews only after the tests pass, each shipped stack with --policy-pack policy-pack", () => {
    const preview = workflow.jobs.preview;
    assert.strictEqual(preview.needs, "test");
    const stacks = (preview.strategy?.matrix?.include ?? []).map((entry) => entry.stack);
    assert.deepStrictEqual(stacks, ["account-a", "account-b"]);
    for (const stack of stacks)
      assert.ok(fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`)), stack);
    assert.strictEqual(previews.length, 1);
    const step = previews[0];
    assert.strictEqual(step.with?.command, "preview");
    assert.match(String(step.with?.["stack-name"]), /matrix\.stack/);
    assert.strictEqual(step.with?.policyPacks, "policy-pack");
    assert.ok(fs.existsSync(path.join(ROOT, "policy-pack", "PulumiPolicy.yaml")));
  });

  it("installs dependencies before the preview, which loads the pack from node_modules", () => {
    const preview = workflow.jobs.preview.steps;
    const install = preview.findIndex((s) => s.run === "npm ci");
    const run = preview.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
    assert.ok(install >= 0 && install < run);
  });

  it("passes pulumi/actions only inputs it declares", () => {
    for (const step of previews) {
      for (const input of Object.keys(step.with ?? {})) {
        assert.ok(PULUMI_ACTION_INPUTS.has(input), `pulumi/actions has no input "${input}"`);
      }
    }
  });

  it("takes the Pulumi token from secrets, never from the file", () => {
    assert.strictEqual(previews[0].env?.PULUMI_ACCESS_TOKEN, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
  });
});
