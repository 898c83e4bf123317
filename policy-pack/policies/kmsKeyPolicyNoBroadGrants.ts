import { UnknownValueError } from "@pulumi/policy";
import { grantsServiceWide } from "../lib/actions";
import { listed } from "../lib/advice";
import { arnSegments } from "../lib/arns";
import { RESTRICTING_CONDITION_KEYS, callerScope } from "../lib/conditions";
import { accountIdsOption, stringList } from "../lib/config";
import { ParsedDocument, Statement } from "../lib/document/model";
import { documentPolicy } from "../lib/policy";
import { accountOfRootPrincipal, awsPrincipalEntries, isEveryone } from "../lib/principals";

const KMS_RESTRICTING_KEYS = [...RESTRICTING_CONDITION_KEYS, "kms:CallerAccount"];

/** The accounts whose root the document grants every KMS action without a condition. */
function administeringAccounts(document: ParsedDocument): string[] {
  const accounts = document.statements.flatMap((s) =>
    s.effect === "Allow" && s.principal && s.condition.size === 0 && grantsServiceWide(s, "kms")
      ? awsPrincipalEntries(s.principal).flatMap((e) => accountOfRootPrincipal(e) ?? [])
      : [],
  );
  return [...new Set(accounts)];
}

/**
 * The account of the key an `aws.kms.KeyPolicy` names by ARN in `keyId`. A key id that is not an
 * ARN, or one not known during preview, names none.
 */
function keyIdAccount(type: string, props: Record<string, unknown>): string | undefined {
  if (type !== "aws:kms/keyPolicy:KeyPolicy") return undefined;
  let keyId: unknown;
  try {
    keyId = props.keyId;
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
  const arn = typeof keyId === "string" ? arnSegments(keyId) : undefined;
  return arn?.prefix === "arn" && arn.service === "kms" && /^\d{12}$/.test(arn.account)
    ? arn.account
    : undefined;
}

/** Whose key it is, and how the rule knows. */
interface Owner {
  accounts: readonly string[];
  /** Taken from the document's own administration statements rather than known. */
  inferred: boolean;
  /** Said after each finding: which account was taken as the key's, and from where. */
  says: string;
}

const SET_KEY_ACCOUNT = "set keyAccountIds to the key's account";

function ownerOf(document: ParsedDocument, keyAccounts: readonly string[], keyId?: string): Owner {
  if (keyId) {
    return {
      accounts: [keyId],
      inferred: false,
      says: `the key's account is ${keyId}, its keyId's`,
    };
  }
  if (keyAccounts.length > 0) {
    return {
      accounts: keyAccounts,
      inferred: false,
      says: `the key's account is ${listed(keyAccounts)}`,
    };
  }
  const accounts = administeringAccounts(document);
  const says =
    accounts.length === 1
      ? `the key's account is taken to be ${accounts[0]}, the one account granted every KMS action without a condition; another account granted so cannot be told apart from the owner: ${SET_KEY_ACCOUNT}`
      : SET_KEY_ACCOUNT;
  return { accounts, inferred: true, says };
}

/** A key has one owner: every KMS action granted without a condition to several accounts' roots. */
function severalAdministrators(owner: Owner): string[] {
  if (!owner.inferred || owner.accounts.length < 2) return [];
  return [
    `grants every KMS action without a condition to the roots of ${owner.accounts.length} accounts, ${listed(owner.accounts)}: a key has one owning account, so the others may manage and use a key that is not theirs. Keep kms:* for the key's own account root only; ${SET_KEY_ACCOUNT} to have each other one reported by statement.`,
  ];
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
 * accounts (kms:CallerAccount, aws:PrincipalAccount, ...); and once per document that grants every
 * KMS action without a condition to the roots of several accounts. The key's own account is the
 * one in the ARN an `aws.kms.KeyPolicy` gives as `keyId`; else `keyAccountIds`; else the account
 * whose root the document grants every KMS action without a condition (the administration
 * statement of KMS's default key policy), which another account's cannot be told apart from.
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
        "The accounts that own the keys judged; an aws.kms.KeyPolicy whose keyId is the key's ARN names its own. Empty: the account whose root the policy grants kms:* without a condition, which cannot be told apart from another account granted so.",
      ),
    },
  },
  readConfig: (config) => ({ keyAccounts: stringList(config, "keyAccountIds", []) }),
  readResource: keyIdAccount,
  check: (document, { keyAccounts }, keyId) => {
    const owner = ownerOf(document, keyAccounts, keyId);
    const findings = document.statements.flatMap((s) => {
      const found = reasons(s, owner.accounts);
      return found.length === 0
        ? []
        : [
            `${s.label}: ${found.join("; ")} (${owner.says}). Grant the role ARNs that use the key only the actions they need, e.g. kms:GenerateDataKey and kms:Decrypt with kms:ViaService.`,
          ];
    });
    return [...severalAdministrators(owner), ...findings];
  },
});
