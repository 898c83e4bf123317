// Differential proof of the pack (issue 5): a fixed-seed corpus of bucket policies
// (policyGenerator.ts, which documents the domain) is judged both by the pack, run as the policy
// server runs it, and by oracles built on a real IAM policy engine, @cloud-copilot/iam-simulate
// (AGPL-3.0: tests only). The two must agree on every policy, statement by statement.
//
// Oracles, each asked about one statement part and memoized by that part's JSON:
// - s3-bucket-policy-no-account-root-principal fires once per Principal entry of an Allow statement
//   that the engine matches at account level ("AccountLevelMatch") for a probe principal that is
//   not a listed role: `arn:<partition>:iam::<X>:role/probe-not-listed` for every account X the
//   Principal names plus accounts A and the third account, in every partition it names. Principal
//   matching does not depend on the request's action, resource or conditions (asserted below), so
//   the probe asks about the statement's Principal alone. The oracle reads the engine's verdict per
//   entry (StatementExplain.principals): its per-statement summary ranks "Match" above
//   "AccountLevelMatch", so a root entry beside `"*"` shows only as "Match" there, yet still trusts
//   the whole account; such statements are counted and reported.
// - s3-bucket-policy-object-resources-end-with-slash-star fires once per Allow statement that both
//   (a) grants an object action: the engine allows one of OBJECT_PROBES on an object ARN when the
//   statement's Action/NotAction, with Resource "*", is a same-account identity policy; and
//   (b) covers a non-object resource: the engine allows s3:ListBucket on some bucket (every bucket
//   the corpus names, and one it never names) when the statement's Resource/NotResource, with
//   Action "*", is that identity policy. The engine knows S3's resource types, so it cannot be asked
//   "is PutObject allowed on the bucket ARN" directly: (a) and (b) ask it the two halves.
import {
  PrincipalExplain,
  RequestAnalysis,
  SingleResourceSimulationResult,
  runSimulation,
} from "@cloud-copilot/iam-simulate";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import { S3_OBJECT_ACTIONS } from "../../policy-pack/lib/iam";
import { noAccountRootPrincipal } from "../../policy-pack/policies/noAccountRootPrincipal";
import { objectResourcesEndWithSlashStar } from "../../policy-pack/policies/objectResourcesEndWithSlashStar";
import {
  BUCKET,
  BUCKET_POLICY_CARRIERS,
  bucketPolicyArgs,
  resourceArgs,
  runPolicy,
} from "./fixtures";
import {
  ACCOUNT_A,
  ACCOUNT_B,
  GeneratedPolicy,
  GeneratedStatement,
  NAMED_BUCKETS,
  PrincipalElement,
  THIRD_ACCOUNT,
  generatePolicies,
  statementLabel,
  statementsOf,
} from "./policyGenerator";

const SEED = 20261127;
const CORPUS_SIZE = 1200;
/** Each rule must fire on, and pass, at least this share of the corpus. */
const MIN_OUTCOME_SHARE = 0.15;

const PROBE_ROLE = "probe-not-listed";
const PROBE_OBJECT = `arn:aws:s3:::${BUCKET}/uploads/probe-key.json`;
/** Buckets whose ARN (b) asks about: every bucket the corpus names, and one it never names. */
const PROBE_BUCKETS: readonly string[] = [...NAMED_BUCKETS, "bucket-no-policy-names"];
/**
 * Object actions (a) asks about: the guide's, and at least one that each generated Action pattern
 * or NotAction list could reach alone. The spec checks each is an object action to the engine, and
 * that over the corpus the set is granted exactly when one of the pack's objectActions is.
 */
const OBJECT_PROBES: readonly string[] = [
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:GetObject",
  "s3:GetObjectTagging",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:RestoreObject",
  "s3:ReplicateObject",
  "s3:PutObjectAnnotation",
  "s3:UpdateObjectEncryption",
];

type ResourceAnalysis = NonNullable<RequestAnalysis["resourceAnalysis"]>;
type StatementAnalysis = ResourceAnalysis["allowStatements"][number];

interface Probe {
  principal: string;
  action: string;
  resource: string;
  identityPolicy?: unknown;
  resourcePolicy?: unknown;
}

class EngineError extends Error {}

let simulations = 0;

/** One request against bucket B's account, over TLS; anything but a single result throws. */
async function simulate(probe: Probe): Promise<SingleResourceSimulationResult> {
  simulations++;
  const result = await runSimulation(
    {
      request: {
        principal: probe.principal,
        action: probe.action,
        resource: { resource: probe.resource, accountId: ACCOUNT_B },
        contextVariables: { "aws:SecureTransport": "true" },
      },
      identityPolicies: probe.identityPolicy
        ? [{ name: "probe-identity", policy: probe.identityPolicy }]
        : [],
      resourcePolicy: probe.resourcePolicy,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== "single") {
    const why = result.resultType === "error" ? JSON.stringify(result.errors) : "a wildcard result";
    throw new EngineError(`engine gave ${why} for ${JSON.stringify(probe)}`);
  }
  return result;
}

function document(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

/** Every statement the resource analysis judged, whichever list it landed in. */
function resourceStatements(result: SingleResourceSimulationResult): StatementAnalysis[] {
  const analysis = result.result.analysis.resourceAnalysis;
  if (!analysis) return [];
  return [...analysis.allowStatements, ...analysis.denyStatements, ...analysis.unmatchedStatements];
}

function principalExplains(statement: StatementAnalysis): PrincipalExplain[] {
  const principals = statement.explain.principals;
  return principals === undefined ? [] : [principals].flat();
}

function memoize<K, V>(compute: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    const id = JSON.stringify(key);
    let value = cache.get(id);
    if (!value) {
      value = compute(key);
      cache.set(id, value);
    }
    return value;
  };
}

// ---- Oracle of s3-bucket-policy-no-account-root-principal ----

interface PrincipalVerdict {
  /** The entries the engine matched at account level for some probe, one per entry. */
  accountLevelEntries: string[];
  /** The engine's per-statement principalMatch over all probes, distinct and sorted. */
  summaries: string[];
  /** The per-statement summary never said AccountLevelMatch although an entry did. */
  hiddenBehindFullMatch: boolean;
  probes: string[];
}

function probePrincipals(principal: PrincipalElement): string[] {
  const text = JSON.stringify(principal);
  const accounts = new Set([ACCOUNT_A, THIRD_ACCOUNT, ...(text.match(/\d{12}/g) ?? [])]);
  const partitions = new Set(["aws", ...[...text.matchAll(/arn:([a-z-]+):/g)].map((m) => m[1])]);
  return [...partitions].flatMap((partition) =>
    [...accounts].map((account) => `arn:${partition}:iam::${account}:role/${PROBE_ROLE}`),
  );
}

const principalVerdict = memoize(async (principal: PrincipalElement) => {
  const probes = probePrincipals(principal);
  const resourcePolicy = document({
    Effect: "Allow",
    Principal: principal,
    Action: "s3:GetObject",
    Resource: "*",
  });
  const flagged = new Map<number, string>();
  const summaries = new Set<string>();
  for (const probe of probes) {
    const result = await simulate({
      principal: probe,
      action: "s3:GetObject",
      resource: PROBE_OBJECT,
      resourcePolicy,
    });
    const statements = resourceStatements(result);
    if (statements.length !== 1) {
      throw new EngineError(`engine judged ${statements.length} statements, expected 1`);
    }
    const [statement] = statements;
    summaries.add(statement.principalMatch);
    principalExplains(statement).forEach((entry, index) => {
      if (entry.matches === "AccountLevelMatch") flagged.set(index, entry.principal);
    });
  }
  const verdict: PrincipalVerdict = {
    accountLevelEntries: [...flagged.values()],
    summaries: [...summaries].sort(),
    hiddenBehindFullMatch: flagged.size > 0 && !summaries.has("AccountLevelMatch"),
    probes,
  };
  return verdict;
});

// ---- Oracle of s3-bucket-policy-object-resources-end-with-slash-star ----

type ActionPart = Pick<GeneratedStatement, "Action" | "NotAction">;
type ResourcePart = Pick<GeneratedStatement, "Resource" | "NotResource">;

const SAME_ACCOUNT_PROBE = `arn:aws:iam::${ACCOUNT_B}:role/${PROBE_ROLE}`;

const actionAllowed = memoize(async ([part, action]: [ActionPart, string]) => {
  const result = await simulate({
    principal: SAME_ACCOUNT_PROBE,
    action,
    resource: PROBE_OBJECT,
    identityPolicy: document({ Effect: "Allow", ...part, Resource: "*" }),
  });
  return result.overallResult === "Allowed";
});

/** The first of `actions` the engine grants under the statement's Action/NotAction. */
async function firstGranted(
  part: ActionPart,
  actions: readonly string[],
): Promise<string | undefined> {
  for (const action of actions) if (await actionAllowed([part, action])) return action;
  return undefined;
}

/** (b): the first bucket ARN on which the engine allows s3:ListBucket under Resource/NotResource. */
const coveredBucket = memoize(async (part: ResourcePart) => {
  for (const bucket of PROBE_BUCKETS) {
    const resource = `arn:aws:s3:::${bucket}`;
    const result = await simulate({
      principal: SAME_ACCOUNT_PROBE,
      action: "s3:ListBucket",
      resource,
      identityPolicy: document({ Effect: "Allow", Action: "*", ...part }),
    });
    if (result.overallResult === "Allowed") return resource;
  }
  return undefined;
});

function actionPart(s: GeneratedStatement): ActionPart {
  return s.Action !== undefined ? { Action: s.Action } : { NotAction: s.NotAction };
}

function resourcePart(s: GeneratedStatement): ResourcePart {
  return s.Resource !== undefined ? { Resource: s.Resource } : { NotResource: s.NotResource };
}

// ---- Verdicts ----

/** What one judge says about one policy: the statement label of each finding, and why. */
interface Verdict {
  labels: string[];
  reasons: string[];
}

interface OracleVerdicts {
  root: Verdict;
  slash: Verdict;
  /** Statements whose root entry the engine's per-statement summary shows only as "Match". */
  hiddenRoots: number;
}

async function oracle(policy: GeneratedPolicy): Promise<OracleVerdicts> {
  const verdicts: OracleVerdicts = {
    root: { labels: [], reasons: [] },
    slash: { labels: [], reasons: [] },
    hiddenRoots: 0,
  };
  const statements = statementsOf(policy.document);
  for (const [index, s] of statements.entries()) {
    if (s.Effect !== "Allow") continue;
    const label = statementLabel(s, index);
    const principal = await principalVerdict(s.Principal);
    for (const entry of principal.accountLevelEntries) {
      verdicts.root.labels.push(label);
      verdicts.root.reasons.push(
        `${label}: entry ${entry} matches a role of its account at account level (probes ${principal.probes.join(", ")})`,
      );
    }
    if (principal.accountLevelEntries.length === 0) {
      verdicts.root.reasons.push(
        `${label}: no entry matches a probe role at account level (statement: ${principal.summaries.join(", ")})`,
      );
    }
    if (principal.hiddenBehindFullMatch) verdicts.hiddenRoots++;
    const granted = await firstGranted(actionPart(s), OBJECT_PROBES);
    const bucket = await coveredBucket(resourcePart(s));
    if (granted !== undefined && bucket !== undefined) {
      verdicts.slash.labels.push(label);
      verdicts.slash.reasons.push(
        `${label}: allows ${granted} on ${PROBE_OBJECT} and s3:ListBucket on ${bucket}`,
      );
    } else {
      verdicts.slash.reasons.push(
        `${label}: ${granted ? `allows ${granted}` : "allows none of the object probes"}; ` +
          `${bucket ? `covers ${bucket}` : "covers none of the probe buckets"}`,
      );
    }
  }
  return verdicts;
}

const LABEL = /^\S+ (statement "[^"]*"|Statement\[\d+\]): /;

function packArgs(policy: GeneratedPolicy): ResourceValidationArgs {
  if (policy.form === "text") return bucketPolicyArgs(policy.text);
  const carrier = BUCKET_POLICY_CARRIERS[policy.index % BUCKET_POLICY_CARRIERS.length];
  return resourceArgs(carrier.type, carrier.props(policy.document));
}

async function pack(
  policy: ResourceValidationPolicy,
  generated: GeneratedPolicy,
): Promise<Verdict> {
  const outcome = await runPolicy(policy, packArgs(generated));
  if (outcome.notApplicable !== undefined) {
    throw new Error(`${policy.name} was not applicable: ${outcome.notApplicable}`);
  }
  return {
    labels: outcome.violations.map((v) => LABEL.exec(v)?.[1] ?? `(unlabelled) ${v}`),
    reasons: outcome.violations,
  };
}

const sorted = (labels: string[]) => [...labels].sort();

interface Judged {
  policy: GeneratedPolicy;
  oracle?: OracleVerdicts;
  root?: Verdict;
  slash?: Verdict;
  crashes: string[];
}

function shown(policy: GeneratedPolicy): string {
  const where = policy.form === "text" ? "as JSON text" : "as an object";
  return `policy #${policy.index} (${where}): ${policy.text ?? JSON.stringify(policy.document)}`;
}

function disagreement(judged: Judged, rule: "root" | "slash"): string | undefined {
  const packVerdict = judged[rule];
  const oracleVerdict = judged.oracle?.[rule];
  if (!packVerdict || !oracleVerdict) return undefined;
  if (JSON.stringify(sorted(packVerdict.labels)) === JSON.stringify(sorted(oracleVerdict.labels))) {
    return undefined;
  }
  const list = (items: string[]) =>
    items.length ? items.map((i) => `    - ${i}`) : ["    (none)"];
  return [
    shown(judged.policy),
    `  pack fires on [${sorted(packVerdict.labels).join(", ")}]:`,
    ...list(packVerdict.reasons),
    `  engine fires on [${sorted(oracleVerdict.labels).join(", ")}]:`,
    ...list(oracleVerdict.reasons),
  ].join("\n");
}

function share(count: number, total: number): string {
  return `${count}/${total} (${((100 * count) / total).toFixed(1)}%)`;
}

describe("differential proof of the pack against the IAM engine", () => {
  describe("the engine facts the oracles rely on", () => {
    const root = `arn:aws:iam::${ACCOUNT_A}:root`;
    const probe = `arn:aws:iam::${ACCOUNT_A}:role/${PROBE_ROLE}`;

    it("reports principalMatch for Allow statements whose action, resource or condition do not match", async () => {
      const allow = (changes: Record<string, unknown>) => ({
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "s3:GetObject",
        Resource: "*",
        ...changes,
      });
      const result = await simulate({
        principal: probe,
        action: "s3:GetObject",
        resource: PROBE_OBJECT,
        resourcePolicy: document(
          allow({ Sid: "Matching" }),
          allow({ Sid: "OtherAction", Action: "s3:ListBucket" }),
          allow({ Sid: "OtherResource", Resource: "arn:aws:s3:::elsewhere/*" }),
          allow({
            Sid: "FailedCondition",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ),
      });
      const analysis = result.result.analysis.resourceAnalysis;
      assert.deepStrictEqual(
        analysis?.allowStatements.map((s) => s.statement.sid()),
        ["Matching"],
      );
      const judged = Object.fromEntries(
        resourceStatements(result).map((s) => [s.statement.sid(), s.principalMatch]),
      );
      assert.deepStrictEqual(judged, {
        Matching: "AccountLevelMatch",
        OtherAction: "AccountLevelMatch",
        OtherResource: "AccountLevelMatch",
        FailedCondition: "AccountLevelMatch",
      });
    });

    it("matches a root ARN, a bare account id and a GovCloud root at account level, * fully and a listed role not at all", async () => {
      const gov = `arn:aws-us-gov:iam::${ACCOUNT_A}:root`;
      const third = `arn:aws:iam::${THIRD_ACCOUNT}:root`;
      const cases: [PrincipalElement, string[], string[]][] = [
        [{ AWS: root }, [root], ["AccountLevelMatch", "NoMatch"]],
        [{ AWS: ACCOUNT_A }, [ACCOUNT_A], ["AccountLevelMatch", "NoMatch"]],
        [{ AWS: gov }, [gov], ["AccountLevelMatch", "NoMatch"]],
        [{ AWS: third }, [third], ["AccountLevelMatch", "NoMatch"]],
        ["*", [], ["Match"]],
        [{ AWS: "*" }, [], ["Match"]],
        [{ AWS: `arn:aws:iam::${ACCOUNT_A}:role/uploader` }, [], ["NoMatch"]],
        [{ AWS: ["*", root] }, [root], ["Match"]],
      ];
      for (const [principal, entries, summaries] of cases) {
        const verdict = await principalVerdict(principal);
        assert.deepStrictEqual(
          [verdict.accountLevelEntries, verdict.summaries],
          [entries, summaries],
          JSON.stringify(principal),
        );
      }
      assert.strictEqual(
        (await principalVerdict({ AWS: ["*", root] })).hiddenBehindFullMatch,
        true,
      );
    });

    it("treats every object probe action as an object action: allowed on an object ARN, no resource type on a bucket ARN", async () => {
      for (const action of OBJECT_PROBES) await assertObjectAction(action);
    });

    it("treats every action of the pack's default objectActions as an object action", async () => {
      for (const action of S3_OBJECT_ACTIONS) await assertObjectAction(action);
    });

    it("treats s3:ListBucket as a bucket action: allowed on a bucket ARN, no resource type on an object ARN", async () => {
      const identityPolicy = document({ Effect: "Allow", Action: "*", Resource: "*" });
      const bucket = await simulate({
        principal: SAME_ACCOUNT_PROBE,
        action: "s3:ListBucket",
        resource: `arn:aws:s3:::${BUCKET}`,
        identityPolicy,
      });
      assert.strictEqual(bucket.overallResult, "Allowed");
      await assert.rejects(
        simulate({
          principal: SAME_ACCOUNT_PROBE,
          action: "s3:ListBucket",
          resource: PROBE_OBJECT,
          identityPolicy,
        }),
        /no\.resource\.types/,
      );
    });

    async function assertObjectAction(action: string): Promise<void> {
      const identityPolicy = document({ Effect: "Allow", Action: "*", Resource: "*" });
      const onObject = await simulate({
        principal: SAME_ACCOUNT_PROBE,
        action,
        resource: PROBE_OBJECT,
        identityPolicy,
      });
      assert.strictEqual(onObject.overallResult, "Allowed", action);
      await assert.rejects(
        simulate({
          principal: SAME_ACCOUNT_PROBE,
          action,
          resource: `arn:aws:s3:::${BUCKET}`,
          identityPolicy,
        }),
        /no\.resource\.types/,
        action,
      );
    }
  });

  describe(`over ${CORPUS_SIZE} generated bucket policies (seed ${SEED})`, () => {
    const corpus = generatePolicies(SEED, CORPUS_SIZE);
    const judged: Judged[] = [];
    let elapsed = 0;
    let engineRuns = 0;

    before(async function () {
      this.timeout(60_000);
      const start = Date.now();
      const simulationsBefore = simulations;
      for (const policy of corpus) {
        const entry: Judged = { policy, crashes: [] };
        try {
          entry.root = await pack(noAccountRootPrincipal, policy);
        } catch (error) {
          entry.crashes.push(`${noAccountRootPrincipal.name} threw ${(error as Error).stack}`);
        }
        try {
          entry.slash = await pack(objectResourcesEndWithSlashStar, policy);
        } catch (error) {
          entry.crashes.push(
            `${objectResourcesEndWithSlashStar.name} threw ${(error as Error).stack}`,
          );
        }
        try {
          entry.oracle = await oracle(policy);
        } catch (error) {
          entry.crashes.push(`the oracle threw ${(error as Error).message}`);
        }
        judged.push(entry);
      }
      elapsed = Date.now() - start;
      engineRuns = simulations - simulationsBefore;
    });

    it("judges every policy without a crash in the pack or the engine", () => {
      const crashes = judged.flatMap((j) => j.crashes.map((c) => `${shown(j.policy)}\n  ${c}`));
      assert.deepStrictEqual(crashes, [], crashes.slice(0, 5).join("\n\n"));
      assert.strictEqual(judged.length, CORPUS_SIZE);
      console.log(
        `      ${CORPUS_SIZE} policies judged by the pack and by ${engineRuns} engine runs in ${elapsed} ms`,
      );
    });

    it("s3-bucket-policy-no-account-root-principal fires exactly once per Principal entry the engine matches at account level", () => {
      const disagreements = judged.flatMap((j) => disagreement(j, "root") ?? []);
      assert.deepStrictEqual(
        disagreements.length,
        0,
        `${disagreements.length} disagreements; the first ${Math.min(5, disagreements.length)}:\n\n${disagreements.slice(0, 5).join("\n\n")}`,
      );
    });

    it("s3-bucket-policy-object-resources-end-with-slash-star fires exactly on the Allow statements the engine lets grant an object action and cover a bucket", () => {
      const disagreements = judged.flatMap((j) => disagreement(j, "slash") ?? []);
      assert.deepStrictEqual(
        disagreements.length,
        0,
        `${disagreements.length} disagreements; the first ${Math.min(5, disagreements.length)}:\n\n${disagreements.slice(0, 5).join("\n\n")}`,
      );
    });

    it(`sees each rule fire on, and pass, at least ${MIN_OUTCOME_SHARE * 100}% of the policies`, () => {
      const total = judged.length;
      const rootFires = judged.filter((j) => (j.root?.labels.length ?? 0) > 0).length;
      const slashFires = judged.filter((j) => (j.slash?.labels.length ?? 0) > 0).length;
      const both = judged.filter(
        (j) => (j.root?.labels.length ?? 0) > 0 && (j.slash?.labels.length ?? 0) > 0,
      ).length;
      const hidden = judged.reduce((sum, j) => sum + (j.oracle?.hiddenRoots ?? 0), 0);
      console.log(
        [
          `      root-principal rule fires on ${share(rootFires, total)}, passes ${share(total - rootFires, total)}`,
          `      /* rule fires on ${share(slashFires, total)}, passes ${share(total - slashFires, total)}`,
          `      both fire on ${share(both, total)}; root entries beside "*" (engine summary "Match"): ${hidden}`,
        ].join("\n"),
      );
      const minimum = Math.ceil(MIN_OUTCOME_SHARE * total);
      for (const [rule, fires] of [
        ["root-principal", rootFires],
        ["/*", slashFires],
      ] as const) {
        assert.ok(fires >= minimum, `${rule} rule fires on only ${fires} policies`);
        assert.ok(total - fires >= minimum, `${rule} rule passes only ${total - fires} policies`);
      }
    });

    it("covers every principal kind, resource form, action form and document shape of the domain", () => {
      const counts = new Map<string, number>();
      for (const { features } of corpus) {
        for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
      }
      const wanted = [
        "principal:role-A",
        "principal:root-A",
        "principal:bare-account-A",
        "principal:root-B",
        "principal:root-third",
        "principal:bare-account-third",
        "principal:role-third",
        "principal:root-gov",
        "principal:root-cn",
        "principal:session-A",
        "principal:user-named-root",
        "principal:star-entry",
        "principal:star",
        "principal:aws-star",
        "principal:with-service",
        "action:object",
        "action:object-newer",
        "action:odd-case",
        "action:wildcard",
        "action:all",
        "action:bucket",
        "action:bucket-wildcard",
        "action:NotAction-leaves-objects",
        "action:NotAction-no-objects",
        "resource:bucket",
        "resource:bucket-star",
        "resource:all-s3",
        "resource:star",
        "resource:other-bucket",
        "resource:objects",
        "resource:prefix-objects",
        "resource:prefix-star",
        "resource:exact-key",
        "resource:every-bucket-objects",
        "resource:other-bucket-objects",
        "resource:NotResource",
        "condition:tls",
        "condition:account",
        "condition:principal-arn",
        "condition:prefix",
        "condition:source-ip",
        "condition:acl",
        "deny:tls",
        "deny:root",
        "shape:one-allow",
        "shape:two-allows",
        "shape:three-allows",
        "shape:single-statement-object",
        "shape:array",
        "shape:no-sid",
        "shape:text",
        "shape:object",
      ];
      const rare = wanted.filter((feature) => (counts.get(feature) ?? 0) < 10);
      assert.deepStrictEqual(
        rare,
        [],
        `features seen in fewer than 10 policies: ${rare.join(", ")}`,
      );
    });

    it("agrees with the pack's objectActions on every generated action pattern and NotAction list: the probe set is granted exactly when one of them is", async function () {
      this.timeout(60_000);
      // An Action list grants what one of its patterns grants, so each pattern is asked alone.
      const parts = new Map<string, ActionPart>();
      for (const { document: d } of corpus) {
        for (const s of statementsOf(d)) {
          const each: ActionPart[] =
            s.Action !== undefined
              ? [s.Action].flat().map((pattern) => ({ Action: pattern }))
              : [{ NotAction: s.NotAction }];
          for (const part of each) parts.set(JSON.stringify(part), part);
        }
      }
      const differing: string[] = [];
      for (const [key, part] of parts) {
        const probe = await firstGranted(part, OBJECT_PROBES);
        const packAction = await firstGranted(part, S3_OBJECT_ACTIONS);
        if ((probe === undefined) !== (packAction === undefined)) {
          differing.push(`${key}: probe set grants ${probe}, objectActions grants ${packAction}`);
        }
      }
      assert.deepStrictEqual(differing, []);
    });
  });
});
