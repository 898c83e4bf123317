import { documentPolicy } from "../lib/policy";
import { isTlsOnlyDeny } from "../lib/tlsDeny";

const TLS_DENY =
  '{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", ' +
  '"Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"], ' +
  '"Condition": {"Bool": {"aws:SecureTransport": "false"}}}';

/**
 * Fires once per bucket policy document that has no TLS-only Deny (see `isTlsOnlyDeny`). Access
 * point policies are not judged: access points accept only HTTPS requests. A document with a
 * problem is left to policy-document-well-formed: its TLS Deny may be the statement it cannot read.
 */
export const denyInsecureTransport = documentPolicy({
  name: "s3-bucket-policy-deny-insecure-transport",
  description: "A bucket policy should deny every request that does not use TLS.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: `Add the statement ${TLS_DENY}.`,
  kinds: ["bucket"],
  readConfig: () => ({}),
  check: (document) =>
    document.problemCount > 0 || document.statements.some(isTlsOnlyDeny)
      ? []
      : [`has no statement that denies requests without TLS. Add ${TLS_DENY}.`],
});
