import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { readResourcePolicies, typesOf } from "../lib/carriers";
import { parsePolicyDocument } from "../lib/document/parse";
import { Findings } from "../lib/findings";

const TYPES = typesOf(["bucket", "accessPoint", "identity", "key", "endpoint"]).join(", ");

/**
 * Fires once per departure from the IAM policy grammar in any document the pack reads: a missing
 * required document, a document over AWS's size limit, text that is not JSON or repeats a key, a
 * missing or odd Statement, an unknown or case-misspelt element, an Effect other than Allow/Deny, a
 * missing, doubled or odd Principal/Action/Resource (or its Not- twin), a principal in an identity
 * policy, an odd Condition. The other policies skip what they cannot read, so this is the one that
 * says why.
 */
export const wellFormedPolicyDocument: ResourceValidationPolicy = {
  name: "policy-document-well-formed",
  description:
    "Policy documents must be valid JSON in the IAM policy grammar and within AWS's size limits, so the other policies can judge them.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Fix the document as the message says; write it with JSON.stringify of an object, never by hand.",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    const props: Record<string, unknown> = args.props;
    const policies = readResourcePolicies(args.type, props);
    if (!policies) args.notApplicable(`applies only to ${TYPES}`);
    const findings = new Findings();
    for (const problem of policies.problems) findings.add(problem);
    for (const source of policies.sources) {
      const document = parsePolicyDocument(source.document, source.kind, source.limit);
      findings.addAll(
        document.problems.map((problem) => `${source.label} ${problem}`),
        document.problemCount,
      );
    }
    findings.report().forEach((message) => reportViolation(message));
  },
};
