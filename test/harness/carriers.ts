// Every resource type the pack reads, and how each holds a document in its props, grouped by the
// kind of document it carries.
import { ResourceValidationArgs } from "@pulumi/policy";
import { DocumentKind } from "../../policy-pack/lib/document/model";
import { guideBucketPolicy, guideIdentityPolicy } from "./policyDocuments";
import { resourceArgs } from "./policyRunner";

export interface Carrier {
  type: string;
  props(document: unknown): Record<string, unknown>;
}

const S3_ENDPOINT = "com.amazonaws.us-east-1.s3";
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

/** The first carrier of each kind is the one `policyArgs` uses. */
export const CARRIERS: Readonly<Record<DocumentKind, readonly Carrier[]>> = {
  bucket: [
    { type: "aws:s3/bucketPolicy:BucketPolicy", props: (policy) => ({ bucket: "b", policy }) },
    { type: "aws:s3/bucket:Bucket", props: (policy) => ({ bucket: "b", policy }) },
    { type: "aws:s3/bucketV2:BucketV2", props: (policy) => ({ bucket: "b", policy }) },
    {
      type: "aws-native:s3:BucketPolicy",
      props: (policyDocument) => ({ bucket: "b", policyDocument }),
    },
  ],
  accessPoint: [
    {
      type: "aws:s3control/accessPointPolicy:AccessPointPolicy",
      props: (policy) => ({
        accessPointArn: "arn:aws:s3:us-east-1:222222222222:accesspoint/ap",
        policy,
      }),
    },
    {
      type: "aws:s3/accessPoint:AccessPoint",
      props: (policy) => ({ bucket: "b", name: "ap", policy }),
    },
    { type: "aws-native:s3:AccessPoint", props: (policy) => ({ bucket: "b", name: "ap", policy }) },
  ],
  identity: [
    { type: "aws:iam/rolePolicy:RolePolicy", props: (policy) => ({ role: "uploader", policy }) },
    { type: "aws:iam/policy:Policy", props: (policy) => ({ policy }) },
    { type: "aws:iam/userPolicy:UserPolicy", props: (policy) => ({ user: "ci", policy }) },
    { type: "aws:iam/groupPolicy:GroupPolicy", props: (policy) => ({ group: "ops", policy }) },
    {
      type: "aws:iam/role:Role",
      props: (policy) => ({
        assumeRolePolicy: TRUST,
        inlinePolicies: [{ name: "upload", policy }],
      }),
    },
    {
      type: "aws-native:iam:RolePolicy",
      props: (policyDocument) => ({ roleName: "uploader", policyName: "upload", policyDocument }),
    },
    {
      type: "aws-native:iam:ManagedPolicy",
      props: (policyDocument) => ({ policyDocument }),
    },
    {
      type: "aws-native:iam:UserPolicy",
      props: (policyDocument) => ({ userName: "ci", policyName: "upload", policyDocument }),
    },
    {
      type: "aws-native:iam:GroupPolicy",
      props: (policyDocument) => ({ groupName: "ops", policyName: "upload", policyDocument }),
    },
    {
      type: "aws-native:iam:Role",
      props: (policyDocument) => ({
        assumeRolePolicyDocument: TRUST,
        policies: [{ policyName: "upload", policyDocument }],
      }),
    },
    {
      type: "aws-native:iam:User",
      props: (policyDocument) => ({ policies: [{ policyName: "upload", policyDocument }] }),
    },
    {
      type: "aws-native:iam:Group",
      props: (policyDocument) => ({ policies: [{ policyName: "upload", policyDocument }] }),
    },
  ],
  key: [
    { type: "aws:kms/keyPolicy:KeyPolicy", props: (policy) => ({ keyId: "k", policy }) },
    { type: "aws:kms/key:Key", props: (policy) => ({ enableKeyRotation: true, policy }) },
    { type: "aws-native:kms:Key", props: (keyPolicy) => ({ enableKeyRotation: true, keyPolicy }) },
  ],
  endpoint: [
    {
      type: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
      props: (policy) => ({ vpcEndpointId: "vpce-1", policy }),
    },
    {
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      props: (policy) => ({ vpcId: "vpc-1", serviceName: S3_ENDPOINT, policy }),
    },
    {
      type: "aws-native:ec2:VpcEndpoint",
      props: (policyDocument) => ({ vpcId: "vpc-1", serviceName: S3_ENDPOINT, policyDocument }),
    },
  ],
};

export const KINDS = Object.keys(CARRIERS) as DocumentKind[];

/** Args for the first carrier of `kind` holding `document`, as JSON text unless it is a string. */
export function policyArgs(
  kind: DocumentKind,
  document: unknown,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  const [carrier] = CARRIERS[kind];
  const text = typeof document === "string" ? document : JSON.stringify(document);
  return resourceArgs(carrier.type, carrier.props(text), config);
}

/** Args for an aws.s3.BucketPolicy carrying the guide's bucket policy with `changes`. */
export function guideBucketArgs(changes: Record<string, unknown>) {
  return policyArgs("bucket", guideBucketPolicy(changes));
}

/** Args for an aws.iam.RolePolicy carrying the guide's identity policy with `changes`. */
export function guideRoleArgs(changes: Record<string, unknown>) {
  return policyArgs("identity", guideIdentityPolicy(changes));
}

/** Args for an aws.s3.BucketPolicy carrying `document`. */
export function bucketPolicyArgs(document: unknown, config: Record<string, unknown> = {}) {
  return policyArgs("bucket", document, config);
}
