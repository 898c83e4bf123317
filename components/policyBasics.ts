// The shapes every policy document of the link shares, and the ARNs they name. The document
// families (policies.ts for S3 access, kmsPolicies.ts for the bucket's key, networkPolicies.ts for
// the function's network interfaces) build on this module and never on each other's internals.
import { Encryption, ObjectOwnership } from "./validation";

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
  /** How the bucket encrypts new objects; "sse-s3" when absent. */
  encryption?: Encryption;
  /** The bucket's region. SSE-KMS needs it: a KMS key and `kms:ViaService` are regional. */
  bucketRegion?: string;
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

export function bucketArn(bucketName: string): string {
  return `arn:aws:s3:::${bucketName}`;
}

/** The only objects a writer may create: `arn:aws:s3:::<bucket>/<prefix>*`. */
export function uploadObjectArn(target: UploadTarget): string {
  return `${bucketArn(target.bucketName)}/${target.prefix}*`;
}

/** A per-writer Sid, e.g. AllowUploadByAROA...; it carries the role's unique id when known. */
export function writerSid(prefix: string, writer: WriterRole, index: number): string {
  return `${prefix}${writer.roleUniqueId ?? `Writer${index + 1}`}`;
}

/** The writer roles as one Principal: a single ARN stays a string, as AWS writes it back. */
function writersPrincipal(writers: readonly WriterRole[]): { AWS: string | string[] } {
  const arns = writers.map((writer) => writer.roleArn);
  return { AWS: arns.length === 1 ? arns[0] : arns };
}

/** A Deny of `action` on the bucket's objects to the writer roles, when `condition` holds. */
export function writerObjectDeny(
  sid: string,
  action: string,
  bucketName: string,
  writers: readonly WriterRole[],
  condition: ConditionBlock,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Deny",
    Principal: writersPrincipal(writers),
    Action: action,
    Resource: `${bucketArn(bucketName)}/*`,
    Condition: condition,
  };
}
