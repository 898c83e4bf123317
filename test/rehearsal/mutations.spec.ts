// Proves the proof: every plausible bug in mutations.ts, applied to the documents the real program
// plans, is caught by the policy pack (a diagnostic the unmutated documents do not get) or by the
// access matrix (a row that no longer holds). The score is printed at the end.
import * as assert from "assert";
import { ObjectOwnership } from "../../components/validation";
import { PROJECT_ROOT } from "../harness/stacks";
import { PlannedDocuments, plannedDocuments, proveAccess } from "./accessProof";
import { LinkPolicies } from "./intendedAccess";
import { Documents, MUTATIONS, Mutation } from "./mutations";
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

function mutated(planned: PlannedDocuments, mutation: Mutation): LinkPolicies {
  const documents = structuredClone(planned.policies) as unknown as Documents;
  mutation.apply(documents, planned.link);
  return documents;
}

describe("mutation test: plausible policy bugs are caught by the pack or the access proof", function () {
  this.timeout(120_000);
  const planned = new Map<ObjectOwnership, PlannedDocuments>();
  const baseline = new Map<ObjectOwnership, Verdict>();
  const caught: { name: string; by: string }[] = [];

  before(async () => {
    for (const inMode of await linksInEveryMode(await planStacks(PROJECT_ROOT))) {
      const documents = plannedDocuments(inMode.planned);
      planned.set(inMode.objectOwnership, documents);
      baseline.set(inMode.objectOwnership, await judge(documents, documents.policies));
    }
  });

  after(() => {
    const byPack = caught.filter((c) => c.by.includes("pack")).length;
    const byRows = caught.filter((c) => c.by.includes("rows")).length;
    console.log(
      `      mutation score: ${caught.length}/${MUTATIONS.length} caught ` +
        `(${byPack} by the pack, ${byRows} by the access matrix)`,
    );
  });

  it("starts from documents that pass every pack rule and every row, in all three modes", () => {
    assert.deepStrictEqual([...baseline.keys()].sort(), [
      "BucketOwnerEnforced",
      "BucketOwnerPreferred",
      "ObjectWriter",
    ]);
    for (const [mode, verdict] of baseline) {
      assert.deepStrictEqual(verdict, { pack: [], rows: [] }, mode);
    }
  });

  it(`has at least 30 mutations, each with its own name`, () => {
    assert.ok(MUTATIONS.length >= 30, `${MUTATIONS.length} mutations`);
    assert.strictEqual(new Set(MUTATIONS.map((m) => m.name)).size, MUTATIONS.length);
  });

  for (const mutation of MUTATIONS) {
    it(`catches: ${mutation.name} (${mutation.mode})`, async () => {
      const documents = planned.get(mutation.mode);
      assert.ok(documents, `no planned documents in ${mutation.mode}`);
      const verdict = await judge(documents, mutated(documents, mutation));
      const by = [verdict.pack.length > 0 ? "pack" : "", verdict.rows.length > 0 ? "rows" : ""];
      assert.ok(by.some(Boolean), "neither the pack nor any access row noticed");
      caught.push({ name: mutation.name, by: by.filter(Boolean).join("+") });
    });
  }
});
