import { documentPolicy } from "../lib/policy";

/** Fires once per Allow statement that has a NotPrincipal element, whatever it lists. */
export const noAllowWithNotPrincipal = documentPolicy({
  name: "s3-bucket-policy-no-allow-with-not-principal",
  description:
    "A bucket policy must not combine Allow with NotPrincipal: it grants every principal it does not list.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Replace NotPrincipal with Principal naming the Lambda execution role ARN.",
  kinds: ["bucket", "accessPoint"],
  readConfig: () => ({}),
  check: (document) =>
    document.statements
      .filter((s) => s.effect === "Allow" && s.notPrincipal !== undefined)
      .map(
        (s) =>
          `${s.label}: Allow with NotPrincipal grants every principal it does not list, anonymous callers included. ` +
          `Use Principal with the Lambda execution role ARN instead.`,
      ),
});
