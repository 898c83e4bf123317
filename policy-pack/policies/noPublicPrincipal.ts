import { stringList } from "../lib/config";
import { RESTRICTING_CONDITION_KEYS, hasRestrictingCondition, isEveryone } from "../lib/iam";
import { documentPolicy } from "../lib/policy";

/**
 * Fires once per Allow statement whose Principal is `"*"` or lists `"*"` under `AWS`, unless its
 * Condition restricts the callers (see `hasRestrictingCondition`: a positive operator on one of
 * `restrictingConditionKeys` with no value that admits everyone).
 */
export const noPublicPrincipal = documentPolicy({
  name: "s3-bucket-policy-no-public-principal",
  description:
    'A bucket policy must not allow everyone (Principal "*") unless a condition restricts the callers.',
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Name the Lambda execution role ARN under Principal.AWS, or restrict the statement with a condition such as aws:PrincipalOrgID or aws:SourceVpce.",
  family: "bucket",
  configSchema: {
    properties: {
      restrictingConditionKeys: {
        type: "array",
        items: { type: "string" },
        default: [...RESTRICTING_CONDITION_KEYS],
        description:
          'Condition keys that, compared with StringEquals/StringLike/ArnEquals/ArnLike/IpAddress, make a "*" principal non-public.',
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
          !hasRestrictingCondition(s.condition, keys),
      )
      .map(
        (s) =>
          `${s.label}: allows everyone, anonymous callers included, and no condition restricts who may call (e.g. aws:PrincipalOrgID, aws:SourceVpce). ` +
          `Name the Lambda execution role ARN under Principal.AWS instead of "*".`,
      ),
});
