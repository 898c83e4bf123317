// Every IAM document of the upload link, written once. The two stacks, the tests, the policy
// pack's dogfood test and the offline access proof all import these functions, so account A's
// grant and account B's grant are always derived from the same link description.
import { ObjectOwnership } from "./validation";

export const POLICY_VERSION = "2012-10-17";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: PolicyStatement[];
}

/** Where uploads land: the half of the link that both accounts must agree on. */
export interface UploadTarget {
  bucketName: string;
  /** Key prefix, e.g. "uploads/"; "" grants the whole bucket. */
  prefix: string;
  /** Account B, the bucket owner. */
  bucketAccountId: string;
  objectOwnership: ObjectOwnership;
}

/** A Lambda execution role in a writer account that the bucket policy trusts. */
export interface WriterRole {
  roleArn: string;
  /**
   * The role's unique id (AROA...). AWS stores a role principal as this id, so a recreated role
   * with the same ARN is locked out until the bucket policy is written again. Putting the id in
   * the statement Sid makes a recreation change the document, and Pulumi rewrites it.
   */
  roleUniqueId?: string;
}

/** Resources the writer's execution role needs besides the bucket. */
export interface WriterResources {
  logGroupArn: string;
  failureQueueArn: string;
}

export const BUCKET_OWNER_FULL_CONTROL = "bucket-owner-full-control";

export function bucketArn(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

/** The only objects a writer may create: `arn:aws:s3:::<bucket>/<prefix>*`. */
export function uploadObjectArn(target: UploadTarget): string {
  return `${bucketArn(target.bucketName)}/${target.prefix}*`;
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

/** Account A's side: the execution role's identity policy. */
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
    ],
  };
}

/** Sid of the statement that trusts one writer; it carries the role's unique id when known. */
export function writerStatementSid(writer: WriterRole, index: number): string {
  return `AllowUploadBy${writer.roleUniqueId ?? `Writer${index + 1}`}`;
}

/** The writer roles as one Principal: a single ARN stays a string, as AWS writes it back. */
function writersPrincipal(writers: readonly WriterRole[]): { AWS: string | string[] } {
  const arns = writers.map((writer) => writer.roleArn);
  return { AWS: arns.length === 1 ? arns[0] : arns };
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
  return {
    Sid: "DenyWriterPutWithoutIfNoneMatch",
    Effect: "Deny",
    Principal: writersPrincipal(writers),
    Action: "s3:PutObject",
    Resource: `${bucketArn(bucketName)}/*`,
    Condition: {
      Null: { "s3:if-none-match": "true" },
      Bool: { "s3:ObjectCreationOperation": "true" },
    },
  };
}

/**
 * With BucketOwnerPreferred or ObjectWriter a writer holds s3:PutObjectAcl; S3's ACL policy
 * examples require the canned ACL `bucket-owner-full-control` for this ("Policy examples for
 * ACLs"). Their form, an Allow on s3:PutObject conditioned on `s3:x-amz-acl`, refuses UploadPart
 * and CompleteMultipartUpload, which are authorised as s3:PutObject and take no ACL header (their
 * S3 API references list none), so multipart uploads would fail. So two Denies instead: an ACL change must be exactly that canned ACL (no
 * other canned ACL, no grant list, so no object of B's is ever shared with a third account), and
 * an upload that names a canned ACL must name that one. An upload without any ACL header cannot be
 * told apart from a multipart part by any condition key; the writer always sends it.
 */
export function objectAclDenies(
  bucketName: string,
  writers: readonly WriterRole[],
): PolicyStatement[] {
  const objects = `${bucketArn(bucketName)}/*`;
  const notFullControl = { "s3:x-amz-acl": BUCKET_OWNER_FULL_CONTROL };
  return [
    {
      Sid: "DenyWriterAclChangeButBucketOwnerFullControl",
      Effect: "Deny",
      Principal: writersPrincipal(writers),
      Action: "s3:PutObjectAcl",
      Resource: objects,
      Condition: { StringNotEquals: notFullControl },
    },
    {
      Sid: "DenyWriterUploadWithAnotherAcl",
      Effect: "Deny",
      Principal: writersPrincipal(writers),
      Action: "s3:PutObject",
      Resource: objects,
      // StringNotEquals also holds when the header is absent; Null limits it to a header sent.
      Condition: { StringNotEquals: notFullControl, Null: { "s3:x-amz-acl": "false" } },
    },
  ];
}

/**
 * Account B's side: one Allow per writer role; Denies of every request without TLS, of a writer's
 * write that could overwrite, and, when ACLs are enabled, of any ACL but bucket-owner-full-control.
 */
export function bucketPolicy(target: UploadTarget, writers: readonly WriterRole[]): PolicyDocument {
  if (writers.length === 0) {
    throw new Error("a bucket policy needs at least one writer role");
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
    ],
  };
}
