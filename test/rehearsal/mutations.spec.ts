// Proves the proof: every plausible bug in mutations.ts, applied to the documents the real program
// plans for the example fixtures (test/fixtures/stacks), is caught by the policy pack (a diagnostic
// the unmutated documents do not get) or by the access matrix (a row that held and no longer
// does). Each catch's kind and the score are printed.
import * as assert from "assert";
import { EXAMPLE_STACKS, stackFixtures } from "../harness/paths";
import { PlannedDocuments, plannedDocuments, proveAccess } from "./accessProof";
import { LinkPolicies } from "./intendedAccess";
import { KMS_VPC_MUTATIONS } from "./kmsVpcMutations";
import { Documents, MUTATIONS, MutatedLink, Mutation } from "./mutations";
import { linksInEveryMode } from "./ownershipModes";
import { judgeDocuments } from "./packRules";
import { planStacks } from "./plan";

interface Verdict {
  pack: string[];
  rows: string[];
}

async function judge(planned: PlannedDocuments, policies: LinkPolicies): Promise<Verdict> {
  const diagnostics = await judgeDocuments(policies, planned.link.bucketName);
  const rows = await proveAccess(planned.link, policies);
  return {
    pack: diagnostics.map((d) => `${d.policyName}: ${d.message}`),
    rows: rows.filter((r) => !r.asIntended).map((r) => `${r.scope}: ${r.name}`),
  };
}

/** What a mutation's verdict has that the unmutated documents' has not. */
function newIn(found: string[], baseline: string[]): string[] {
  const before = new Set(baseline);
  return found.filter((item) => !before.has(item));
}

function mutated(planned: PlannedDocuments, mutation: Mutation): LinkPolicies {
  const documents = structuredClone(planned.policies) as unknown as Documents;
  mutation.apply(documents, planned.link);
  return documents;
}

const ALL_MUTATIONS = [...MUTATIONS, ...KMS_VPC_MUTATIONS];
const LINKS: Record<MutatedLink, string> = {
  example: EXAMPLE_STACKS,
  "sse-kms-vpc": stackFixtures("sse-kms-vpc"),
};

describe("mutation test: plausible policy bugs are caught by the pack or the access proof", function () {
  this.timeout(240_000);
  /** Planned documents and their verdict by "<link>|<ownership mode>". */
  const planned = new Map<string, PlannedDocuments>();
  const baseline = new Map<string, Verdict>();
  const caught: { name: string; by: string; diagnostics: number; rows: number }[] = [];

  before(async () => {
    for (const [link, dir] of Object.entries(LINKS)) {
      for (const inMode of await linksInEveryMode(await planStacks(dir))) {
        const documents = plannedDocuments(inMode.planned);
        const key = `${link}|${inMode.objectOwnership}`;
        planned.set(key, documents);
        baseline.set(key, await judge(documents, documents.policies));
      }
    }
  });

  after(() => {
    // How each was caught: "pack", "rows" or "pack+rows", with what newly failed.
    for (const c of caught) {
      console.log(
        `      ${c.by.padEnd(9)} ${c.diagnostics} diagnostics, ${c.rows} rows: ${c.name}`,
      );
    }
    const byPack = caught.filter((c) => c.by.includes("pack")).length;
    const byRows = caught.filter((c) => c.by.includes("rows")).length;
    console.log(
      `      mutation score: ${caught.length}/${ALL_MUTATIONS.length} caught ` +
        `(${byPack} by the pack, ${byRows} by the access matrix)`,
    );
  });

  it("starts from documents that pass every pack rule and every row, in all three modes", () => {
    assert.deepStrictEqual([...baseline.keys()].sort(), [
      "example|BucketOwnerEnforced",
      "example|BucketOwnerPreferred",
      "example|ObjectWriter",
      "sse-kms-vpc|BucketOwnerEnforced",
      "sse-kms-vpc|BucketOwnerPreferred",
      "sse-kms-vpc|ObjectWriter",
    ]);
    for (const [mode, verdict] of baseline) {
      assert.deepStrictEqual(verdict, { pack: [], rows: [] }, mode);
    }
  });

  it(`has at least 30 mutations of the S3 documents and 25 of the key and endpoint ones`, () => {
    assert.ok(MUTATIONS.length >= 30, `${MUTATIONS.length} mutations`);
    assert.ok(KMS_VPC_MUTATIONS.length >= 25, `${KMS_VPC_MUTATIONS.length} mutations`);
    assert.strictEqual(new Set(ALL_MUTATIONS.map((m) => m.name)).size, ALL_MUTATIONS.length);
  });

  for (const mutation of ALL_MUTATIONS) {
    const where =
      mutation.link === "example" ? mutation.mode : `${mutation.link}, ${mutation.mode}`;
    it(`catches: ${mutation.name} (${where})`, async () => {
      const documents = planned.get(`${mutation.link}|${mutation.mode}`);
      assert.ok(documents, `no planned documents for ${where}`);
      const before = baseline.get(`${mutation.link}|${mutation.mode}`) ?? { pack: [], rows: [] };
      const verdict = await judge(documents, mutated(documents, mutation));
      const pack = newIn(verdict.pack, before.pack);
      const rows = newIn(verdict.rows, before.rows);
      const by = [pack.length > 0 ? "pack" : "", rows.length > 0 ? "rows" : ""].filter(Boolean);
      assert.ok(by.length > 0, "neither the pack nor any access row noticed");
      caught.push({
        name: mutation.name,
        by: by.join("+"),
        diagnostics: pack.length,
        rows: rows.length,
      });
    });
  }
});
