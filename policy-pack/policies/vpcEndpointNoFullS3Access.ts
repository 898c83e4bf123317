import { grantsServiceWide } from "../lib/actions";
import { listed } from "../lib/advice";
import { callerScope } from "../lib/conditions";
import { Statement } from "../lib/document/model";
import { documentPolicy } from "../lib/policy";
import { namesEveryBucket } from "../lib/s3Arns";

/** Condition keys that confine an endpoint statement to known buckets or callers. */
const CONFINING_KEYS = [
  "aws:ResourceAccount",
  "s3:ResourceAccount",
  "aws:ResourceOrgID",
  "aws:ResourceOrgPaths",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:userid",
];

function isOpen(s: Statement): boolean {
  return (
    s.effect === "Allow" &&
    grantsServiceWide(s, "s3") &&
    (s.notResource !== undefined || (s.resource ?? []).some(namesEveryBucket)) &&
    callerScope(s.condition, CONFINING_KEYS).kind === "anyone"
  );
}

const STANDALONE = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";

/** An Action entry that names S3 itself (`s3:*`, `S3:Get*`): the statement is about S3. */
function namesS3(s: Statement): boolean {
  return (s.action ?? []).some((a) => a.toLowerCase().startsWith("s3:"));
}

function finding(s: Statement, standalone: boolean): string {
  const granted = listed(s.action ?? (s.notAction ?? []).map((a) => `NotAction ${a}`));
  const what =
    "every S3 action on every bucket, another account's included, for whoever uses the endpoint";
  const fix =
    "Name the buckets in Resource (arn:aws:s3:::<bucket>/*) or add a condition on aws:ResourceAccount or aws:ResourceOrgID";
  return standalone && !namesS3(s)
    ? `${s.label}: allows ${granted} on ${listed(s.resource ?? ["NotResource"])}: if its endpoint is an S3 endpoint (a VpcEndpointPolicy does not say which service its endpoint is for), ${what}. ${fix}. For another service's endpoint, grant that service's actions (e.g. dynamodb:*) instead of *, and this rule passes it.`
    : `${s.label}: allows ${granted} on ${listed(s.resource ?? ["NotResource"])}: ${what}. ${fix}.`;
}

/**
 * Fires once per Allow statement of an S3 VPC endpoint policy that grants every S3 action (an
 * Action `*`, `s3:*` or `*:*`, or a NotAction that leaves S3 actions in) on every bucket (a
 * Resource `*` or an S3 ARN whose bucket part starts with `*`, or any NotResource), unless a
 * condition confines it to known buckets or callers (aws:ResourceAccount, aws:ResourceOrgID,
 * aws:PrincipalOrgID, ... with values that do not admit everyone). AWS's default endpoint policy
 * is such a statement. Endpoints of other services are not judged. A standalone
 * VpcEndpointPolicy does not say which service its endpoint is for: it is judged, and a statement
 * that grants S3 only through `*` or NotAction is reported as a problem if the endpoint is S3's.
 */
export const vpcEndpointNoFullS3Access = documentPolicy({
  name: "vpc-endpoint-policy-no-full-s3-access",
  description:
    "An S3 VPC endpoint policy should not allow every S3 action on every bucket: it lets the VPC reach any bucket, another account's included.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Name the buckets the VPC uses in Resource (arn:aws:s3:::<bucket>/*), or add a condition such as aws:ResourceAccount or aws:ResourceOrgID; for another service's endpoint, grant that service's actions instead of *.",
  kinds: ["endpoint"],
  notApplicableReason: (props) =>
    "serviceName" in props && !/\.s3$/.test(String(props.serviceName))
      ? `applies only to S3 endpoints (com.amazonaws.<region>.s3), not ${props.serviceName}`
      : undefined,
  readConfig: () => ({}),
  readResource: (type) => type === STANDALONE,
  check: (document, _config, standalone) =>
    document.statements.filter(isOpen).map((s) => finding(s, standalone)),
});
