// `npm start -- --prove <file>` on documents written by others: the guide's own JSON and its two
// classic mistakes, the README's example, and files that cannot be proven.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { bucketPolicy, lambdaTrustPolicy, writerRolePolicy } from "../../components/policies";
import { PROJECT_ROOT, proveFixture as fixture } from "../harness/paths";
import { Advice, DocumentName, StatementRef } from "./advice";
import { LinkPolicies } from "./intendedAccess";
import { ProveReport, proveDocuments } from "./prove";
import {
  failedRequired,
  mandatoryDiagnostics,
  proveFileProblems,
  writerResourcesOf,
} from "./proveAssertions";
import { ProveInput, readProveFile } from "./proveFile";
import { START_TIMEOUT_MS, runStart } from "./startProcess";

const prove = (name: string) => proveDocuments(readProveFile(fixture(name)));

type Document = { Statement: Record<string, unknown>[] };

/** The documents with every piece of advice applied as a reader would apply it. */
function withAdvice(input: ProveInput, advice: Advice[]): LinkPolicies {
  const policies = structuredClone(input.policies) as unknown as Record<string, Document>;
  const document = (name: DocumentName) =>
    name === "bucket policy" ? policies.bucketPolicy : policies.identityPolicy;
  const statement = (ref: StatementRef) => {
    const found = document(ref.document).Statement.find(
      (s, i) => s.Sid === ref.statement || `Statement[${i}]` === ref.statement,
    );
    assert.ok(found, `no ${ref.document} statement ${ref.statement}`);
    return found;
  };
  for (const a of advice) {
    for (const added of a.add) document(added.document).Statement.push({ ...added.statement });
    for (const ref of a.condition?.statements ?? [])
      statement(ref).Condition = a.condition?.condition;
    for (const ref of a.removeAction?.statements ?? []) {
      const changed = statement(ref);
      changed.Action = [changed.Action]
        .flat()
        .filter((action) => action !== a.removeAction?.action);
    }
  }
  return policies as unknown as LinkPolicies;
}

describe("npm start -- --prove <file>: hand-written documents", function () {
  this.timeout(3 * START_TIMEOUT_MS);

  it("passes the guide's own JSON and lists its missing hardening as advice", async () => {
    const report = await prove("guide.json");
    assert.deepStrictEqual(failedRequired(report), []);
    assert.strictEqual(report.ok, true);
    assert.deepStrictEqual(report.advice.map((a) => a.control).sort(), [
      "bucket-owner-pin",
      "no-acl-grant",
      "no-overwrite",
      "tls-only",
    ]);
    const pin = report.advice.find((a) => a.control === "bucket-owner-pin");
    assert.deepStrictEqual(pin?.condition, {
      statements: [{ document: "identity policy", statement: "AllowUploadToAccountBBucket" }],
      condition: { StringEquals: { "s3:ResourceAccount": "987654321098" } },
    });
    const acl = report.advice.find((a) => a.control === "no-acl-grant");
    assert.strictEqual(
      acl?.action,
      'remove s3:PutObjectAcl from identity policy "AllowUploadToAccountBBucket" and bucket policy "AllowCrossAccountUpload"',
    );
  });

  for (const objectOwnership of ["BucketOwnerEnforced", "ObjectWriter"] as const) {
    it(`leaves nothing to advise once the guide's documents take the advice (${objectOwnership})`, async () => {
      const guide = readProveFile(fixture("guide.json"));
      const input = { ...guide, link: { ...guide.link, objectOwnership } };
      const first = await proveDocuments(input);
      assert.ok(first.advice.length > 0);
      const second = await proveDocuments({ ...input, policies: withAdvice(input, first.advice) });
      assert.deepStrictEqual(second.advice, []);
      assert.strictEqual(second.ok, true);
    });
  }

  it("fails the guide's policy with account A's root as principal, naming the statement", async () => {
    const report = await prove("guide-root-principal.json");
    assert.strictEqual(report.ok, false);
    const mandatory = mandatoryDiagnostics(report);
    assert.deepStrictEqual(
      mandatory.map((d) => d.policyName),
      ["s3-bucket-policy-no-account-root-principal"],
    );
    assert.match(mandatory[0].message, /statement "AllowCrossAccountUpload"/);
    assert.ok(
      failedRequired(report).includes(
        "bucket policy alone: another role of account A may not PutObject under the prefix",
      ),
    );
  });

  it("fails the guide's policies with the bucket ARN as Resource, naming the statements", async () => {
    const report = await prove("guide-bucket-arn.json");
    assert.strictEqual(report.ok, false);
    const mandatory = mandatoryDiagnostics(report);
    assert.deepStrictEqual(
      mandatory.map((d) => [d.document, /statement "(\w+)"/.exec(d.message)?.[1]]),
      [
        ["bucket policy", "AllowCrossAccountUpload"],
        ["identity policy", "AllowUploadToAccountBBucket"],
      ],
    );
    assert.ok(
      failedRequired(report).includes(
        "both policies: the writer's Lambda session may PutObject under the prefix",
      ),
    );
  });

  it("judges conditions on the keys AWS always sends: time, region, MFA, source address", async () => {
    const guide = readProveFile(fixture("guide.json"));
    const link = { ...guide.link, bucketRegion: "ap-northeast-2" };
    const bucket = guide.policies.bucketPolicy as Document;
    const arn = "arn:aws:s3:::my-target-bucket";
    const deny = (Sid: string, Condition: Record<string, Record<string, string>>) => ({
      Sid,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn, `${arn}/*`],
      Condition,
    });
    const withDenies = (...statements: Record<string, unknown>[]) =>
      proveDocuments({
        ...guide,
        link,
        policies: {
          ...guide.policies,
          bucketPolicy: { ...bucket, Statement: [...bucket.Statement, ...statements] },
        },
      });
    // Each refuses every request AWS would send, the Lambda's upload included.
    const refusing = [
      deny("DenyWithoutMfa", { Bool: { "aws:MultiFactorAuthPresent": "false" } }),
      deny("DenyAfter2020", { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }),
      deny("DenyInTheBucketsRegion", { StringEquals: { "aws:RequestedRegion": "ap-northeast-2" } }),
      deny("DenyOutsideTheOffice", { NotIpAddress: { "aws:SourceIp": "198.51.100.0/24" } }),
    ];
    for (const statements of [...refusing.map((s) => [s]), refusing]) {
      const report = await withDenies(...statements);
      const sids = statements.map((s) => s.Sid).join(", ");
      assert.strictEqual(report.ok, false, sids);
      assert.ok(
        failedRequired(report).includes(
          "bucket policy alone: the writer's Lambda session may PutObject under the prefix",
        ),
        sids,
      );
    }
    // Denies that spare the Lambda's requests leave the proof as it was.
    const sparing = await withDenies(
      deny("DenyOtherRegions", { StringNotEquals: { "aws:RequestedRegion": "ap-northeast-2" } }),
      deny("DenyWithMfaAbsentOnAServiceCall", {
        Bool: { "aws:ViaAWSService": "true", "aws:MultiFactorAuthPresent": "true" },
      }),
    );
    assert.deepStrictEqual(failedRequired(sparing), []);
    assert.strictEqual(sparing.ok, true);
  });

  it("passes the README's example with no advice; it is what components/policies.ts writes", async () => {
    const input = readProveFile(fixture("example.json"));
    const { link } = input;
    assert.deepStrictEqual(input.policies, {
      trustPolicy: lambdaTrustPolicy(),
      identityPolicy: writerRolePolicy(link, writerResourcesOf(input.policies.identityPolicy)),
      bucketPolicy: bucketPolicy(link, [{ roleArn: link.roleArn }]),
    });
    const report = await proveDocuments(input);
    assert.strictEqual(report.ok, true);
    assert.deepStrictEqual(report.policyCheck.diagnostics, []);
    assert.deepStrictEqual(report.advice, []);
  });

  it("fails a document the engine cannot read, naming the statement at fault", async () => {
    const input = readProveFile(fixture("guide.json"));
    const bucket = input.policies.bucketPolicy as { Statement: unknown[] };
    const report = await proveDocuments({
      ...input,
      policies: {
        ...input.policies,
        bucketPolicy: { ...bucket, Statement: [...bucket.Statement, "oops"] },
      },
    });
    assert.strictEqual(report.ok, false);
    const [unreadable] = report.accessProof.rows.filter((r) => r.result === "error");
    assert.match(
      unreadable.problems.join(),
      /^the engine cannot evaluate: bucket policy Statement\[1\]/,
    );
    assert.ok(
      mandatoryDiagnostics(report).some((d) => /Statement\[1\] must be an object/.test(d.message)),
    );
  });

  it("names every bad field of a file, with the fix", () => {
    const problems = proveFileProblems;
    const guide = JSON.parse(fs.readFileSync(fixture("guide.json"), "utf8"));
    assert.deepStrictEqual(
      problems({
        ...guide,
        link: { ...guide.link, bucketAccountId: 987654321098, objectOwnership: "Enforced" },
        bucketPolicy: undefined,
        extra: 1,
      }),
      [
        "extra: unknown field; the fields are link, trustPolicy, identityPolicy, bucketPolicy, keyPolicy, endpointPolicy",
        'link.bucketAccountId: must be a string in quotes, e.g. "222222222222" (a JSON number loses leading zeros)',
        'link.objectOwnership: "Enforced" is not an S3 Object Ownership mode; use one of BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter',
        'bucketPolicy: must be a policy document, an object such as {"Version": "2012-10-17", "Statement": [...]}',
      ],
    );
    assert.deepStrictEqual(
      problems({ ...guide, link: { ...guide.link, roleArn: "arn:aws:iam::987654321098:role/x" } }),
      [
        "link.roleArn: is in the bucket's own account; this proof is for a writer in another account",
      ],
    );
    assert.deepStrictEqual(problems({ ...guide, link: { ...guide.link, bucketRegion: "Seoul" } }), [
      'link.bucketRegion: "Seoul" is not an AWS region name; write e.g. "eu-west-1"',
    ]);
  });

  it("the command exits 0 for the guide with JSON alone on stdout, 1 for its root variant, 2 for a bad file", () => {
    const guide = runStart(["--prove", fixture("guide.json"), "--json"]);
    assert.strictEqual(guide.status, 0, guide.stderr);
    const report = JSON.parse(guide.stdout) as ProveReport;
    assert.strictEqual(report.advice.length, 4);

    const root = runStart(["--prove", fixture("guide-root-principal.json")]);
    assert.strictEqual(root.status, 1, root.stderr);
    assert.match(
      root.stdout,
      /mandatory s3-bucket-policy-no-account-root-principal on the bucket policy/,
    );
    assert.match(root.stdout, /^Summary: FAIL/m);

    const bad = runStart(["--prove", path.join(PROJECT_ROOT, "package.json")]);
    assert.strictEqual(bad.status, 2);
    assert.strictEqual(bad.stdout, "");
    assert.match(bad.stderr, /package\.json:\n {2}name: unknown field/);
  });
});
