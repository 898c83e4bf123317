// The pack as the Pulumi CLI runs it: one process for this file, spoken to over pulumirpc.Analyzer.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { AnalyzeDiagnostic, EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { secret } from "../harness/engineValues";
import { HOSTILE_INPUTS } from "../harness/hostileInputs";
import { PACK_DIR, RunningPack, startPack } from "../harness/packProcess";
import {
  ACCOUNT_A,
  BUCKET_ARN,
  ROOT_ARN,
  guideBucketPolicy,
  guideIdentityPolicy,
  projectBucketPolicy,
  projectWriterPolicy,
} from "../harness/policyDocuments";

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const ROOT_POLICY = "s3-bucket-policy-no-account-root-principal";

interface Diagnostic {
  policy: string;
  level: EnforcementLevel;
  message: string;
}

function diagnostics(list: AnalyzeDiagnostic[]): Diagnostic[] {
  return list.map((d) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
  }));
}

describe("the policy pack over gRPC, launched as the Pulumi CLI launches it", function () {
  let pack: RunningPack;

  before(async function () {
    this.timeout(60_000);
    pack = await startPack();
  });

  after(async () => {
    await pack?.stop();
  });

  async function analyzeBucketPolicy(document: unknown): Promise<Diagnostic[]> {
    const response = await pack.analyze(BUCKET_POLICY, {
      bucket: "my-target-bucket",
      policy: JSON.stringify(document),
    });
    return diagnostics(response.getDiagnosticsList());
  }

  it("describes itself: name, package version and every policy with its default level", async () => {
    const info = await pack.getAnalyzerInfo();
    const { version } = JSON.parse(
      fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"),
    ) as { version: string };
    assert.strictEqual(info.getName(), "cross-account-s3-upload-policies");
    assert.strictEqual(info.getVersion(), version);
    assert.ok(info.getSupportsconfig());
    const levels = { advisory: EnforcementLevel.ADVISORY, mandatory: EnforcementLevel.MANDATORY };
    assert.deepStrictEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
      policies.map((p) => [p.name, levels[p.enforcementLevel as keyof typeof levels]]),
    );
  });

  it("publishes each policy's config schema", async () => {
    const info = await pack.getAnalyzerInfo();
    const root = info.getPoliciesList().find((p) => p.getName() === ROOT_POLICY);
    const schema = root?.getConfigschema()?.getProperties()?.toJavaScript();
    assert.deepStrictEqual(Object.keys(schema ?? {}), ["exemptAccountIds"]);
  });

  it("reports nothing for the project's own bucket policy", async () => {
    assert.deepStrictEqual(await analyzeBucketPolicy(projectBucketPolicy()), []);
  });

  it("reports nothing for the project's own writer role policy", async () => {
    const response = await pack.analyze("aws:iam/rolePolicy:RolePolicy", {
      role: "uploader",
      policy: JSON.stringify(projectWriterPolicy()),
    });
    assert.deepStrictEqual(diagnostics(response.getDiagnosticsList()), []);
  });

  it("blocks the guide's bucket policy with the root of account A, naming the policy, level and fix", async () => {
    const found = await analyzeBucketPolicy(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } }));
    const root = found.filter((d) => d.policy === ROOT_POLICY);
    assert.strictEqual(root.length, 1);
    assert.strictEqual(root[0].level, EnforcementLevel.MANDATORY);
    assert.match(
      root[0].message,
      /statement "AllowCrossAccountUpload": Principal arn:aws:iam::123456789012:root is the account root/,
    );
    assert.match(root[0].message, /Use the Lambda execution role ARN, not the account root/);
  });

  it("blocks the guide's bucket policy on the bucket ARN, and advises the missing TLS Deny", async () => {
    const found = await analyzeBucketPolicy(guideBucketPolicy({ Resource: BUCKET_ARN }));
    assert.deepStrictEqual(
      found.map((d) => [d.policy, d.level]),
      [
        ["s3-bucket-policy-object-resources-end-with-slash-star", EnforcementLevel.MANDATORY],
        ["s3-bucket-policy-deny-insecure-transport", EnforcementLevel.ADVISORY],
      ],
    );
    assert.match(
      found[0].message,
      /Make sure it ends with \/\*: arn:aws:s3:::my-target-bucket\/\*/,
    );
  });

  it("blocks the guide's Account A policy on the bucket ARN in an aws.iam.Role inline policy", async () => {
    const response = await pack.analyze("aws:iam/role:Role", {
      assumeRolePolicy: "{}",
      inlinePolicies: [
        { name: "upload", policy: JSON.stringify(guideIdentityPolicy({ Resource: BUCKET_ARN })) },
      ],
    });
    const found = diagnostics(response.getDiagnosticsList());
    assert.deepStrictEqual(
      found.map((d) => d.policy),
      ["iam-policy-s3-object-resources-end-with-slash-star"],
    );
    assert.match(
      found[0].message,
      /inlinePolicies\[0\] \("upload"\) statement "AllowUploadToAccountBBucket"/,
    );
  });

  it("judges a bucket policy the engine sends as a secret", async () => {
    const policy = secret(JSON.stringify(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })));
    const response = await pack.analyze(BUCKET_POLICY, { bucket: "my-target-bucket", policy });
    const found = diagnostics(response.getDiagnosticsList()).map((d) => d.policy);
    assert.ok(found.includes(ROOT_POLICY), found.join(", "));
  });

  it("judges an aws-native policy document sent as an object", async () => {
    const response = await pack.analyze("aws-native:s3:BucketPolicy", {
      bucket: "my-target-bucket",
      policyDocument: guideBucketPolicy({ Principal: "*" }),
    });
    const found = diagnostics(response.getDiagnosticsList()).map((d) => d.policy);
    assert.ok(found.includes("s3-bucket-policy-no-public-principal"), found.join(", "));
  });

  it("reports malformed JSON through policy-document-well-formed and nothing crashes", async () => {
    const response = await pack.analyze(BUCKET_POLICY, { bucket: "b", policy: '{"Statement": [' });
    const found = diagnostics(response.getDiagnosticsList());
    const wellFormed = found.find((d) => d.policy === "policy-document-well-formed");
    assert.strictEqual(wellFormed?.level, EnforcementLevel.MANDATORY);
    assert.match(wellFormed?.message ?? "", /policy is not valid JSON/);
  });

  it("turns a policy unknown during preview into advisory can't-run notes, not verdicts", async () => {
    const response = await pack.analyze(BUCKET_POLICY, { bucket: "b", policy: unknownValue });
    const found = diagnostics(response.getDiagnosticsList());
    const bucketPolicies = policies
      .map((p) => p.name)
      .filter((name) => !/^(iam|kms|vpc)-/.test(name));
    assert.deepStrictEqual(
      found.map((d) => d.policy),
      bucketPolicies,
    );
    for (const d of found) {
      assert.strictEqual(d.level, EnforcementLevel.ADVISORY);
      assert.match(
        d.message,
        /^can't run policy '.*' from policy pack 'cross-account-s3-upload-policies@v0\.1\.0' during preview: string value at \.policy can't be known during preview/,
      );
    }
  });

  it("reports the resource types a policy does not apply to as not applicable", async () => {
    const response = await pack.analyze("aws:lambda/function:Function", { role: ROOT_ARN });
    assert.deepStrictEqual(diagnostics(response.getDiagnosticsList()), []);
    assert.strictEqual(response.getNotApplicableList().length, policies.length);
  });

  it("applies the configuration the CLI sends: level and properties", async () => {
    await pack.configure({
      [ROOT_POLICY]: {
        enforcementLevel: EnforcementLevel.ADVISORY,
        properties: { exemptAccountIds: ["210987654321"] },
      },
    });
    try {
      const document = guideBucketPolicy({ Principal: { AWS: [ROOT_ARN, "210987654321"] } });
      const root = (await analyzeBucketPolicy(document)).filter((d) => d.policy === ROOT_POLICY);
      assert.strictEqual(root.length, 1);
      assert.strictEqual(root[0].level, EnforcementLevel.ADVISORY);
      assert.match(root[0].message, /account 123456789012/);
    } finally {
      await pack.configure({});
    }
  });

  it("blocks a principal of everyone pinned to one account, as it blocks that account's root", async () => {
    const found = await analyzeBucketPolicy(
      guideBucketPolicy({
        Principal: { AWS: "*" },
        Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT_A } },
      }),
    );
    const root = found.filter((d) => d.policy === ROOT_POLICY);
    assert.deepStrictEqual(
      root.map((d) => d.level),
      [EnforcementLevel.MANDATORY],
    );
    assert.match(root[0].message, /exactly like its root/);
  });

  describe("answers every hostile input with a bounded report", () => {
    for (const input of HOSTILE_INPUTS) {
      it(input.name, async () => {
        const response = await pack.analyze(input.type, input.props);
        const counts: Record<string, number> = {};
        for (const d of diagnostics(response.getDiagnosticsList())) {
          counts[d.policy] = (counts[d.policy] ?? 0) + 1;
        }
        assert.deepStrictEqual(counts, input.expected);
      });
    }
  });
});
