import { isWildcardAction } from "../lib/actions";
import { listed } from "../lib/advice";
import { flag } from "../lib/config";
import { documentPolicy } from "../lib/policy";

/**
 * Fires once per Allow statement that has NotAction, or an Action entry granting every action of
 * its service (`*`, `s3:*`, `*:*`); with `forbidPartialWildcards`, any entry containing `*` or
 * `?` (`s3:Put*`) fires too.
 */
export const noWildcardActions = documentPolicy({
  name: "s3-bucket-policy-no-wildcard-actions",
  description:
    "A bucket policy should allow named actions, not s3:* or *, which include s3:DeleteBucket and s3:PutBucketPolicy.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "List the actions the writer needs, e.g. s3:PutObject.",
  kinds: ["bucket", "accessPoint"],
  configSchema: {
    properties: {
      forbidPartialWildcards: {
        type: "boolean",
        default: false,
        description: "Also report actions with a partial wildcard, such as s3:Put*.",
      },
    },
  },
  readConfig: (config) => ({ partial: flag(config, "forbidPartialWildcards", false) }),
  check: (document, { partial }) =>
    document.statements.flatMap((s) => {
      if (s.effect !== "Allow") return [];
      if (s.notAction) {
        return [
          `${s.label}: Allow with NotAction grants every action it does not list. List the actions the writer needs in Action, e.g. s3:PutObject.`,
        ];
      }
      const wildcards = (s.action ?? []).filter((a) => isWildcardAction(a, partial));
      if (wildcards.length === 0) return [];
      return [
        `${s.label}: allows ${listed(wildcards)}, ${partial ? "a wildcard over several actions" : "every S3 action, s3:DeleteBucket and s3:PutBucketPolicy included"}. ` +
          `List the actions the writer needs, e.g. s3:PutObject.`,
      ];
    }),
});
