import { RESTRICTING_CONDITION_KEYS, callerScope } from "../lib/conditions";
import { stringList } from "../lib/config";
import { documentPolicy } from "../lib/policy";
import { isEveryone } from "../lib/principals";

/**
 * Fires once per Allow statement whose Principal is `"*"` or lists `"*"` under `AWS`, unless its
 * Condition restricts the callers (see `callerScope`). A restriction to whole accounts is the
 * root-principal policy's concern.
 */
export const noPublicPrincipal = documentPolicy({
  name: "s3-bucket-policy-no-public-principal",
  description:
    'A bucket policy must not allow everyone (Principal "*") unless a condition restricts the callers.',
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Name the Lambda execution role ARN under Principal.AWS, or restrict the statement with a condition such as aws:PrincipalOrgID or aws:SourceVpce.",
  kinds: ["bucket", "accessPoint"],
  configSchema: {
    properties: {
      restrictingConditionKeys: {
        type: "array",
        items: { type: "string" },
        default: [...RESTRICTING_CONDITION_KEYS],
        description:
          'Condition keys that, compared with StringEquals/StringLike/ArnEquals/ArnLike/IpAddress to values that do not admit everyone, make a "*" principal non-public.',
      },
    },
  },
  readConfig: (config) => ({
    keys: stringList(config, "restrictingConditionKeys", RESTRICTING_CONDITION_KEYS),
  }),
  check: (document, { keys }) =>
    document.statements
      .filter(
        (s) =>
          s.effect === "Allow" &&
          s.principal !== undefined &&
          isEveryone(s.principal) &&
          callerScope(s.condition, keys).kind === "anyone",
      )
      .map(
        (s) =>
          `${s.label}: allows everyone, anonymous callers included, and no condition restricts who may call (e.g. aws:PrincipalOrgID, aws:SourceVpce; a value such as "*", "o-*" or 0.0.0.0/0 admits everyone). ` +
          `Name the Lambda execution role ARN under Principal.AWS instead of "*".`,
      ),
});
