import { USE_ROLE_NOT_ROOT, listed } from "../lib/advice";
import { RESTRICTING_CONDITION_KEYS, callerScope } from "../lib/conditions";
import { accountIdsOption, stringList } from "../lib/config";
import { Statement } from "../lib/document/model";
import { documentPolicy } from "../lib/policy";
import { accountOfRootPrincipal, awsPrincipalEntries, isEveryone } from "../lib/principals";

function rootEntryFinding(s: Statement, entry: string, exempt: readonly string[]): string[] {
  const account = accountOfRootPrincipal(entry);
  if (account === undefined || exempt.includes(account)) return [];
  const partition = entry.startsWith("arn:") ? entry.split(":")[1] : "aws";
  const what =
    entry === account ? "a bare account id, the same as that account's root" : "the account root";
  return [
    `${s.label}: Principal ${entry} is ${what}: it trusts every role and user in account ${account} that its own IAM policies let through. ` +
      `${USE_ROLE_NOT_ROOT}: {"AWS": "arn:${partition}:iam::${account}:role/<lambda-execution-role>"}.`,
  ];
}

/** `"*"` whose conditions admit whole accounts and no fewer callers: the same as their roots. */
function rootEquivalentFinding(s: Statement, exempt: readonly string[]): string[] {
  if (!s.principal || !isEveryone(s.principal)) return [];
  const scope = callerScope(s.condition, RESTRICTING_CONDITION_KEYS);
  if (scope.kind !== "accounts") return [];
  const accounts = scope.accounts.filter((a) => !exempt.includes(a));
  if (accounts.length === 0) return [];
  return [
    `${s.label}: Principal "*" restricted only by ${listed(scope.keys)} to account ${listed(accounts)} trusts every role and user in it, exactly like its root. ` +
      `${USE_ROLE_NOT_ROOT}: name the role under Principal.AWS, or add a condition on aws:PrincipalArn naming it.`,
  ];
}

/**
 * Fires once per `AWS` principal entry of an `Allow` statement that IAM matches at account level
 * (`arn:<partition>:iam::<12 digits>:root` or a bare 12-digit account id), and once per `Allow`
 * statement whose principal is everyone and whose only restrictions admit whole accounts (see
 * `callerScope`), unless the account is in `exemptAccountIds`.
 */
export const noAccountRootPrincipal = documentPolicy({
  name: "s3-bucket-policy-no-account-root-principal",
  description:
    "A bucket policy must not allow an account root: it trusts every role and user in that account.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: `${USE_ROLE_NOT_ROOT}: put the role's ARN under Principal.AWS.`,
  kinds: ["bucket", "accessPoint"],
  configSchema: {
    properties: {
      exemptAccountIds: accountIdsOption(
        "Accounts whose root may be trusted, e.g. the bucket owner's own account, or the Elastic Load Balancing account of a region that delivers access logs as a root principal.",
      ),
    },
  },
  readConfig: (config) => ({ exempt: stringList(config, "exemptAccountIds", []) }),
  check: (document, { exempt }) =>
    document.statements.flatMap((s) =>
      s.effect === "Allow" && s.principal
        ? [
            ...awsPrincipalEntries(s.principal).flatMap((e) => rootEntryFinding(s, e, exempt)),
            ...rootEquivalentFinding(s, exempt),
          ]
        : [],
    ),
});
