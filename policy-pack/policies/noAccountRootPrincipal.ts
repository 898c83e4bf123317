import { USE_ROLE_NOT_ROOT } from "../lib/advice";
import { stringList } from "../lib/config";
import { accountOfRootPrincipal, awsPrincipalEntries } from "../lib/iam";
import { documentPolicy } from "../lib/policy";

function finding(statement: string, entry: string, exempt: readonly string[]): string[] {
  const account = accountOfRootPrincipal(entry);
  if (account === undefined || exempt.includes(account)) return [];
  const partition = entry.startsWith("arn:") ? entry.split(":")[1] : "aws";
  const what =
    entry === account ? "a bare account id, the same as that account's root" : "the account root";
  return [
    `${statement}: Principal ${entry} is ${what}: it trusts every role and user in account ${account} that its own IAM policies let through. ` +
      `${USE_ROLE_NOT_ROOT}: {"AWS": "arn:${partition}:iam::${account}:role/<lambda-execution-role>"}.`,
  ];
}

/**
 * Fires once per `AWS` principal entry of an `Allow` statement's `Principal` that IAM matches at
 * account level: `arn:<partition>:iam::<12 digits>:root` or a bare 12-digit account id, as a
 * string or in an array, unless the account is in `exemptAccountIds`. NotPrincipal, `"*"` and
 * Deny statements are other policies' concern.
 */
export const noAccountRootPrincipal = documentPolicy({
  name: "s3-bucket-policy-no-account-root-principal",
  description:
    "A bucket policy must not allow an account root: it trusts every role and user in that account.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: `${USE_ROLE_NOT_ROOT}: put the role's ARN under Principal.AWS.`,
  family: "bucket",
  configSchema: {
    properties: {
      exemptAccountIds: {
        type: "array",
        items: { type: "string", pattern: "^\\d{12}$" },
        default: [],
        description:
          "Accounts whose root may be trusted, e.g. the bucket owner's own account, which then delegates to its IAM policies.",
      },
    },
  },
  readConfig: (config) => ({ exempt: stringList(config, "exemptAccountIds", []) }),
  check: (document, { exempt }) =>
    document.statements.flatMap((s) =>
      s.effect === "Allow" && s.principal
        ? awsPrincipalEntries(s.principal).flatMap((entry) => finding(s.label, entry, exempt))
        : [],
    ),
});
