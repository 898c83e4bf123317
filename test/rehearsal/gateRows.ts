// Every gate at once, as AWS evaluates the real requests of an upload: each S3 request against the
// identity and bucket policies, and the endpoint policy when the function is in a VPC; each KMS
// call S3 makes for it against the identity and key policies. Each row names the statement of
// every gate that let it through.
import { AccessCase, RowShape, row } from "./accessCase";
import { IntendedAccess, LinkPolicies, kmsOperations, writerOperations } from "./intendedAccess";
import { subjects } from "./rowSubjects";

export function everyGate(intended: IntendedAccess, policies: LinkPolicies): AccessCase[] {
  const { vpc } = intended;
  const withEndpoint = vpc !== undefined && policies.endpointPolicy !== undefined;
  const withKey = intended.kms !== undefined && policies.keyPolicy !== undefined;
  if (!withEndpoint && !withKey) return [];
  const { at, who } = subjects(intended);
  const identity = [{ name: "identity policy", policy: policies.identityPolicy }];
  const s3: RowShape = {
    scope: "every gate",
    identityPolicies: identity,
    resourcePolicy: policies.bucketPolicy,
    resourcePolicyName: "bucket policy",
    ...(withEndpoint
      ? { endpointPolicy: policies.endpointPolicy, endpointPolicyName: "endpoint policy" }
      : {}),
  };
  const through =
    withEndpoint && vpc
      ? { throughEndpoint: { endpointId: vpc.endpointId, vpcId: vpc.vpcId } }
      : {};
  const kms: RowShape = {
    scope: "every gate",
    identityPolicies: identity,
    resourcePolicy: policies.keyPolicy,
    resourcePolicyName: "key policy",
  };
  const key = {
    label: "on B's key",
    arn: intended.kms?.keyArn ?? "",
    accountId: intended.bucketAccountId,
    region: intended.bucketRegion,
  };
  return [
    ...writerOperations(intended).map((op) =>
      row(s3, who.writer, op, at.target, {
        expect: "allowed",
        exactPrincipal: true,
        request: through,
      }),
    ),
    ...(withKey
      ? kmsOperations(intended).map((op) =>
          row(kms, who.writer, op, key, { expect: "allowed", exactPrincipal: true }),
        )
      : []),
  ];
}
