import { grantsServiceWide } from "../lib/actions";
import { listed } from "../lib/advice";
import { RESTRICTING_CONDITION_KEYS, callerScope } from "../lib/conditions";
import { accountIdsOption, stringList } from "../lib/config";
import { ParsedDocument, Statement } from "../lib/document/model";
import { documentPolicy } from "../lib/policy";
import { accountOfRootPrincipal, awsPrincipalEntries, isEveryone } from "../lib/principals";

const KMS_RESTRICTING_KEYS = [...RESTRICTING_CONDITION_KEYS, "kms:CallerAccount"];

/** A root principal granted every KMS action without a condition: KMS's default key policy. */
function administeringAccounts(document: ParsedDocument): string[] {
  return document.statements.flatMap((s) =>
    s.effect === "Allow" && s.principal && s.condition.size === 0 && grantsServiceWide(s, "kms")
      ? awsPrincipalEntries(s.principal).flatMap((e) => accountOfRootPrincipal(e) ?? [])
      : [],
  );
}

function reasons(s: Statement, own: readonly string[]): string[] {
  if (s.effect !== "Allow" || !s.principal) return [];
  const principal = s.principal;
  const found: string[] = [];
  const isOwnRoot = (entry: string) => own.includes(accountOfRootPrincipal(entry) ?? "");
  if (grantsServiceWide(s, "kms")) {
    const others =
      principal === "*"
        ? ["*"]
        : [...principal].flatMap(([type, entries]) =>
            entries.filter((e) => type !== "AWS" || !isOwnRoot(e)).map((e) => `${type} ${e}`),
          );
    if (others.length > 0) found.push(`grants every KMS action to ${listed(others)}`);
  }
  const foreignRoots = awsPrincipalEntries(principal).filter(
    (e) => accountOfRootPrincipal(e) !== undefined && !isOwnRoot(e),
  );
  if (foreignRoots.length > 0) found.push(`trusts the account root ${listed(foreignRoots)}`);
  if (isEveryone(principal)) {
    const scope = callerScope(s.condition, KMS_RESTRICTING_KEYS);
    if (scope.kind === "anyone") found.push(`trusts everyone: no condition restricts the callers`);
    const foreign = scope.kind === "accounts" ? scope.accounts.filter((a) => !own.includes(a)) : [];
    if (foreign.length > 0) found.push(`trusts every principal of account ${listed(foreign)}`);
  }
  return found;
}

/**
 * Fires once per Allow statement of a KMS key policy that grants every KMS action (`kms:*`, `*`,
 * or a NotAction) to anyone but the key's own account root, trusts the root of another account
 * (root ARN or bare id), or trusts everyone (`"*"`) unrestricted or restricted only to whole other
 * accounts (kms:CallerAccount, aws:PrincipalAccount, ...). The key's own accounts are
 * `keyAccountIds`; when that is empty, the accounts whose root the policy grants every KMS action
 * without a condition (the administration statement of KMS's default key policy).
 */
export const kmsKeyPolicyNoBroadGrants = documentPolicy({
  name: "kms-key-policy-no-broad-grants",
  description:
    "A KMS key policy should grant named actions and trust no account root other than the key's own.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Grant the writer role's ARN only the actions it needs (kms:GenerateDataKey, kms:Decrypt), with kms:ViaService; keep kms:* for the key's own account root.",
  kinds: ["key"],
  configSchema: {
    properties: {
      keyAccountIds: accountIdsOption(
        "The accounts that own the keys judged. Empty: each policy's own administration statement (kms:* granted to an account root without a condition) names its account.",
      ),
    },
  },
  readConfig: (config) => ({ keyAccounts: stringList(config, "keyAccountIds", []) }),
  check: (document, { keyAccounts }) => {
    const own = keyAccounts.length > 0 ? keyAccounts : administeringAccounts(document);
    const whose =
      own.length > 0
        ? `the key's account is ${listed(own)}`
        : "set keyAccountIds to the key's account";
    return document.statements.flatMap((s) => {
      const found = reasons(s, own);
      return found.length === 0
        ? []
        : [
            `${s.label}: ${found.join("; ")} (${whose}). Grant the role ARNs that use the key only the actions they need, e.g. kms:GenerateDataKey and kms:Decrypt with kms:ViaService.`,
          ];
    });
  },
});
