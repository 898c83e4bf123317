import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/document";
import { readResourcePolicies, typesOf } from "../lib/resources";

const TYPES = [...typesOf("bucket"), ...typesOf("identity")].join(", ");

/**
 * Fires once per departure from the IAM policy grammar in any bucket or identity policy the pack
 * reads: a missing required document, text that is not JSON, a missing or odd Statement, an
 * unknown or case-misspelt element, an Effect other than Allow/Deny, a missing, doubled or odd
 * Principal/Action/Resource (or its Not- twin), a principal in an identity policy, an odd
 * Condition. The other policies skip what they cannot read, so this is the one that says why.
 */
export const wellFormedPolicyDocument: ResourceValidationPolicy = {
  name: "policy-document-well-formed",
  description:
    "Bucket and IAM policy documents must be valid JSON in the IAM policy grammar, so the other policies can judge them.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Fix the document as the message says; write it with JSON.stringify of an object, never by hand.",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    const props: Record<string, unknown> = args.props;
    const policies = readResourcePolicies(args.type, props);
    if (!policies) args.notApplicable(`applies only to ${TYPES}`);
    for (const problem of policies.problems) reportViolation(problem);
    for (const source of policies.sources) {
      for (const problem of parsePolicyDocument(source.document, source.kind).problems) {
        reportViolation(`${source.label} ${problem}`);
      }
    }
  },
};
