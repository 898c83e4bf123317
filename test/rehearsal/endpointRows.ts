// Rows of the VPC gate: a function in a VPC reaches S3 through a gateway endpoint, whose policy
// AWS evaluates on every request next to the identity and bucket policies. Proven alone, against
// identity and bucket policies that allow everything; each request carries the endpoint's and
// the VPC's ids (aws:SourceVpce, aws:SourceVpc) as AWS sets them.
import { AccessCase, RowShape, row } from "./accessCase";
import { IntendedAccess, LinkPolicies, upload, writerOperations } from "./intendedAccess";
import { ALLOW_EVERYTHING, resourcePolicyAllowing, subjects } from "./rowSubjects";
import { otherS3ActionRows } from "./unintendedActions";

/**
 * A common existing endpoint policy that lacks the bucket: a data perimeter that lets the VPC
 * reach only its own account's buckets (AWS PrivateLink Guide, "Control access to VPC endpoints
 * using endpoint policies"). A cross-account upload through it is refused, whatever the other
 * policies allow: why a VPC without routeTableIds needs the writer's statement in its endpoint.
 */
function ownBucketsOnlyEndpointPolicy(accountId: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OnlyThisAccountsBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceAccount": accountId } },
      },
    ],
  };
}

export function endpointPolicyAlone(
  intended: IntendedAccess,
  policies: LinkPolicies,
): AccessCase[] {
  const { vpc } = intended;
  if (!vpc || policies.endpointPolicy === undefined) return [];
  const { at, who } = subjects(intended);
  const shape: RowShape = {
    scope: "endpoint policy alone",
    identityPolicies: [ALLOW_EVERYTHING],
    resourcePolicy: resourcePolicyAllowing("*", "s3:*"),
    resourcePolicyName: "permissive bucket policy",
    endpointPolicy: policies.endpointPolicy,
    endpointPolicyName: "endpoint policy",
  };
  const through = { throughEndpoint: { endpointId: vpc.endpointId, vpcId: vpc.vpcId } };
  const allowed = { expect: "allowed", request: through } as const;
  const denied = { expect: "denied", request: through } as const;
  const put = upload(intended);
  const perimeter: RowShape = {
    ...shape,
    endpointPolicy: ownBucketsOnlyEndpointPolicy(intended.writerAccountId),
    endpointPolicyName: "endpoint policy of account A's buckets only",
  };
  return [
    ...writerOperations(intended).map((op) => row(shape, who.writer, op, at.target, allowed)),
    ...[...at.nearby, at.otherBucket].map((place) => row(shape, who.writer, put, place, denied)),
    ...otherS3ActionRows(intended, shape, who.writer, { request: through }),
    row(shape, who.otherRoleOfA, put, at.target, denied),
    row(perimeter, who.writer, put, at.target, {
      ...denied,
      qualifier: "through an endpoint whose policy lacks the bucket (only A's own buckets)",
    }),
  ];
}
