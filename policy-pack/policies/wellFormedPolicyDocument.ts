import { documentPolicy } from "../lib/policy";

/**
 * Fires once per departure from the IAM policy grammar in any document the pack reads: a missing
 * required document, a document over AWS's size limit (or inline policies over the limit they
 * share), text that is not JSON or repeats a key, a missing or odd Statement, an unknown or
 * case-misspelt element, an Effect other than Allow/Deny, a missing, doubled or odd
 * Principal/Action/Resource (or its Not- twin), a principal in an identity policy, an odd
 * Condition. The other policies skip what they cannot read, so this is the one that says why.
 */
export const wellFormedPolicyDocument = documentPolicy({
  name: "policy-document-well-formed",
  description:
    "Policy documents must be valid JSON in the IAM policy grammar and within AWS's size limits, so the other policies can judge them.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Fix the document as the message says; write it with JSON.stringify of an object, never by hand.",
  kinds: ["bucket", "accessPoint", "identity", "key", "endpoint"],
  readConfig: () => ({}),
  containerFindings: (problems) => problems,
  check: (document) => ({ first: document.problems, count: document.problemCount }),
});
