// Oracles for the differential proof of the pack: what a real IAM policy engine,
// @cloud-copilot/iam-simulate (AGPL-3.0: tests only), says about a generated statement, asked one
// statement part at a time and memoized by that part's JSON.
//
// - s3-bucket-policy-no-account-root-principal fires once per Principal entry of an Allow statement
//   that the engine matches at account level ("AccountLevelMatch") for a probe principal that is
//   not a listed role (`arn:<partition>:iam::<X>:role/probe-not-listed` for every account X the
//   Principal names plus accounts A and the third account, in every partition it names), and once
//   per Allow statement to everyone that, with its Condition, lets a probe role in some named
//   account through and the same role in an account nobody names not. Principal matching does not
//   depend on the request's action or resource, so the probes ask about the Principal (and
//   Condition) alone. Per entry the oracle reads StatementExplain.principals: the per-statement
//   summary ranks "Match" above "AccountLevelMatch", so a root entry beside `"*"` shows only as
//   "Match" there, yet still trusts the whole account.
// - s3-bucket-policy-object-resources-end-with-slash-star fires once per Allow statement that both
//   (a) has an object-only grant: an Action entry (or the NotAction list) under which the engine
//   allows one of OBJECT_PROBES on an object and none of OTHER_PROBES on its own resource; and
//   (b) addresses no object: under its Resource/NotResource (with Action "*"), the engine allows
//   s3:GetObject on none of PROBE_OBJECTS. The engine knows S3's resource types, so it cannot be
//   asked "is PutObject allowed on the bucket ARN" directly: (a) and (b) ask it the two halves.
import {
  PrincipalExplain,
  RequestAnalysis,
  SingleResourceSimulationResult,
  runSimulation,
} from "@cloud-copilot/iam-simulate";
import {
  ACCESS_POINT,
  ACCOUNT_A,
  ACCOUNT_B,
  GeneratedStatement,
  NAMED_BUCKETS,
  PrincipalElement,
  THIRD_ACCOUNT,
} from "./policyGenerator";

type ResourceAnalysis = NonNullable<RequestAnalysis["resourceAnalysis"]>;
type StatementAnalysis = ResourceAnalysis["allowStatements"][number];

export const PROBE_ROLE = "probe-not-listed";
export const PROBE_OBJECT = `arn:aws:s3:::${NAMED_BUCKETS[0]}/uploads/probe-key.json`;
/** An account no generated policy names. */
const UNNAMED_ACCOUNT = "444444444444";
const SAME_ACCOUNT_PROBE = `arn:aws:iam::${ACCOUNT_B}:role/${PROBE_ROLE}`;

/**
 * Object actions (a) asks about: the guide's, and at least one that each generated Action pattern
 * or NotAction list could reach alone.
 */
export const OBJECT_PROBES: readonly string[] = [
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

/** Other S3 actions (a) asks about, each on a resource of its type: one per generated pattern. */
export const OTHER_PROBES: readonly (readonly [string, string])[] = [
  ["s3:ListBucket", `arn:aws:s3:::${NAMED_BUCKETS[0]}`],
  ["s3:GetBucketLocation", `arn:aws:s3:::${NAMED_BUCKETS[0]}`],
  ["s3:PutBucketPolicy", `arn:aws:s3:::${NAMED_BUCKETS[0]}`],
  ["s3:DeleteBucket", `arn:aws:s3:::${NAMED_BUCKETS[0]}`],
  ["s3:UpdateJobPriority", `arn:aws:s3:us-east-1:${ACCOUNT_B}:job/probe`],
];

/** Objects (b) asks about: in every named bucket and one never named, and through the access point. */
const PROBE_OBJECTS: readonly string[] = [
  ...[...NAMED_BUCKETS, "bucket-no-policy-names"].flatMap((bucket) =>
    ["uploads/probe-key.json", "uploads/report.json", "uploads"].map(
      (key) => `arn:aws:s3:::${bucket}/${key}`,
    ),
  ),
  `${ACCESS_POINT}/object/uploads/probe-key.json`,
];

interface Probe {
  principal: string;
  action: string;
  resource: string;
  identityPolicy?: unknown;
  resourcePolicy?: unknown;
  /** Request context beside aws:SecureTransport. */
  context?: Record<string, string>;
}

class EngineError extends Error {}

let simulations = 0;

/** How many simulations have run so far. */
export function simulationCount(): number {
  return simulations;
}

/** One request against bucket B's account, over TLS; anything but a single result throws. */
export async function simulate(probe: Probe): Promise<SingleResourceSimulationResult> {
  simulations++;
  const result = await runSimulation(
    {
      request: {
        principal: probe.principal,
        action: probe.action,
        resource: { resource: probe.resource, accountId: ACCOUNT_B },
        contextVariables: { "aws:SecureTransport": "true", ...probe.context },
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

export function document(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: "2012-10-17", Statement: statements };
}

/** Every statement the resource analysis judged, whichever list it landed in. */
export function resourceStatements(result: SingleResourceSimulationResult): StatementAnalysis[] {
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

// ---- The root-principal rule ----

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

export const principalVerdict = memoize(async (principal: PrincipalElement) => {
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

function isEveryone(principal: PrincipalElement): boolean {
  return principal === "*" || [principal.AWS ?? []].flat().includes("*");
}

/**
 * For a statement to everyone: the named account whose probe role its Principal and Condition let
 * through while they keep out the same role of an account nobody names; undefined otherwise.
 */
export const rootEquivalentAccount = memoize(
  async ([principal, condition]: [PrincipalElement, GeneratedStatement["Condition"]]) => {
    if (!isEveryone(principal)) return undefined;
    const resourcePolicy = document({
      Effect: "Allow",
      Principal: principal,
      Action: "s3:GetObject",
      Resource: "*",
      ...(condition ? { Condition: condition } : {}),
    });
    const lets = async (account: string) => {
      const role = `arn:aws:iam::${account}:role/${PROBE_ROLE}`;
      // AWS sets these keys on every signed request; the engine takes them from the context only.
      const context = { "aws:PrincipalAccount": account, "aws:PrincipalArn": role };
      const result = await simulate({
        principal: role,
        action: "s3:GetObject",
        resource: PROBE_OBJECT,
        resourcePolicy,
        context,
      });
      const ignored = result.result.ignoredContextKeys ?? [];
      if (ignored.length > 0) throw new EngineError(`engine ignored ${ignored.join(", ")}`);
      return (result.result.analysis.resourceAnalysis?.allowStatements.length ?? 0) > 0;
    };
    if (await lets(UNNAMED_ACCOUNT)) return undefined;
    const named = new Set([ACCOUNT_A, ACCOUNT_B, THIRD_ACCOUNT]);
    for (const account of JSON.stringify(condition ?? {}).match(/\d{12}/g) ?? [])
      named.add(account);
    for (const account of named) if (await lets(account)) return account;
    return undefined;
  },
);

// ---- The /* rule ----

export type ActionPart = Pick<GeneratedStatement, "Action" | "NotAction">;
type ResourcePart = Pick<GeneratedStatement, "Resource" | "NotResource">;

const allowed = memoize(async ([part, action, resource]: [ActionPart, string, string]) => {
  const result = await simulate({
    principal: SAME_ACCOUNT_PROBE,
    action,
    resource,
    identityPolicy: document({ Effect: "Allow", ...part, Resource: "*" }),
  });
  return result.overallResult === "Allowed";
});

/** (a) for one Action entry or a NotAction list: the object probe it grants, if it grants no other. */
export async function objectOnlyGrant(part: ActionPart): Promise<string | undefined> {
  for (const [action, resource] of OTHER_PROBES) {
    if (await allowed([part, action, resource])) return undefined;
  }
  for (const action of OBJECT_PROBES)
    if (await allowed([part, action, PROBE_OBJECT])) return action;
  return undefined;
}

/** (b): the first probe object on which the engine allows s3:GetObject under Resource/NotResource. */
export const addressedObject = memoize(async (part: ResourcePart) => {
  for (const resource of PROBE_OBJECTS) {
    const result = await simulate({
      principal: SAME_ACCOUNT_PROBE,
      action: "s3:GetObject",
      resource,
      identityPolicy: document({ Effect: "Allow", Action: "*", ...part }),
    });
    if (result.overallResult === "Allowed") return resource;
  }
  return undefined;
});

/** Each Action entry alone, or the NotAction list: the parts (a) asks about. */
export function actionParts(s: GeneratedStatement): ActionPart[] {
  if (s.Action === undefined) return [{ NotAction: s.NotAction }];
  return [s.Action].flat().map((entry) => ({ Action: entry }));
}

export function resourcePart(s: GeneratedStatement): ResourcePart {
  return s.Resource !== undefined ? { Resource: s.Resource } : { NotResource: s.NotResource };
}
