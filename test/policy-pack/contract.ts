// What every policy of the pack promises, declared once: its default level; a verdict on every
// resource type it judges, with the document as JSON text and as an object; not applicable to the
// others; preview-time unknowns reach the server as UnknownValueError; malformed or oversized
// documents are left to policy-document-well-formed; at most 20 messages per resource and one
// "and N more". Each policy's spec calls `describePolicyContract` and keeps only its own cases.
import {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import * as assert from "assert";
import { DocumentKind } from "../../policy-pack/lib/document/model";
import { CARRIERS, KINDS, policyArgs } from "../harness/carriers";
import { UNKNOWN } from "../harness/engineValues";
import {
  Document,
  Statement,
  guideBucketPolicy,
  guideIdentityPolicy,
  projectBucketPolicy,
  projectWriterPolicy,
} from "../harness/policyDocuments";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import {
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  onlyViolation,
} from "./assertions";

interface PolicyContract {
  /**
   * What the policy fires on: changes to the guide's statement (its bucket policy, or its
   * identity policy for an identity kind), or a document of each kind.
   */
  fires: Statement | ((kind: DocumentKind) => Document);
  /** A fragment of what it says when it fires. */
  message: string | RegExp;
  /** A document of each kind it passes; the guide's own documents by default. */
  passes?(kind: DocumentKind): Document;
  /** The policy reports malformed documents itself (policy-document-well-formed). */
  reportsMalformed?: boolean;
  /** The policy fires once per document, whatever its statements, so repeating them adds none. */
  oncePerDocument?: boolean;
}

/** The guide's document for a kind of policy, with `changes` to its one statement. */
export function guideDocument(kind: DocumentKind, changes: Statement = {}): Document {
  return kind === "identity" ? guideIdentityPolicy(changes) : guideBucketPolicy(changes);
}

const FORMS: readonly { name: string; encode(document: Document): unknown }[] = [
  { name: "JSON text", encode: (document) => JSON.stringify(document) },
  { name: "an object", encode: (document) => document },
];

/** Documents the grammar rejects, and one over every size limit. */
const MALFORMED: readonly unknown[] = [
  "{not json",
  "{}",
  { Statement: [{ Effect: "Allow", Principal: 7, Action: {}, Resource: [] }] },
  `{"Statement": [${Array(12_000).fill("{}").join(",")}]}`,
];

/** IAM's limit on all the inline policies of one role together. */
const ROLE_INLINE_LIMIT = 10_240;

/**
 * A role of each provider whose inline policies are each `document`, as many as make them
 * together just over the limit: the classic provider's as JSON text, aws-native's as objects.
 */
function rolesOverTheirInlineLimit(document: Document): ResourceValidationArgs[] {
  const copies = Math.floor(ROLE_INLINE_LIMIT / JSON.stringify(document).length) + 1;
  const names = Array.from({ length: copies }, (_, i) => `inline-${i}`);
  return [
    resourceArgs("aws:iam/role:Role", {
      inlinePolicies: names.map((name) => ({ name, policy: JSON.stringify(document) })),
    }),
    resourceArgs("aws-native:iam:Role", {
      policies: names.map((policyName) => ({ policyName, policyDocument: document })),
    }),
  ];
}

/** The document with its statements written `copies` times, each copy with its own Sid. */
function repeated(document: Document, copies: number): Document {
  const statements = [document.Statement].flat() as Record<string, unknown>[];
  const Statement = Array.from({ length: copies }, (_, i) =>
    statements.map((s, j) => ({
      ...s,
      Sid: `${String(s.Sid ?? "S").replace(/\W/g, "")}${i}x${j}`,
    })),
  ).flat();
  return { ...document, Statement };
}

export function describePolicyContract(
  policy: ResourceValidationPolicy,
  level: "mandatory" | "advisory",
  kinds: readonly DocumentKind[],
  contract: PolicyContract,
): void {
  const [kind] = kinds;
  const { fires } = contract;
  const firing = (k: DocumentKind) =>
    typeof fires === "function" ? fires(k) : guideDocument(k, fires);
  const passing = (k: DocumentKind) => contract.passes?.(k) ?? guideDocument(k);

  it(`is ${level} by default`, () => {
    assert.strictEqual(policy.enforcementLevel, level);
  });

  it("passes the project's own bucket and writer role policies", async () => {
    for (const [judged, document] of [
      ["bucket", projectBucketPolicy()],
      ["identity", projectWriterPolicy()],
    ] as const) {
      if (kinds.includes(judged))
        await assertNoResourceViolations(policy, policyArgs(judged, document));
    }
  });

  for (const judged of kinds) {
    for (const carrier of CARRIERS[judged]) {
      for (const form of FORMS) {
        describe(`on ${carrier.type} with the document as ${form.name}`, () => {
          const args = (document: Document) =>
            resourceArgs(carrier.type, carrier.props(form.encode(document)));
          it("fires on the document it exists to stop", async () => {
            await assertHasResourceViolation(policy, args(firing(judged)), contract.message);
          });
          it("passes a sound document", async () => {
            await assertNoResourceViolations(policy, args(passing(judged)));
          });
        });
      }
    }
  }

  it("is not applicable to the resource types it does not judge", async () => {
    const others = KINDS.filter((k) => !kinds.includes(k)).flatMap((k) => CARRIERS[k]);
    others.push({ type: "aws:lambda/function:Function", props: () => ({ role: "r" }) });
    for (const carrier of others) {
      const document = JSON.stringify(firing(kind));
      await assertNotApplicable(policy, resourceArgs(carrier.type, carrier.props(document)));
    }
  });

  it("lets a document unknown during preview reach the server as UnknownValueError", async () => {
    await assert.rejects(runPolicy(policy, policyArgs(kind, UNKNOWN)), UnknownValueError);
  });

  it("lets an unknown value inside an object document reach the server as UnknownValueError", async () => {
    const [carrier] = CARRIERS[kind];
    const document = { ...firing(kind), Id: UNKNOWN };
    await assert.rejects(
      runPolicy(policy, resourceArgs(carrier.type, carrier.props(document))),
      UnknownValueError,
    );
  });

  if (contract.reportsMalformed) {
    it("reports every malformed or oversized document", async () => {
      for (const document of MALFORMED) {
        await assertHasResourceViolation(policy, policyArgs(kind, document));
      }
    });
  } else {
    it("leaves malformed and oversized documents to policy-document-well-formed", async () => {
      for (const document of MALFORMED) {
        await assertNoResourceViolations(policy, policyArgs(kind, document));
      }
    });
  }

  if (kinds.includes("identity")) {
    const verdict = contract.reportsMalformed
      ? "reports, in one message, the total of a role's inline policies over the 10,240 characters they share, and nothing else"
      : "judges none of a role's inline policies when together they are over the 10,240 characters they share";
    it(verdict, async () => {
      for (const args of rolesOverTheirInlineLimit(firing("identity"))) {
        if (!contract.reportsMalformed) {
          await assertNoResourceViolations(policy, args);
          continue;
        }
        const message = await onlyViolation(policy, args);
        assert.match(
          message,
          /^(inlinePolicies|policies) \(\d+ documents\) together are (at least )?[\d,]+ characters long without whitespace, over the 10,240 AWS accepts for the inline policies of an IAM role; they were not read further/,
        );
      }
    });
  }

  if (!contract.oncePerDocument) {
    it('reports at most 20 messages per resource, then one "and N more"', async () => {
      const single = (await runPolicy(policy, policyArgs(kind, firing(kind)))).violations;
      const total = 25 * single.length;
      const { violations } = await runPolicy(policy, policyArgs(kind, repeated(firing(kind), 25)));
      assert.strictEqual(violations.length, 21);
      assert.match(violations[20], new RegExp(`^and ${total - 20} more of the same kind`));
    });
  }
}

/** Named changes to a document, each a case of its own. */
type Cases = Readonly<Record<string, Statement>>;

/** One `it` per case: the policy fires on `build(changes)`, a message containing `message`. */
export function itFiresOn(
  policy: ResourceValidationPolicy,
  build: (changes: Statement) => ResourceValidationArgs,
  message: string | RegExp,
  cases: Cases,
): void {
  for (const [name, changes] of Object.entries(cases)) {
    it(`fires on ${name}`, async () => {
      await assertHasResourceViolation(policy, build(changes), message);
    });
  }
}

/** One `it` per case: the policy passes `build(changes)`. */
export function itPassesOn(
  policy: ResourceValidationPolicy,
  build: (changes: Statement) => ResourceValidationArgs,
  cases: Cases,
): void {
  for (const [name, changes] of Object.entries(cases)) {
    it(`passes ${name}`, async () => {
      await assertNoResourceViolations(policy, build(changes));
    });
  }
}
