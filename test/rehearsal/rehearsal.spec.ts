import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT, RegisteredResource } from "../harness/stacks";
import { AccessRow, linkDocuments, proveAccess } from "./accessProof";
import { PlannedStack, linksOf, planStacks } from "./plan";
import { checkPolicies } from "./policyCheck";
import { Rehearsal, rehearse } from "./rehearse";

/** A copy of the shipped stack files with one file's text edited. */
function tamperedStacks(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tampered-stacks-"));
  for (const name of ["Pulumi.account-a.yaml", "Pulumi.account-b.yaml"]) {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, name), "utf8");
    fs.writeFileSync(path.join(dir, name), name === file ? edit(text) : text);
  }
  return dir;
}

function row(rows: AccessRow[], name: string): AccessRow {
  const found = rows.find((r) => r.name === name);
  if (!found) throw new Error(`no access row "${name}"`);
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

describe("npm start: the offline rehearsal of the shipped stacks", () => {
  let report: Rehearsal;
  before(async () => {
    report = await rehearse(PROJECT_ROOT);
  });

  it("passes every step", () => {
    const failed = (["plan", "policyCheck", "accessProof", "upload"] as const).filter(
      (step) => !report[step].ok,
    );
    assert.deepStrictEqual(failed, [], JSON.stringify(report, null, 2).slice(0, 4000));
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
    assert.strictEqual(check?.policies.length, 8);
    assert.deepStrictEqual(check?.diagnostics, []);
  });

  it("proves the access matrix, each row decided by the intended statement", () => {
    const [link] = report.accessProof.detail ?? [];
    const rows = link.result;
    assert.ok(rows.every((r) => r.asIntended));
    const verdicts = Object.fromEntries(rows.map((r) => [r.name, r.result]));
    assert.deepStrictEqual(verdicts, {
      "Lambda service may assume the execution role": "Allowed",
      "no other service may assume the execution role": "ImplicitlyDenied",
      "role may PutObject under the prefix over TLS": "Allowed",
      "the role's Lambda session may PutObject under the prefix": "Allowed",
      "role may not PutObject outside the prefix": "ImplicitlyDenied",
      "role may not PutObject without TLS": "ExplicitlyDenied",
      "role may not GetObject": "ImplicitlyDenied",
      "role may not DeleteObject": "ImplicitlyDenied",
      "role may not PutBucketPolicy": "ImplicitlyDenied",
      "another role in account A, with the same identity policy, may not": "ImplicitlyDenied",
      "account A's root, with full identity permissions, may not": "ImplicitlyDenied",
      "a role in a third account, with full identity permissions, may not": "ImplicitlyDenied",
      "a same-named bucket in a stranger's account that invites the role gets nothing":
        "ImplicitlyDenied",
      "without A's identity grant, the role is denied": "ImplicitlyDenied",
      "without B's bucket policy grant, the role is denied": "ImplicitlyDenied",
    });
    assert.match(
      row(rows, "role may PutObject under the prefix over TLS").decidedBy,
      /^identity policy Allow PutObjectsUnderTargetPrefix \+ bucket policy Allow AllowUploadByAROA\w+$/,
    );
    assert.strictEqual(
      row(rows, "role may not PutObject without TLS").decidedBy,
      "bucket policy Deny DenyInsecureTransport",
    );
    assert.strictEqual(
      row(rows, "a same-named bucket in a stranger's account that invites the role gets nothing")
        .decidedBy,
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

describe("npm start: tampered configurations fail the rehearsal", () => {
  let planned: PlannedStack[];
  before(async () => {
    planned = await planStacks(PROJECT_ROOT);
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
    const rows = await proveAccess(linkDocuments(link));
    const notIntended = rows.filter((r) => !r.asIntended).map((r) => r.name);
    assert.deepStrictEqual(notIntended, [
      "role may PutObject under the prefix over TLS",
      "the role's Lambda session may PutObject under the prefix",
      "another role in account A, with the same identity policy, may not",
      "account A's root, with full identity permissions, may not",
    ]);
    assert.match(
      row(rows, "role may PutObject under the prefix over TLS").problems.join(),
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
    const main = path.join(__dirname, "main.ts");
    const run = (args: string[]) =>
      spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", main, ...args], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
      });
    const failed = run(["--json", "--stacks", dir]);
    assert.strictEqual(failed.status, 1, failed.stderr);
    const json = JSON.parse(failed.stdout) as Rehearsal;
    assert.match(
      json.plan.error ?? "",
      /Pulumi\.account-a\.yaml: cross-account-s3-upload:bucketAccountId/,
    );
    assert.strictEqual(run(["--verbose"]).status, 2);
  });
});
