// Who a statement's Condition lets in when its Principal is everyone ("*"). A condition restricts
// the callers when its operator must hold for a caller the key describes (StringEquals,
// StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike, IpAddress, optionally ForAnyValue:;
// never ...IfExists, ForAllValues: or a negated operator, which all hold for callers the key does
// not describe), its key is one of the restricting keys, and none of its values admits everyone.
// Conditions are ANDed, so the narrowest decides: a caller (a principal ARN, a user id, a source
// ARN, an access point) is narrower than an account, which is narrower than what an organization or
// a network admits, because those never single out principals within an account.
import { arnSegments } from "./arns";
import { coversEveryAddress } from "./cidr";
import { Condition } from "./document/model";
import { hasWildcard, matchesEverything, matchesLongExtensions, wildcardMatches } from "./wildcard";

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

/**
 * Who the conditions let in: anyone; every principal of some accounts (perhaps only from some
 * network or organization); or callers named more narrowly, or only by organization or network.
 */
type CallerScope =
  | { kind: "anyone" }
  | { kind: "accounts"; accounts: string[]; keys: string[] }
  | { kind: "restricted" };

/** What one value admits: everyone, a whole account, an organization or network, or callers. */
type ValueScope = "everyone" | { account: string } | "group" | "callers";

const lowerCased = (keys: string[]) => new Set(keys.map((k) => k.toLowerCase()));

/** Operators that compare with IAM wildcards; ArnEquals does too. */
const WILDCARD_OPERATORS = new Set(["stringlike", "arnequals", "arnlike"]);
const EXACT_OPERATORS = ["stringequals", "stringequalsignorecase", "ipaddress"];
const POSITIVE = new Set([...WILDCARD_OPERATORS, ...EXACT_OPERATORS]);
/** Keys whose value names a whole account. */
const ACCOUNT_KEYS = lowerCased([
  "aws:PrincipalAccount",
  "aws:SourceAccount",
  "aws:SourceOwner",
  "kms:CallerAccount",
]);
/** Keys whose value is an ARN: a wildcard account admits everyone, `<acct>:role*` a whole account. */
const ARN_KEYS = lowerCased(["aws:PrincipalArn", "aws:SourceArn", "s3:DataAccessPointArn"]);
/** Keys that confine callers to an organization or a network, never to part of an account. */
const GROUP_KEYS = lowerCased([
  ...["Principal", "Source"].flatMap((who) => [`aws:${who}OrgID`, `aws:${who}OrgPaths`]),
  ...["aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce"],
]);
/** Keys whose identifying part comes before a separator: org paths, user ids. */
const PREFIXED_KEYS = new Map([
  ["aws:principalorgpaths", "/"],
  ["aws:sourceorgpaths", "/"],
  ["aws:userid", ":"],
]);

/** Services whose ARNs name principals, `<type>/<path><name>`: `role/uploader`, `user/ci`. */
const PRINCIPAL_SERVICES = new Set(["iam", "sts"]);
const PRINCIPAL_TYPES = ["role/", "user/", "assumed-role/", "federated-user/"];

/**
 * True when a resource pattern admits every principal of a type (principal ARNs) or every
 * resource (other ARNs, after an optional `<type>/`), but perhaps names shorter than its `?`s:
 * that singles out no one. `*` spans `/`: `*`, `role*`, `ro?e/*` and `role/*` all admit every
 * role; `role/uploader-*` and a pattern that needs a path do not.
 */
function spansAccount(service: string, resource: string): boolean {
  const pattern = service.toLowerCase();
  // A wildcard service (`*`, `i?m`) matches iam or sts too, and then admits their principals.
  const namesPrincipals = [...PRINCIPAL_SERVICES].some((name) => wildcardMatches(pattern, name));
  if (namesPrincipals && PRINCIPAL_TYPES.some((type) => matchesLongExtensions(resource, type))) {
    return true;
  }
  if (PRINCIPAL_SERVICES.has(pattern)) return false;
  return matchesLongExtensions(resource.replace(/^[A-Za-z-]+\//, ""), "");
}

/**
 * What an ARN value compared with wildcards admits. S3 bucket ARNs carry no account: their bucket
 * name identifies them.
 */
function arnScope(key: string, value: string): ValueScope {
  const arn = arnSegments(value);
  if (!arn) return "callers";
  const { service, account, resource } = arn;
  if (service.toLowerCase() === "s3" && account === "") {
    return /^[*?]/.test(resource) ? "everyone" : "callers";
  }
  if (hasWildcard(account)) return "everyone";
  // Access points have policies of their own, which then decide who may use them.
  if (key === "s3:dataaccesspointarn") return "callers";
  return spansAccount(service, resource) ? { account } : "callers";
}

function valueScope(key: string, value: string, wildcards: boolean): ValueScope {
  if (wildcards && matchesEverything(value)) return "everyone";
  if (ACCOUNT_KEYS.has(key))
    return wildcards && hasWildcard(value) ? "everyone" : { account: value };
  if (ARN_KEYS.has(key)) return wildcards ? arnScope(key, value) : "callers";
  const separator = PREFIXED_KEYS.get(key);
  const identifying = separator ? value.split(separator)[0] : value;
  if (wildcards && hasWildcard(identifying)) return "everyone";
  return GROUP_KEYS.has(key) ? "group" : "callers";
}

/** What one condition key admits: everyone, some whole accounts, or fewer callers. */
function keyScope(operator: string, key: string, values: readonly string[]): ValueScope[] {
  if (operator === "ipaddress") return coversEveryAddress(values) ? ["everyone"] : ["group"];
  const wildcards = WILDCARD_OPERATORS.has(operator);
  return values.map((v) => valueScope(key, v, wildcards));
}

/** Who may call under `condition`, counting only keys listed in `restrictingKeys`. */
export function callerScope(condition: Condition, restrictingKeys: readonly string[]): CallerScope {
  const keys = new Set(restrictingKeys.map((k) => k.toLowerCase()));
  let callers = false;
  let group = false;
  const accounts = new Set<string>();
  const accountKeys = new Set<string>();
  for (const [rawOperator, block] of condition) {
    const operator = rawOperator.toLowerCase().replace(/^foranyvalue:/, "");
    if (!POSITIVE.has(operator)) continue;
    for (const [rawKey, values] of block) {
      const key = rawKey.toLowerCase();
      if (!keys.has(key) || values.length === 0) continue;
      const scopes = keyScope(operator, key, values);
      if (scopes.includes("everyone")) continue;
      // The values of one key are alternatives: the widest decides what the key admits.
      const wholeAccounts = scopes.flatMap((s) => (typeof s === "object" ? [s.account] : []));
      if (wholeAccounts.length > 0) {
        wholeAccounts.forEach((a) => accounts.add(a));
        accountKeys.add(rawKey);
      } else if (scopes.includes("group")) {
        group = true;
      } else {
        callers = true;
      }
    }
  }
  if (callers) return { kind: "restricted" };
  if (accounts.size > 0) {
    return { kind: "accounts", accounts: [...accounts], keys: [...accountKeys] };
  }
  return group ? { kind: "restricted" } : { kind: "anyone" };
}
