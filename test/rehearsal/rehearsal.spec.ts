import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies as packPolicies } from "../../policy-pack/policies";
import { ACME_STACKS, EXAMPLE_STACKS } from "../harness/paths";
import { RegisteredResource } from "../harness/stacks";
import { tempDir } from "../harness/tempDirs";
import { USER_VALUES, userStackFiles } from "../harness/userStacks";
import { plannedDocuments, proveAccess } from "./accessProof";
import { AccessRow } from "./evaluateRow";
import { PlannedStack, linksOf, planStacks } from "./plan";
import { checkPolicies } from "./policyCheck";
import { assertMatchesSchema, failedRows, failedSteps, validateReport } from "./proveAssertions";
import { Rehearsal, rehearse } from "./rehearse";
import { START_TIMEOUT_MS, runStart } from "./startProcess";
import { rehearseUpload } from "./uploadRehearsal";

/** A copy of a fixture's stack files with one file's text edited. */
function tamperedStacks(
  file: string,
  edit: (text: string) => string,
  from: string = EXAMPLE_STACKS,
): string {
  const dir = tempDir("tampered-stacks-");
  for (const name of ["Pulumi.account-a.yaml", "Pulumi.account-b.yaml"]) {
    const text = fs.readFileSync(path.join(from, name), "utf8");
    fs.writeFileSync(path.join(dir, name), name === file ? edit(text) : text);
  }
  return dir;
}

function row(rows: AccessRow[], scope: string, name: string): AccessRow {
  const found = rows.find((r) => r.scope === scope && r.name === name);
  if (!found) throw new Error(`no access row "${scope}: ${name}"`);
  return found;
}

/** The shipped bucket policy with every Allow trusting account A's root instead of the role. */
function trustWholeAccount(planned: PlannedStack[]): PlannedStack[] {
  return planned.map((p) => ({
    ...p,
    run: {
      ...p.run,
      resources: p.run.resources.map((r): RegisteredResource => {
        if (r.type !== "aws:s3/bucketPolicy:BucketPolicy") return r;
        const policy = JSON.parse(r.inputs.policy as string) as {
          Statement: { Effect: string; Principal?: unknown }[];
        };
        for (const statement of policy.Statement) {
          if (statement.Effect === "Allow") {
            statement.Principal = { AWS: "arn:aws:iam::111111111111:root" };
          }
        }
        return { ...r, inputs: { ...r.inputs, policy: JSON.stringify(policy) } };
      }),
    },
  }));
}

describe("npm start: the offline rehearsal of the example stack files", () => {
  let report: Rehearsal;
  before(async () => {
    report = await rehearse(EXAMPLE_STACKS);
  });

  it("passes every step", () => {
    assert.deepStrictEqual(failedSteps(report), [], JSON.stringify(report, null, 2).slice(0, 4000));
    assert.strictEqual(report.ok, true);
  });

  it("plans account A's writer before account B's bucket, in their own accounts", () => {
    assert.deepStrictEqual(
      report.plan.detail?.map((s) => [s.stack, s.side, s.accountId]),
      [
        ["account-a", "writer", "111111111111"],
        ["account-b", "bucket", "222222222222"],
      ],
    );
  });

  it("runs every planned resource through all the pack's policies with zero violations", () => {
    const check = report.policyCheck.detail;
    const planned = report.plan.detail?.reduce((n, s) => n + s.resources.length, 0);
    assert.strictEqual(check?.resourcesAnalyzed, planned);
    assert.deepStrictEqual(
      check?.policies.map((p) => p.name),
      packPolicies.map((p) => p.name),
    );
    assert.deepStrictEqual(check?.diagnostics, []);
  });

  it("proves every access row in all three ownership modes, the configured one first", () => {
    const [link] = report.accessProof.detail ?? [];
    assert.deepStrictEqual(
      link.result.map((m) => [m.objectOwnership, m.configured]),
      [
        ["BucketOwnerEnforced", true],
        ["BucketOwnerPreferred", false],
        ["ObjectWriter", false],
      ],
    );
    for (const mode of link.result) {
      assert.deepStrictEqual(failedRows(mode.rows), [], mode.objectOwnership);
    }
  });

  it("names the statement that decided each row", () => {
    const [link] = report.accessProof.detail ?? [];
    const rows = link.result[0].rows;
    const decided = (scope: string, name: string) =>
      rows.find((r) => r.scope === scope && r.name === name)?.decidedBy;
    assert.match(
      decided("both policies", "the writer's Lambda session may PutObject under the prefix") ?? "",
      /^identity policy Allow PutObjectsUnderTargetPrefix \+ bucket policy Allow AllowUploadByAROA\w+$/,
    );
    assert.strictEqual(
      decided(
        "bucket policy alone",
        "the writer's Lambda session may not PutObject under the prefix over plain HTTP",
      ),
      "bucket policy Deny DenyInsecureTransport",
    );
    assert.strictEqual(
      decided(
        "identity policy alone",
        "the writer's Lambda session may not PutObject in a same-named bucket of another account",
      ),
      "no Allow in the identity policy",
    );
  });

  it("uploads the test event through the deployed bundle and reads back the same object", () => {
    const [link] = report.upload.detail ?? [];
    assert.deepStrictEqual(link.result.problems, []);
    assert.match(link.result.key ?? "", /^uploads\/data-[\w-]+\.json$/);
    assert.strictEqual(link.result.contentType, "application/json");
  });
});

describe("npm start: tampered configurations fail the rehearsal", function () {
  this.timeout(2 * START_TIMEOUT_MS);
  let planned: PlannedStack[];
  before(async () => {
    planned = await planStacks(EXAMPLE_STACKS);
  });

  it("a bucket policy that trusts account A's root fails the policy check", async () => {
    const check = await checkPolicies(trustWholeAccount(planned));
    const mandatory = check.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
    assert.deepStrictEqual(
      mandatory.map((d) => [d.stack, d.policyName]),
      [["account-b", "s3-bucket-policy-no-account-root-principal"]],
    );
    assert.match(mandatory[0].message, /Lambda execution role ARN/);
  });

  it("a bucket policy that trusts account A's root fails the access proof", async () => {
    const [link] = linksOf(trustWholeAccount(planned));
    const { link: description, policies } = plannedDocuments(link);
    const rows = await proveAccess(description, policies);
    const notIntended = rows.filter((r) => !r.asIntended).map((r) => `${r.scope}: ${r.name}`);
    for (const name of [
      "bucket policy alone: the writer's Lambda session may PutObject under the prefix",
      "bucket policy alone: another role of account A may not PutObject under the prefix",
      "bucket policy alone: account A's root may not PutObject under the prefix",
      "both policies: the writer's Lambda session may PutObject under the prefix",
    ]) {
      assert.ok(notIntended.includes(name), `${name} held:\n${notIntended.join("\n")}`);
    }
    assert.match(
      row(
        rows,
        "bucket policy alone",
        "the writer's Lambda session may PutObject under the prefix",
      ).problems.join(),
      /trusts the whole account, not the role/,
    );
  });

  it("a stack file whose writer role is an account root fails the plan, naming file and key", async () => {
    const dir = tamperedStacks("Pulumi.account-b.yaml", (text) =>
      text.replace(
        /cross-account-s3-upload:writerStacks:\n.*\n/,
        'cross-account-s3-upload:writerRoleArns: ["arn:aws:iam::111111111111:root"]\n',
      ),
    );
    const tampered = await rehearse(dir);
    assert.strictEqual(tampered.ok, false);
    assert.match(
      tampered.plan.error ?? "",
      /^Pulumi\.account-b\.yaml: cross-account-s3-upload:writerRoleArns\[0\]: .* is an account root/,
    );
    assert.strictEqual(tampered.policyCheck.error, "skipped: the plan failed");
  });

  it("a stack file that is not YAML fails the plan, naming the file", async () => {
    const dir = tamperedStacks("Pulumi.account-a.yaml", (text) => `${text}\n  : [unclosed`);
    const tampered = await rehearse(dir);
    assert.match(tampered.plan.error ?? "", /^Pulumi\.account-a\.yaml: cannot be read as YAML/);
  });

  it("the command exits 1 with a JSON report for a broken stack file, and 2 for a bad argument", () => {
    const dir = tamperedStacks("Pulumi.account-a.yaml", (text) =>
      text.replace('bucketAccountId: "222222222222"', 'bucketAccountId: "22"'),
    );
    const failed = runStart(["--json", "--stacks", dir]);
    assert.strictEqual(failed.status, 1, failed.stderr);
    const json = JSON.parse(failed.stdout) as Rehearsal;
    assertMatchesSchema(json);
    assert.match(
      json.plan.error ?? "",
      /Pulumi\.account-a\.yaml: cross-account-s3-upload:bucketAccountId/,
    );
    assert.strictEqual(runStart(["--verbose"]).status, 2);
  });
});

describe("npm start: a user's own stack files", function () {
  this.timeout(2 * START_TIMEOUT_MS);
  let acme: Rehearsal;
  before(async () => {
    acme = await rehearse(ACME_STACKS);
  });

  it("maps writerStacks to stack files for Pulumi Cloud's org and says which file it used", () => {
    assert.ok(acme.ok, JSON.stringify(acme, null, 2).slice(0, 3000));
    assert.deepStrictEqual(
      acme.plan.detail?.map((s) => [s.stack, s.accountId, s.writerStackFiles]),
      [
        ["account-a", "444455556666", []],
        [
          "account-b",
          "777788889999",
          [{ name: "acme/cross-account-s3-upload/account-a", file: "Pulumi.account-a.yaml" }],
        ],
      ],
    );
    const [upload] = acme.upload.detail ?? [];
    assert.match(upload.result.key ?? "", /^inbound\/data-/);
  });

  it("maps a legacy self-managed backend's bare stack name to its file", async () => {
    const dir = tamperedStacks(
      "Pulumi.account-b.yaml",
      (text) => text.replace("- acme/cross-account-s3-upload/account-a", "- account-a"),
      ACME_STACKS,
    );
    const [writer, bucket] = await planStacks(dir);
    assert.deepStrictEqual(bucket.writerStackFiles, [
      { name: "account-a", file: "Pulumi.account-a.yaml" },
    ]);
    assert.deepStrictEqual(bucket.run.outputs.writerRoleArns, [writer.run.outputs.roleArn]);
  });

  it("uploads to a bucket whose name has dots, which the SDK puts in the endpoint's host name", async () => {
    const dotted = (text: string) =>
      text.replace("acme-inbound-777788889999", "acme.inbound.777788889999");
    const dir = tamperedStacks("Pulumi.account-a.yaml", dotted, ACME_STACKS);
    const bucketFile = path.join(dir, "Pulumi.account-b.yaml");
    fs.writeFileSync(bucketFile, dotted(fs.readFileSync(bucketFile, "utf8")));
    const [link] = linksOf(await planStacks(dir));
    const upload = await rehearseUpload(link);
    assert.deepStrictEqual(upload.problems, []);
    assert.strictEqual(upload.bucket, "acme.inbound.777788889999");
    assert.match(upload.key ?? "", /^inbound\/data-/);
  });

  it("names the bucket stack file when a writerStacks entry has no stack file", async () => {
    const cases: [string, RegExp][] = [
      [
        "acme/cross-account-s3-upload/account-c",
        /Pulumi\.account-b\.yaml: writerStacks entry "acme\/cross-account-s3-upload\/account-c" names stack "account-c", but there is no writer stack file Pulumi\.account-c\.yaml beside it$/,
      ],
      [
        "acme/other-project/account-a",
        /Pulumi\.account-b\.yaml: writerStacks entry "acme\/other-project\/account-a" is a stack of another project/,
      ],
    ];
    for (const [name, error] of cases) {
      const dir = tamperedStacks(
        "Pulumi.account-b.yaml",
        (text) => text.replace("- acme/cross-account-s3-upload/account-a", `- ${name}`),
        ACME_STACKS,
      );
      await assert.rejects(planStacks(dir), error);
    }
  });

  it("after pulumi config set: --json prints only the report, valid against its schema, and logs go to stderr", () => {
    const dir = userStackFiles();
    // Prints on stdout in the middle of the plan, as a chatty dependency would.
    const chatty = path.join(tempDir("chatty-"), "chatty.js");
    fs.writeFileSync(
      chatty,
      `const fs = require("fs");
const readdirSync = fs.readdirSync;
fs.readdirSync = function (dir, ...rest) {
  if (dir === process.env.CHATTY_DIR) console.log("a line printed during the rehearsal");
  return readdirSync.call(this, dir, ...rest);
};`,
    );
    const run = runStart(["--json", "--stacks", dir], {
      preload: [chatty],
      env: { CHATTY_DIR: dir },
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Rehearsal;
    assertMatchesSchema(report);
    assert.strictEqual(report.ok, true);
    assert.match(run.stderr, /a line printed during the rehearsal/);
    const [, bucket] = report.plan.detail ?? [];
    assert.strictEqual(bucket.accountId, USER_VALUES.bucketAccount);
    assert.strictEqual(bucket.outputs.bucketName, USER_VALUES.bucketName);
  });

  it("the schema rejects a report that lost a step or a verdict", () => {
    const report = JSON.parse(JSON.stringify(acme)) as Rehearsal;
    assertMatchesSchema(report);
    const withoutUpload: Partial<Rehearsal> = { ...report };
    delete withoutUpload.upload;
    assert.strictEqual(validateReport(withoutUpload), false);
    const broken = structuredClone(report);
    for (const row of broken.accessProof.detail?.[0].result[0].rows ?? []) {
      Reflect.deleteProperty(row, "asIntended");
    }
    assert.strictEqual(validateReport(broken), false);
  });
});
