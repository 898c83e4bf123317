// What IAM makes of a statement's principals, actions and resources. Each predicate is the
// definition its policy documents in README.md: change one only together with that text.
import { Condition, Principal, Statement } from "./document";

/**
 * Every S3 action whose resource type is `object` in the Service Authorization Reference: the
 * actions that an `arn:aws:s3:::<bucket>` resource never matches, because IAM compares them with
 * `arn:aws:s3:::<bucket>/<key>`.
 */
export const S3_OBJECT_ACTIONS: readonly string[] = [
  "s3:AbortMultipartUpload",
  "s3:BypassGovernanceRetention",
  "s3:DeleteObject",
  "s3:DeleteObjectAnnotation",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectVersionAnnotation",
  "s3:DeleteObjectVersionTagging",
  "s3:GetObject",
  "s3:GetObjectAcl",
  "s3:GetObjectAnnotation",
  "s3:GetObjectAttributes",
  "s3:GetObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:GetObjectTagging",
  "s3:GetObjectTorrent",
  "s3:GetObjectVersion",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionAnnotation",
  "s3:GetObjectVersionAnnotationForReplication",
  "s3:GetObjectVersionAttributes",
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectVersionTorrent",
  "s3:InitiateReplication",
  "s3:ListMultipartUploadParts",
  "s3:ListObjectAnnotations",
  "s3:ListObjectVersionAnnotations",
  "s3:ObjectOwnerOverrideToBucketOwner",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:PutObjectAnnotation",
  "s3:PutObjectLegalHold",
  "s3:PutObjectRetention",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectVersionAnnotation",
  "s3:PutObjectVersionTagging",
  "s3:ReplicateDelete",
  "s3:ReplicateObject",
  "s3:ReplicateObjectAnnotation",
  "s3:ReplicateTags",
  "s3:RestoreObject",
  "s3:UpdateObjectEncryption",
];

/**
 * Condition keys that confine a `"*"` principal to known callers or networks (as IAM Access
 * Analyzer treats them): a statement restricted on one of them is not public.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
  "aws:SourceOrgPaths",
  "aws:SourceOwner",
  "aws:SourceIp",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:userid",
  "s3:DataAccessPointAccount",
  "s3:DataAccessPointArn",
];

const PARTITION = "aws(?:-[a-z]+)*";
const ROOT_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):root$`);
const ACCOUNT_ID = /^\d{12}$/;
const S3_ARN = new RegExp(`^arn:${PARTITION}:s3:::`);
const S3_OBJECT_ARN = new RegExp(`^arn:${PARTITION}:s3:::[^/]+/.+$`);

/** The account an `AWS` principal entry trusts as a whole, or undefined for any other entry. */
export function accountOfRootPrincipal(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  return entry.endsWith(":root") ? ROOT_ARN.exec(entry)?.[1] : undefined;
}

/** True for `"*"` and for an `AWS` principal that lists `"*"`: anyone, signed or anonymous. */
export function isEveryone(principal: Principal): boolean {
  return principal === "*" || (principal.get("AWS") ?? []).includes("*");
}

/** The `AWS` entries of a principal (empty for `"*"`). */
export function awsPrincipalEntries(principal: Principal): readonly string[] {
  return principal === "*" ? [] : (principal.get("AWS") ?? []);
}

const compiledPatterns = new Map<string, RegExp>();
const MAX_COMPILED_PATTERNS = 4_096;

/** An IAM wildcard pattern (`*`, `?`) as an anchored, case-insensitive RegExp, compiled once. */
function wildcardRegExp(pattern: string): RegExp {
  let re = compiledPatterns.get(pattern);
  if (!re) {
    const body = pattern
      .split("")
      .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, "i");
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(pattern, re);
  }
  return re;
}

const lowerCaseSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The list lower-cased as a set, built once per configured list. */
function lowerCaseSet(list: readonly string[]): ReadonlySet<string> {
  let set = lowerCaseSets.get(list);
  if (!set) {
    set = new Set(list.map((item) => item.toLowerCase()));
    lowerCaseSets.set(list, set);
  }
  return set;
}

/**
 * The Action entries of a statement that grant at least one of `objectActions`, or, for a
 * NotAction statement that leaves one of them out, the NotAction entries. Empty when the
 * statement grants none of them (or has no readable Action/NotAction).
 */
export function objectActionGrants(
  statement: Statement,
  objectActions: readonly string[],
): string[] {
  if (statement.action) {
    const exact = lowerCaseSet(objectActions);
    return statement.action.filter((pattern) => {
      if (!/[*?]/.test(pattern)) return exact.has(pattern.toLowerCase());
      const re = wildcardRegExp(pattern);
      return objectActions.some((action) => re.test(action));
    });
  }
  if (statement.notAction) {
    const excluded = statement.notAction.map(wildcardRegExp);
    const granted = objectActions.some((action) => !excluded.some((re) => re.test(action)));
    return granted ? statement.notAction.map((a) => `NotAction ${a}`) : [];
  }
  return [];
}

/** `arn:<partition>:s3:::` followed by anything: the global S3 bucket and object namespace. */
export function isS3Arn(resource: string): boolean {
  return S3_ARN.test(resource);
}

/**
 * True when every ARN the entry matches is an object ARN: `arn:<partition>:s3:::<bucket>/<key>`
 * with a non-empty bucket part and a non-empty key part (`bucket/*`, `bucket/prefix/*`,
 * `bucket/prefix*`, `bucket/exact-key`). `*`, `arn:aws:s3:::*` and `arn:aws:s3:::bucket` also
 * match the bucket itself, and an object action never applies to a bucket.
 */
export function isObjectResource(resource: string): boolean {
  return S3_OBJECT_ARN.test(resource);
}

/** The object resource the guide would write instead of `resource`. */
export function suggestedObjectResource(resource: string): string {
  return isS3Arn(resource) && !resource.includes("/") ? `${resource}/*` : "arn:aws:s3:::<bucket>/*";
}

/**
 * An action entry that grants every action of its service: `*`, `s3:*`, `*:*`. With
 * `partial`, any entry with a wildcard (`s3:Put*`, `s3:Get?bject`) counts too.
 */
export function isWildcardAction(action: string, partial: boolean): boolean {
  const name = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
  return partial ? /[*?]/.test(action) : /^\*+$/.test(name);
}

const RESTRICTING_OPERATORS = new Set([
  "stringequals",
  "stringequalsignorecase",
  "stringlike",
  "arnequals",
  "arnlike",
  "ipaddress",
]);
const UNRESTRICTED_IP = new Set(["0.0.0.0/0", "::/0"]);

/**
 * True when some condition confines the statement to callers named by a restricting key: the
 * operator is StringEquals, StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike or IpAddress
 * (optionally `ForAnyValue:`; never `...IfExists`, `ForAllValues:` or a negated operator, which
 * all hold for callers the key does not describe), the key is one of `restrictingKeys`
 * (case-insensitive), and no value admits everyone (`*` under a Like operator, `0.0.0.0/0` or
 * `::/0` under IpAddress).
 */
export function hasRestrictingCondition(
  condition: Condition,
  restrictingKeys: readonly string[],
): boolean {
  const keys = new Set(restrictingKeys.map((k) => k.toLowerCase()));
  for (const [rawOperator, block] of condition) {
    const operator = rawOperator.toLowerCase().replace(/^foranyvalue:/, "");
    if (!RESTRICTING_OPERATORS.has(operator)) continue;
    for (const [key, values] of block) {
      if (!keys.has(key.toLowerCase()) || values.length === 0) continue;
      const admitsEveryone = values.some(
        (v) =>
          (operator.endsWith("like") && /^\*+$/.test(v)) ||
          (operator === "ipaddress" && UNRESTRICTED_IP.has(v)),
      );
      if (!admitsEveryone) return true;
    }
  }
  return false;
}

/**
 * The TLS-only Deny: `Effect: Deny`, principal everyone, Action `*` or `s3:*` (no NotAction),
 * Resource covering the bucket (`*` or an S3 ARN without a key) and all of its objects (`*`, an S3
 * ARN whose key part is exactly `*`, or an S3 ARN without a key ending in `*`), and a Condition
 * that is only `Bool` (or `BoolIfExists`) `aws:SecureTransport` = `false`.
 */
export function isTlsOnlyDeny(statement: Statement): boolean {
  if (statement.effect !== "Deny" || !statement.principal || !isEveryone(statement.principal)) {
    return false;
  }
  const allS3 = (statement.action ?? []).some((a) => a === "*" || a.toLowerCase() === "s3:*");
  const resources = statement.resource ?? [];
  const coversBucket = resources.some((r) => r === "*" || (isS3Arn(r) && !r.includes("/")));
  const coversObjects = resources.some(
    (r) =>
      r === "*" ||
      (isS3Arn(r) && !r.includes("/") && r.endsWith("*")) ||
      (isS3Arn(r) && /^[^/]+\/\*$/.test(r.replace(S3_ARN, ""))),
  );
  return allS3 && coversBucket && coversObjects && isOnlyInsecureTransport(statement.condition);
}

function isOnlyInsecureTransport(condition: Condition): boolean {
  if (condition.size !== 1) return false;
  const [[operator, block]] = [...condition];
  if (!["bool", "boolifexists"].includes(operator.toLowerCase()) || block.size !== 1) return false;
  const [[key, values]] = [...block];
  return (
    key.toLowerCase() === "aws:securetransport" &&
    values.length > 0 &&
    values.every((v) => v.toLowerCase() === "false")
  );
}
