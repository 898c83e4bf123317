// A seeded generator of bucket policies for the differential proof of the pack
// (differential.spec.ts): the same seed always yields the same corpus, so a disagreement found once
// is found again, and its index names it.
//
// The domain: documents the IAM engine can judge meaningfully and that policy-document-well-formed
// accepts, so the two rules under test are the only judges in play.
// - Principal: `"*"`, `{"AWS": "*"}`, or `{"AWS": <entry or entries>}` (sometimes beside a
//   `Service`), entries drawn from roles of account A, the roots and bare ids of accounts A, B and a
//   third account, GovCloud and China roots, a role of the third account, an assumed-role session,
//   a user named `root`, and `"*"` inside an array. No `NotPrincipal`: it is
//   s3-bucket-policy-no-allow-with-not-principal's concern, and the engine's own source marks its
//   account-level NotPrincipal semantics as unresearched.
// - Action: S3 object actions (the guide's, and newer ones: object annotations, encryption updates),
//   bucket actions, `*`, `?`, prefix/suffix wildcards and odd letter case; a small share of
//   `NotAction` lists. No `*:*`: the engine rejects it ("Service can only contain letters, numbers,
//   and hyphens").
// - Resource: S3 ARNs of the aws partition, with and without a key (`bucket`, `bucket*`,
//   `arn:aws:s3:::*`, `*`, `bucket/*`, `bucket/uploads/*`, `bucket/uploads*`, an exact key, a
//   folder-like key `bucket/uploads`, an empty key `bucket/`, `*/*`, another bucket), an access point
//   with and without `/object/*`, and a queue ARN; a small share of `NotResource` lists made of
//   object ARNs and single bucket ARNs. Left out: `NotResource` listing `*` or `arn:aws:s3:::*`,
//   which leaves no S3 resource at all: the pack never fires on NotResource, the engine would see a
//   grant that addresses nothing.
// - Conditions on Allow statements: TLS, caller account, every role of account A (ArnLike
//   `role/*`), prefix, source IP, ACL. The root rule reads the caller ones when the principal is
//   everyone: pinned to account A, the statement trusts all of A like its root. No
//   `aws:SourceAccount`: only service requests carry it, and the engine is probed with roles.
//   Deny statements: the TLS-only Deny, and sometimes a Deny naming a root, which neither rule may
//   count.
// - Shape: one to three Allow statements, Statement as an object or an array, every element as a
//   single value or an array, Sid present or not; the document as JSON text (compact or indented)
//   or as an object.
import { GUIDE_BUCKET } from "../harness/policyDocuments";

export const ACCOUNT_A = "111111111111";
export const ACCOUNT_B = "222222222222";
export const THIRD_ACCOUNT = "333333333333";
const OTHER_BUCKET = "other-bucket";
/** Every bucket a generated policy names. */
export const NAMED_BUCKETS: readonly string[] = [GUIDE_BUCKET, OTHER_BUCKET];
/** The one access point a generated policy names. */
export const ACCESS_POINT = `arn:aws:s3:us-east-1:${ACCOUNT_B}:accesspoint/uploads`;

type OneOrMany = string | string[];
export type PrincipalElement = "*" | { AWS?: OneOrMany; Service?: OneOrMany };
type ConditionElement = Record<string, Record<string, OneOrMany>>;

export interface GeneratedStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal: PrincipalElement;
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Resource?: OneOrMany;
  NotResource?: OneOrMany;
  Condition?: ConditionElement;
}

interface GeneratedDocument {
  Version: "2012-10-17";
  Statement: GeneratedStatement | GeneratedStatement[];
}

export interface GeneratedPolicy {
  index: number;
  document: GeneratedDocument;
  /** How the document reaches the pack: JSON text, or the object itself. */
  form: "text" | "object";
  /** JSON text as sent when `form` is "text". */
  text?: string;
  /** What the policy exercises, e.g. "principal:root", "action:NotAction", "shape:text". */
  features: ReadonlySet<string>;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Choice<T> {
  weight: number;
  value: T;
  feature: string;
}

class Picker {
  readonly features = new Set<string>();

  constructor(private readonly random: () => number) {}

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(choices: readonly Choice<T>[]): T {
    const total = choices.reduce((sum, c) => sum + c.weight, 0);
    let roll = this.random() * total;
    for (const choice of choices) {
      roll -= choice.weight;
      if (roll < 0) {
        this.features.add(choice.feature);
        return choice.value;
      }
    }
    const last = choices[choices.length - 1];
    this.features.add(last.feature);
    return last.value;
  }

  /** One value, or (with probability `arrayShare`) an array of `min`..`max` values. */
  oneOrMany(arrayShare: number, min: number, max: number, one: () => string): OneOrMany {
    if (!this.chance(arrayShare)) return one();
    this.features.add("shape:array");
    return Array.from({ length: this.int(min, max) }, one);
  }
}

function choices<T>(prefix: string, entries: [number, string, T][]): Choice<T>[] {
  return entries.map(([weight, feature, value]) => ({
    weight,
    value,
    feature: `${prefix}:${feature}`,
  }));
}

const arn = (bucket: string, key?: string) =>
  key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;

const PRINCIPAL_ENTRIES = choices("principal", [
  [14, "role-A", `arn:aws:iam::${ACCOUNT_A}:role/uploader`],
  [6, "role-A", `arn:aws:iam::${ACCOUNT_A}:role/service-role/writer`],
  [5, "root-A", `arn:aws:iam::${ACCOUNT_A}:root`],
  [3, "bare-account-A", ACCOUNT_A],
  [2, "root-B", `arn:aws:iam::${ACCOUNT_B}:root`],
  [3, "root-third", `arn:aws:iam::${THIRD_ACCOUNT}:root`],
  [1, "bare-account-third", THIRD_ACCOUNT],
  [4, "role-third", `arn:aws:iam::${THIRD_ACCOUNT}:role/partner`],
  [1, "root-gov", `arn:aws-us-gov:iam::${ACCOUNT_A}:root`],
  [1, "root-cn", `arn:aws-cn:iam::${THIRD_ACCOUNT}:root`],
  [2, "session-A", `arn:aws:sts::${ACCOUNT_A}:assumed-role/uploader/upload-function`],
  [1, "user-named-root", `arn:aws:iam::${ACCOUNT_A}:user/root`],
  [1, "star-entry", "*"],
]);

const ACTIONS = choices("action", [
  [10, "object", "s3:PutObject"],
  [3, "object", "s3:PutObjectAcl"],
  [4, "object", "s3:GetObject"],
  [3, "object", "s3:DeleteObject"],
  [1, "object", "s3:AbortMultipartUpload"],
  [1, "object-newer", "s3:PutObjectAnnotation"],
  [1, "object-newer", "s3:UpdateObjectEncryption"],
  [1, "odd-case", "S3:putobject"],
  [3, "wildcard", "s3:PutObject*"],
  [3, "wildcard", "s3:Put*"],
  [3, "wildcard", "s3:Get*"],
  [1, "wildcard", "s3:Get?bject"],
  [1, "wildcard", "s3:*Object"],
  [1, "wildcard", "s3:Delete*"],
  [1, "wildcard", "s3:Update*"],
  [1, "wildcard", "s3:putObject*"],
  [3, "all", "s3:*"],
  [2, "all", "*"],
  [6, "bucket", "s3:ListBucket"],
  [2, "bucket", "s3:PutBucketPolicy"],
  [2, "bucket", "s3:GetBucketLocation"],
  [1, "bucket", "s3:ListBucketMultipartUploads"],
  [1, "bucket-wildcard", "s3:List*"],
  [1, "bucket-wildcard", "s3:*Bucket"],
]);

const NOT_ACTIONS = choices<string[]>("action", [
  [2, "NotAction-leaves-objects", ["s3:Get*"]],
  [2, "NotAction-leaves-objects", ["s3:PutBucketPolicy", "s3:DeleteBucket"]],
  [2, "NotAction-leaves-objects", ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]],
  [1, "NotAction-leaves-objects", ["s3:Put*", "s3:Get*", "s3:Delete*", "s3:List*"]],
  [1, "NotAction-leaves-objects", ["s3:*Object*"]],
  [2, "NotAction-no-objects", ["s3:*"]],
  [1, "NotAction-no-objects", ["*"]],
]);

const RESOURCES = choices("resource", [
  [12, "bucket", arn(GUIDE_BUCKET)],
  [3, "bucket-star", arn(`${GUIDE_BUCKET}*`)],
  [2, "all-s3", arn("*")],
  [3, "star", "*"],
  [2, "other-bucket", arn(OTHER_BUCKET)],
  [14, "objects", arn(GUIDE_BUCKET, "*")],
  [8, "prefix-objects", arn(GUIDE_BUCKET, "uploads/*")],
  [3, "prefix-star", arn(GUIDE_BUCKET, "uploads*")],
  [2, "exact-key", arn(GUIDE_BUCKET, "uploads/report.json")],
  [1, "every-bucket-objects", arn("*", "*")],
  [2, "other-bucket-objects", arn(OTHER_BUCKET, "*")],
  [2, "folder-key", arn(GUIDE_BUCKET, "uploads")],
  [2, "empty-key", arn(GUIDE_BUCKET, "")],
  [2, "access-point", ACCESS_POINT],
  [2, "access-point-objects", `${ACCESS_POINT}/object/*`],
  [1, "other-service", `arn:aws:sqs:us-east-1:${ACCOUNT_B}:uploads`],
]);

const NOT_RESOURCES = choices("resource", [
  [3, "NotResource", arn(GUIDE_BUCKET, "*")],
  [1, "NotResource", arn(GUIDE_BUCKET, "uploads/*")],
  [2, "NotResource", arn(GUIDE_BUCKET)],
  [1, "NotResource", arn(OTHER_BUCKET)],
]);

const CONDITIONS = choices<ConditionElement>("condition", [
  [2, "tls", { Bool: { "aws:SecureTransport": "true" } }],
  [2, "account", { StringEquals: { "aws:PrincipalAccount": ACCOUNT_A } }],
  [1, "principal-arn", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT_A}:role/*` } }],
  [1, "prefix", { StringLike: { "s3:prefix": ["uploads/", "uploads/*"] } }],
  [1, "source-ip", { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }],
  [1, "acl", { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } }],
]);

const TLS_DENY: GeneratedStatement = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [arn(GUIDE_BUCKET), arn(GUIDE_BUCKET, "*")],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

function principal(p: Picker): PrincipalElement {
  const kind = p.pick(
    choices("principal", [
      [10, "star", "star"],
      [7, "aws-star", "aws-star"],
      [83, "aws", "aws"],
    ]),
  );
  if (kind === "star") return "*";
  if (kind === "aws-star") return { AWS: "*" };
  const element: { AWS: OneOrMany; Service?: OneOrMany } = {
    AWS: p.oneOrMany(0.4, 2, 3, () => p.pick(PRINCIPAL_ENTRIES)),
  };
  if (p.chance(0.05)) {
    p.features.add("principal:with-service");
    element.Service = "lambda.amazonaws.com";
  }
  return element;
}

function allowStatement(p: Picker, sid: string | undefined): GeneratedStatement {
  const statement: GeneratedStatement = { Effect: "Allow", Principal: principal(p) };
  if (sid !== undefined) statement.Sid = sid;
  if (p.chance(0.1)) {
    const list = p.pick(NOT_ACTIONS);
    statement.NotAction = list.length === 1 && p.chance(0.5) ? list[0] : list;
  } else {
    statement.Action = p.oneOrMany(0.45, 2, 3, () => p.pick(ACTIONS));
  }
  if (p.chance(0.06)) {
    statement.NotResource = p.oneOrMany(0.3, 2, 2, () => p.pick(NOT_RESOURCES));
  } else {
    statement.Resource = p.oneOrMany(0.4, 2, 3, () => p.pick(RESOURCES));
  }
  if (p.chance(0.3)) statement.Condition = p.pick(CONDITIONS);
  return statement;
}

function rootDeny(p: Picker): GeneratedStatement {
  p.features.add("deny:root");
  return {
    Effect: "Deny",
    Principal: { AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` },
    Action: p.pick(ACTIONS),
    Resource: p.pick(RESOURCES),
  };
}

function generatePolicy(index: number, random: () => number): GeneratedPolicy {
  const p = new Picker(random);
  const statements: GeneratedStatement[] = [];
  const allows = p.pick(
    choices("shape", [
      [45, "one-allow", 1],
      [35, "two-allows", 2],
      [20, "three-allows", 3],
    ]),
  );
  for (let i = 0; i < allows; i++) {
    const sid = p.chance(0.6) ? `Allow${index}x${i}` : undefined;
    if (sid === undefined) p.features.add("shape:no-sid");
    statements.push(allowStatement(p, sid));
  }
  if (p.chance(0.4)) {
    p.features.add("deny:tls");
    statements.push(TLS_DENY);
  }
  if (p.chance(0.1)) statements.push(rootDeny(p));
  // Shuffle so that Deny statements sit anywhere and indexes vary.
  for (let i = statements.length - 1; i > 0; i--) {
    const j = p.int(0, i);
    [statements[i], statements[j]] = [statements[j], statements[i]];
  }
  const single = statements.length === 1 && p.chance(0.5);
  if (single) p.features.add("shape:single-statement-object");
  const document: GeneratedDocument = {
    Version: "2012-10-17",
    Statement: single ? statements[0] : statements,
  };
  const form = p.chance(0.5) ? "text" : "object";
  p.features.add(`shape:${form}`);
  const text =
    form === "text" ? JSON.stringify(document, null, p.chance(0.3) ? 2 : undefined) : undefined;
  return { index, document, form, text, features: p.features };
}

/** `count` policies from `seed`; the same arguments always give the same corpus. */
export function generatePolicies(seed: number, count: number): GeneratedPolicy[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, index) => generatePolicy(index, random));
}

/** The statements of a document as a list, whatever its shape. */
export function statementsOf(document: GeneratedDocument): GeneratedStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** How the pack names a statement in its messages: by Sid, else by index. */
export function statementLabel(statement: GeneratedStatement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `Statement[${index}]`;
}
