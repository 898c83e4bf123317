// Every IAM document of the upload link, written once. The two stacks, the tests, the policy
// pack's dogfood test and the offline access proof all import these functions, so account A's
// grant and account B's grant are always derived from the same link description.
import { uploadKeyDeny, writerKeyUseStatement } from "./kmsPolicies";
import { NetworkInterfaceScope, createNetworkInterfaceStatement } from "./networkPolicies";
import {
  ConditionBlock,
  POLICY_VERSION,
  PolicyDocument,
  PolicyStatement,
  UploadTarget,
  WriterRole,
  bucketArn,
  uploadObjectArn,
  writerObjectDeny,
  writerSid,
} from "./policyBasics";
import { BUCKET_OWNER_FULL_CONTROL } from "../lambda/validation";
import { ObjectOwnership } from "./validation";

export type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  UploadTarget,
  WriterRole,
} from "./policyBasics";
export { POLICY_VERSION, bucketArn, uploadObjectArn } from "./policyBasics";

/** Resources the writer's execution role needs besides the bucket. */
export interface WriterResources {
  logGroupArn: string;
  failureQueueArn: string;
  /**
   * Where the function's network interfaces live, when it runs in a VPC: the role may create them
   * there. Managing them is networkPolicies.ts's own document.
   */
  network?: NetworkInterfaceScope;
}

/**
 * The canned ACL a writer must send. With BucketOwnerEnforced, ACLs are disabled and any ACL but
 * bucket-owner-full-control fails, so none is sent; with the other modes the writer would own
 * its objects unless it hands B full control.
 */
export function requiredObjectAcl(
  ownership: ObjectOwnership,
): typeof BUCKET_OWNER_FULL_CONTROL | undefined {
  return ownership === "BucketOwnerEnforced" ? undefined : BUCKET_OWNER_FULL_CONTROL;
}

/** s3:PutObject, plus s3:PutObjectAcl only when the writer has to send an ACL. */
export function uploadActions(ownership: ObjectOwnership): string[] {
  return requiredObjectAcl(ownership) ? ["s3:PutObject", "s3:PutObjectAcl"] : ["s3:PutObject"];
}

/** Trust policy of the writer's execution role: only the Lambda service may assume it. */
export function lambdaTrustPolicy(): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "LambdaAssumesRole",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ],
  };
}

/** A bucket of the same name in any other account never receives the writer's data. */
export function bucketOwnerCondition(bucketAccountId: string): ConditionBlock {
  return { StringEquals: { "s3:ResourceAccount": bucketAccountId } };
}

/**
 * Account A's side: the execution role's identity policy; with SSE-KMS also the use of B's key
 * through S3, and in a VPC the creation of the function's network interfaces.
 */
export function writerRolePolicy(target: UploadTarget, resources: WriterResources): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "PutObjectsUnderTargetPrefix",
        Effect: "Allow",
        Action: uploadActions(target.objectOwnership),
        Resource: uploadObjectArn(target),
        Condition: bucketOwnerCondition(target.bucketAccountId),
      },
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${resources.logGroupArn}:*`,
      },
      {
        Sid: "KeepFailedEvents",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: resources.failureQueueArn,
      },
      ...(target.encryption === "sse-kms" ? [writerKeyUseStatement(target)] : []),
      ...(resources.network ? [createNetworkInterfaceStatement(resources.network)] : []),
    ],
  };
}

/** Sid of the statement that trusts one writer; it carries the role's unique id when known. */
function writerStatementSid(writer: WriterRole, index: number): string {
  return writerSid("AllowUploadBy", writer, index);
}

/** Denies every request without TLS, on the bucket itself and on its objects. */
export function insecureTransportDeny(bucketName: string): PolicyStatement {
  const arn = bucketArn(bucketName);
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Never overwritten, enforced by S3 rather than trusted to the writer's code: a writer's PutObject
 * and CompleteMultipartUpload must carry `If-None-Match: *`. `s3:ObjectCreationOperation` is true
 * for those two and false for CreateMultipartUpload and UploadPart, which are authorised as
 * s3:PutObject too but take no conditional header, so multipart uploads keep working (S3 User
 * Guide, "Enforce conditional writes on Amazon S3 buckets"). A CopyObject onto the bucket by a
 * writer is refused as well, which the writer never needs.
 */
export function overwriteDeny(bucketName: string, writers: readonly WriterRole[]): PolicyStatement {
  return writerObjectDeny("DenyWriterPutWithoutIfNoneMatch", "s3:PutObject", bucketName, writers, {
    Null: { "s3:if-none-match": "true" },
    Bool: { "s3:ObjectCreationOperation": "true" },
  });
}

/** The grant headers an upload or an ACL change may carry instead of a canned ACL. */
const ACL_GRANT_KEYS: [string, string][] = [
  ["GrantRead", "s3:x-amz-grant-read"],
  ["GrantReadAcp", "s3:x-amz-grant-read-acp"],
  ["GrantWriteAcp", "s3:x-amz-grant-write-acp"],
  ["GrantFullControl", "s3:x-amz-grant-full-control"],
];

/**
 * With BucketOwnerPreferred or ObjectWriter a writer holds s3:PutObjectAcl; S3's ACL policy
 * examples require the canned ACL `bucket-owner-full-control` for this ("Policy examples for
 * ACLs"). Their form, an Allow on s3:PutObject conditioned on `s3:x-amz-acl`, refuses UploadPart
 * and CompleteMultipartUpload, which are authorised as s3:PutObject and take no ACL header (their
 * S3 API references list none), so multipart uploads would fail. So Denies instead: an ACL change
 * must be exactly that canned ACL (no other canned ACL, no grant list, so no object of B's is ever
 * shared with a third account), an upload that names a canned ACL must name that one, and an
 * upload may carry no grant header (`x-amz-grant-read: id=<a third account>` would share the
 * object with that account; Block Public Access does not stop a grant to one account). Keys in
 * one condition are ANDed, so each grant header gets its own Deny. No condition key tells a
 * PutObject without an ACL header from a CompleteMultipartUpload, nor a CreateMultipartUpload
 * without one from an UploadPart (s3:ObjectCreationOperation separates PutObject from
 * UploadPart, not those pairs), so an upload without any ACL header is allowed; the writer always
 * sends it.
 */
export function objectAclDenies(
  bucketName: string,
  writers: readonly WriterRole[],
): PolicyStatement[] {
  const notFullControl = { "s3:x-amz-acl": BUCKET_OWNER_FULL_CONTROL };
  const deny = (sid: string, action: string, condition: ConditionBlock) =>
    writerObjectDeny(sid, action, bucketName, writers, condition);
  return [
    deny("DenyWriterAclChangeButBucketOwnerFullControl", "s3:PutObjectAcl", {
      StringNotEquals: notFullControl,
    }),
    // StringNotEquals also holds when the header is absent; Null limits it to a header sent.
    deny("DenyWriterUploadWithAnotherAcl", "s3:PutObject", {
      StringNotEquals: notFullControl,
      Null: { "s3:x-amz-acl": "false" },
    }),
    ...ACL_GRANT_KEYS.map(([name, key]) =>
      deny(`DenyWriterUploadWith${name}`, "s3:PutObject", { Null: { [key]: "false" } }),
    ),
  ];
}

/**
 * Account B's side: one Allow per writer role; Denies of every request without TLS, of a writer's
 * write that could overwrite, when ACLs are enabled of any ACL but bucket-owner-full-control, and
 * with SSE-KMS of an upload that names an encryption other than the bucket's key `kmsKeyArn`.
 */
export function bucketPolicy(
  target: UploadTarget,
  writers: readonly WriterRole[],
  kmsKeyArn?: string,
): PolicyDocument {
  if (writers.length === 0) {
    throw new Error("a bucket policy needs at least one writer role");
  }
  if (target.encryption === "sse-kms" && !kmsKeyArn) {
    throw new Error("an SSE-KMS bucket policy needs the bucket key's ARN");
  }
  const writerStatements: PolicyStatement[] = writers.map((writer, index) => ({
    Sid: writerStatementSid(writer, index),
    Effect: "Allow",
    Principal: { AWS: writer.roleArn },
    Action: uploadActions(target.objectOwnership),
    Resource: uploadObjectArn(target),
  }));
  const { bucketName } = target;
  return {
    Version: POLICY_VERSION,
    Statement: [
      ...writerStatements,
      insecureTransportDeny(bucketName),
      overwriteDeny(bucketName, writers),
      ...(requiredObjectAcl(target.objectOwnership) ? objectAclDenies(bucketName, writers) : []),
      ...(target.encryption === "sse-kms" && kmsKeyArn
        ? [uploadKeyDeny(bucketName, writers, kmsKeyArn)]
        : []),
    ],
  };
}

/**
 * The policy of the S3 gateway endpoint the function's traffic goes through, a third gate after
 * the identity and bucket policies: only the writer role, only the upload actions, only under the
 * prefix. Endpoint policies take `Principal: "*"` and name a role by `aws:PrincipalArn` (a role
 * ARN there is not rewritten to a unique id, so a recreated role keeps working). Every other S3
 * request from the subnets behind this endpoint is refused, which is why the endpoint belongs on
 * route tables of subnets dedicated to the function.
 */
export function gatewayEndpointPolicy(target: UploadTarget, roleArn: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "WriterUploadsUnderTargetPrefix",
        Effect: "Allow",
        Principal: "*",
        Action: uploadActions(target.objectOwnership),
        Resource: uploadObjectArn(target),
        Condition: { ArnEquals: { "aws:PrincipalArn": roleArn } },
      },
    ],
  };
}
