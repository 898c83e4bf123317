// Every IAM document of the upload link, written once. The two stacks, the tests, the policy
// pack's dogfood test and the offline access proof all import these functions, so account A's
// grant and account B's grant are always derived from the same link description.
import { BUCKET_OWNER_FULL_CONTROL } from "../lambda/validation";
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
        // A bucket of the same name in any other account never receives our data.
        Condition: { StringEquals: { "s3:ResourceAccount": target.bucketAccountId } },
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

/** Account B's side: one Allow per writer role, and a Deny of every request without TLS. */
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
  const arn = bucketArn(target.bucketName);
  return {
    Version: POLICY_VERSION,
    Statement: [
      ...writerStatements,
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
