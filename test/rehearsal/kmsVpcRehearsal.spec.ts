// `npm start -- --stacks <dir>` on the fixture stack files of the two extra setups: SSE-KMS with a
// key B creates, a function in a VPC with an endpoint the stack creates, and both together with
// an existing key and a VPC that already routes to S3. Every combination plans, passes the pack,
// passes the proof with its gates in the matrix, and uploads through the deployed bundle.
import * as assert from "assert";
import { OBJECT_OWNERSHIP_MODES } from "../../components/validation";
import { stackFixtures } from "../harness/paths";
import { assertMatchesSchema, failedRows, failedSteps } from "./proveAssertions";
import { Rehearsal, rehearse } from "./rehearse";
import { PLAIN, renderRehearsal } from "./render";

interface Expected {
  /** Resource types only this setup plans. */
  resources: string[];
  /** Scopes of the access matrix beyond the S3 ones. */
  scopes: string[];
  /** Assumptions the plan prints, per stack. */
  assumptions: Record<string, RegExp[]>;
  notes: RegExp[];
}

const KMS_NOTE = /^the local S3 endpoint does no KMS/;
const VPC_NOTE = /^the handler runs on this machine, not in the VPC/;

const SETUPS: Record<string, Expected> = {
  "sse-kms": {
    resources: ["aws:kms/key:Key", "aws:kms/alias:Alias"],
    scopes: ["key policy alone", "every gate"],
    assumptions: { "account-a": [], "account-b": [] },
    notes: [KMS_NOTE],
  },
  vpc: {
    resources: ["aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/securityGroup:SecurityGroup"],
    scopes: ["endpoint policy alone", "every gate"],
    assumptions: { "account-a": [], "account-b": [] },
    notes: [VPC_NOTE],
  },
  "sse-kms-vpc": {
    resources: [],
    scopes: ["key policy alone", "endpoint policy alone", "every gate"],
    assumptions: {
      "account-a": [/^the function's subnets in vpc-0f9e8d7c already reach S3 in eu-central-1/],
      "account-b": [/^the policy of the existing key arn:aws:kms:eu-central-1:848484848484:key\//],
    },
    notes: [KMS_NOTE, VPC_NOTE],
  },
};

for (const [setup, expected] of Object.entries(SETUPS)) {
  describe(`npm start -- --stacks test/fixtures/stacks/${setup}`, function () {
    this.timeout(180_000);
    let report: Rehearsal;
    before(async () => {
      report = await rehearse(stackFixtures(setup));
    });

    it("passes every step, with a report valid against its schema", () => {
      assert.deepStrictEqual(
        failedSteps(report),
        [],
        JSON.stringify(report, null, 2).slice(0, 4000),
      );
      assertMatchesSchema(report);
    });

    it("plans the setup's own resources and prints what it assumes", () => {
      const types = new Set(report.plan.detail?.flatMap((s) => s.resources.map((r) => r.type)));
      for (const type of expected.resources) assert.ok(types.has(type), type);
      for (const stack of report.plan.detail ?? []) {
        const patterns = expected.assumptions[stack.stack];
        assert.strictEqual(stack.assumptions.length, patterns.length, stack.stack);
        patterns.forEach((pattern, i) => assert.match(stack.assumptions[i], pattern));
      }
      const text = renderRehearsal(report, PLAIN);
      for (const stack of report.plan.detail ?? []) {
        for (const assumption of stack.assumptions)
          assert.ok(text.includes(`assumes ${assumption}`));
      }
    });

    it("runs every planned resource through the pack with no mandatory diagnostic", () => {
      const check = report.policyCheck.detail;
      const planned = report.plan.detail?.reduce((n, s) => n + s.resources.length, 0);
      assert.strictEqual(check?.resourcesAnalyzed, planned);
      assert.deepStrictEqual(
        check?.diagnostics.filter((d) => d.enforcementLevel === "mandatory"),
        [],
      );
    });

    it("proves the gates in every ownership mode, each row naming the statement of each gate", () => {
      const [link] = report.accessProof.detail ?? [];
      assert.deepStrictEqual(
        link.result.map((mode) => mode.objectOwnership).sort(),
        [...OBJECT_OWNERSHIP_MODES].sort(),
      );
      for (const mode of link.result) {
        assert.deepStrictEqual(failedRows(mode.rows), [], mode.objectOwnership);
        const scopes = new Set(mode.rows.map((r) => r.scope));
        for (const scope of expected.scopes) assert.ok(scopes.has(scope as never), scope);
      }
      const everyGate = link.result[0].rows.filter((r) => r.scope === "every gate");
      const put = everyGate.find((r) => r.name.endsWith("may PutObject under the prefix"));
      const gates = expected.scopes.includes("endpoint policy alone")
        ? /^identity policy Allow \w+ \+ bucket policy Allow \w+ \+ endpoint policy Allow \w+$/
        : /^identity policy Allow \w+ \+ bucket policy Allow \w+$/;
      assert.match(put?.decidedBy ?? "", gates);
      if (expected.scopes.includes("key policy alone")) {
        const generate = everyGate.find((r) => r.name.includes("GenerateDataKey for PutObject"));
        assert.match(
          generate?.decidedBy ?? "",
          /^identity policy Allow UseBucketKeyThroughS3 \+ key policy Allow AllowBucketKeyUseByAROA\w+$/,
        );
      }
    });

    it("uploads through the deployed bundle, and says what a local rehearsal cannot show", () => {
      const [link] = report.upload.detail ?? [];
      assert.deepStrictEqual(link.result.problems, []);
      assert.strictEqual(link.result.notes.length, expected.notes.length);
      expected.notes.forEach((pattern, i) => assert.match(link.result.notes[i], pattern));
    });
  });
}
