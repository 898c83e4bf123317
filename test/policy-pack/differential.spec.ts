// Differential proof of the pack: a fixed-seed corpus of bucket policies (policyGenerator.ts, which
// documents the domain) is judged both by the pack, run as the policy server runs it, and by
// oracles built on a real IAM policy engine (iamOracle.ts, which documents each oracle). The two
// must agree on every policy, statement by statement.
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import * as assert from "assert";
import { objectOnlyEntries } from "../../policy-pack/lib/actions";
import { S3_OBJECT_ACTIONS } from "../../policy-pack/lib/s3Actions";
import { noAccountRootPrincipal } from "../../policy-pack/policies/noAccountRootPrincipal";
import { objectResourcesEndWithSlashStar } from "../../policy-pack/policies/objectResourcesEndWithSlashStar";
import { CARRIERS, bucketPolicyArgs } from "../harness/carriers";
import { GUIDE_BUCKET } from "../harness/policyDocuments";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import {
  ActionPart,
  OBJECT_PROBES,
  OTHER_PROBES,
  PROBE_OBJECT,
  PROBE_ROLE,
  actionParts,
  addressedObject,
  document,
  objectOnlyGrant,
  principalVerdict,
  resourcePart,
  resourceStatements,
  rootEquivalentAccount,
  simulate,
  simulationCount,
} from "./iamOracle";
import {
  ACCOUNT_A,
  GeneratedPolicy,
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
const SAME_ACCOUNT_PROBE = `arn:aws:iam::222222222222:role/${PROBE_ROLE}`;

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
    const account = await rootEquivalentAccount([s.Principal, s.Condition]);
    if (account !== undefined) {
      verdicts.root.labels.push(label);
      verdicts.root.reasons.push(
        `${label}: lets a probe role of ${account} through and keeps out the same role of an unnamed account`,
      );
    }
    let grant: string | undefined;
    for (const part of actionParts(s)) grant ??= await objectOnlyGrant(part);
    const object = await addressedObject(resourcePart(s));
    if (grant !== undefined && object === undefined) {
      verdicts.slash.labels.push(label);
      verdicts.slash.reasons.push(
        `${label}: grants ${grant} and no other probe action, and addresses none of the probe objects`,
      );
    } else {
      verdicts.slash.reasons.push(
        `${label}: ${grant ? `grants only ${grant}` : "has no object-only grant"}; ` +
          `${object ? `addresses ${object}` : "addresses none of the probe objects"}`,
      );
    }
  }
  return verdicts;
}

const LABEL = /^\S+ (statement "[^"]*"|Statement\[\d+\]): /;

function packArgs(policy: GeneratedPolicy): ResourceValidationArgs {
  if (policy.form === "text") return bucketPolicyArgs(policy.text);
  const carrier = CARRIERS.bucket[policy.index % CARRIERS.bucket.length];
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

    it("treats every other probe action as a non-object action: allowed on its own resource, no resource type on an object ARN", async () => {
      for (const [action, resource] of OTHER_PROBES) {
        await assertResourceType(action, resource, PROBE_OBJECT);
      }
    });

    it("lets everyone pinned to one account through for that account only, as the root-equivalence oracle reads it", async () => {
      const pinned = { StringEquals: { "aws:PrincipalAccount": ACCOUNT_A } };
      assert.strictEqual(await rootEquivalentAccount([{ AWS: "*" }, pinned]), ACCOUNT_A);
      assert.strictEqual(await rootEquivalentAccount(["*", undefined]), undefined);
      const oneRole = {
        ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role/uploader` },
      };
      assert.strictEqual(await rootEquivalentAccount(["*", oneRole]), undefined);
    });

    it("agrees with the root rule on ArnLike aws:PrincipalArn patterns: * spans /, so role* admits every role as role/* does", async () => {
      const patterns = [
        "role/*",
        "role*",
        "r*",
        "ro?e/*",
        "*",
        "role/?*",
        "role/*/*",
        "role*uploader",
        "role/uploader-*",
        "role/??*",
      ];
      const differing: string[] = [];
      for (const pattern of patterns) {
        const condition = {
          ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:${pattern}` },
        };
        const engine = await rootEquivalentAccount(["*", condition]);
        const statement = { Effect: "Allow", Principal: "*", Action: "s3:GetObject" };
        const policy = document({ ...statement, Resource: PROBE_OBJECT, Condition: condition });
        const { violations } = await runPolicy(noAccountRootPrincipal, bucketPolicyArgs(policy));
        if ((engine === ACCOUNT_A) !== violations.length > 0) {
          differing.push(`${pattern}: engine ${engine ?? "no account"}, pack ${violations}`);
        }
      }
      assert.deepStrictEqual(differing, []);
    });

    /** The engine allows `action` on `allowedOn` and finds no resource type for it on `refusedOn`. */
    async function assertResourceType(action: string, allowedOn: string, refusedOn: string) {
      const identityPolicy = document({ Effect: "Allow", Action: "*", Resource: "*" });
      const on = (resource: string) =>
        simulate({ principal: SAME_ACCOUNT_PROBE, action, resource, identityPolicy });
      assert.strictEqual((await on(allowedOn)).overallResult, "Allowed", action);
      await assert.rejects(on(refusedOn), /no\.resource\.types/, action);
    }

    async function assertObjectAction(action: string): Promise<void> {
      await assertResourceType(action, PROBE_OBJECT, `arn:aws:s3:::${GUIDE_BUCKET}`);
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
      const simulationsBefore = simulationCount();
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
      engineRuns = simulationCount() - simulationsBefore;
    });

    it("judges every policy without a crash in the pack or the engine", () => {
      const crashes = judged.flatMap((j) => j.crashes.map((c) => `${shown(j.policy)}\n  ${c}`));
      assert.deepStrictEqual(crashes, [], crashes.slice(0, 5).join("\n\n"));
      assert.strictEqual(judged.length, CORPUS_SIZE);
      console.log(
        `      ${CORPUS_SIZE} policies judged by the pack and by ${engineRuns} engine runs in ${elapsed} ms`,
      );
    });

    it("s3-bucket-policy-no-account-root-principal fires exactly once per Principal entry the engine matches at account level, and once per statement to everyone that the engine confines to a whole account", () => {
      const disagreements = judged.flatMap((j) => disagreement(j, "root") ?? []);
      assert.deepStrictEqual(
        disagreements.length,
        0,
        `${disagreements.length} disagreements; the first ${Math.min(5, disagreements.length)}:\n\n${disagreements.slice(0, 5).join("\n\n")}`,
      );
    });

    it("s3-bucket-policy-object-resources-end-with-slash-star fires exactly on the Allow statements whose grant the engine finds object-only and whose resources reach none of the probe objects", () => {
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
        "resource:folder-key",
        "resource:empty-key",
        "resource:access-point",
        "resource:access-point-objects",
        "resource:other-service",
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

    it("agrees with the pack's action lists on every generated Action entry and NotAction list: the probes find an object-only grant exactly when the pack does", async function () {
      this.timeout(60_000);
      const parts = new Map<string, ActionPart>();
      for (const { document: d } of corpus) {
        for (const part of statementsOf(d).flatMap(actionParts)) {
          parts.set(JSON.stringify(part), part);
        }
      }
      const differing: string[] = [];
      for (const [key, part] of parts) {
        const probe = await objectOnlyGrant(part);
        const statement = {
          label: "",
          effect: "Allow" as const,
          condition: new Map(),
          action: part.Action === undefined ? undefined : [part.Action].flat(),
        };
        const pack = objectOnlyEntries(statement, S3_OBJECT_ACTIONS);
        if ((probe === undefined) !== (pack.length === 0)) {
          differing.push(
            `${key}: the probes find ${probe ?? "no object-only grant"}, the pack ${pack.length ? pack : "none"}`,
          );
        }
      }
      assert.deepStrictEqual(differing, []);
    });
  });
});
