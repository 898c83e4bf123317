// The documents of SSE-KMS with a customer managed key in account B: the key policy, the writer's
// grant on B's keys, and the bucket-policy Deny that keeps uploads on that key.
//
// S3 calls KMS on the writer's behalf, with the writer's identity: kms:GenerateDataKey for a
// PutObject and a CreateMultipartUpload, kms:Decrypt for UploadPart and CompleteMultipartUpload,
// which read the encrypted parts (S3 User Guide, "Multipart upload API and permissions"; AWS
// re:Post "s3-large-file-encryption-kms-key"). Across accounts both the key policy and the
// writer's identity policy must allow each call. S3 makes them with `kms:ViaService` =
// `s3.<bucket region>.amazonaws.com`, and with an S3 Bucket Key the encryption context is the
// bucket's ARN, not the object's (S3 User Guide, "Configuring your bucket to use an S3 Bucket Key
// with SSE-KMS for new objects").
import {
  ConditionBlock,
  POLICY_VERSION,
  PolicyDocument,
  PolicyStatement,
  UploadTarget,
  WriterRole,
  bucketArn,
  writerObjectDeny,
  writerSid,
} from "./policyBasics";

/** The KMS actions S3 needs on the writer's behalf for PutObject and multipart uploads. */
const KMS_UPLOAD_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

/** The encryption-context key S3 sets: the bucket ARN with a Bucket Key, else the object ARN. */
const S3_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:aws:s3:arn";

/** The service name S3 calls KMS with, in the bucket's region. */
export function s3ViaService(bucketRegion: string): string {
  return `s3.${bucketRegion}.amazonaws.com`;
}

/** Only through S3 in the bucket's region, and only for this bucket's objects. */
function keyUseThroughS3(target: UploadTarget): ConditionBlock {
  return {
    StringEquals: {
      "kms:ViaService": s3ViaService(regionOf(target)),
      [S3_ENCRYPTION_CONTEXT_KEY]: bucketArn(target.bucketName),
    },
  };
}

function regionOf(target: UploadTarget): string {
  if (!target.bucketRegion) {
    throw new Error("SSE-KMS documents need the bucket's region (bucketRegion)");
  }
  return target.bucketRegion;
}

/**
 * Account A's grant: the writer does not know B's key ARN when A is deployed (A first, then B),
 * so it may use any key of account B in the bucket's region, but only as S3 uses it for this
 * bucket. The key policy in B names the key and the role; both must allow.
 */
export function writerKeyUseStatement(target: UploadTarget): PolicyStatement {
  return {
    Sid: "UseBucketKeyThroughS3",
    Effect: "Allow",
    Action: KMS_UPLOAD_ACTIONS,
    Resource: `arn:aws:kms:${regionOf(target)}:${target.bucketAccountId}:key/*`,
    Condition: keyUseThroughS3(target),
  };
}

/**
 * AWS's default key policy statement: the key's own account root with kms:*, which lets IAM
 * policies in account B govern the key (AWS KMS Developer Guide, "Default key policy": "Allows
 * access to the AWS account and enables IAM policies"). Without it only the key policy grants
 * access, and a mistake can leave the key unmanageable. It trusts no principal outside B.
 */
export function keyAdministrationStatement(bucketAccountId: string): PolicyStatement {
  return {
    Sid: "AccountBAdministersTheKeyThroughIam",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${bucketAccountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * One statement per writer role: exactly the KMS actions S3 needs, only through S3 for this
 * bucket. A role ARN in a key policy is stored as the role's unique id, like in a bucket policy,
 * so the Sid carries that id and a recreated role rewrites the policy.
 */
export function keyUserStatements(
  target: UploadTarget,
  writers: readonly WriterRole[],
): PolicyStatement[] {
  return writers.map((writer, index) => ({
    Sid: writerSid("AllowBucketKeyUseBy", writer, index),
    Effect: "Allow",
    Principal: { AWS: writer.roleArn },
    Action: KMS_UPLOAD_ACTIONS,
    Resource: "*",
    Condition: keyUseThroughS3(target),
  }));
}

/** The policy of the key the bucket stack creates; for an existing key, its statements to add. */
export function keyPolicy(target: UploadTarget, writers: readonly WriterRole[]): PolicyDocument {
  if (writers.length === 0) throw new Error("a key policy needs at least one writer role");
  return {
    Version: POLICY_VERSION,
    Statement: [
      keyAdministrationStatement(target.bucketAccountId),
      ...keyUserStatements(target, writers),
    ],
  };
}

/**
 * Uploads stay on B's key. The writer sends no encryption header, so the bucket's default (B's
 * key with a Bucket Key) applies to a PutObject and to a multipart upload, whose parts carry no
 * header at all. A request that does name an encryption must name B's key: `AES256` would skip
 * the key, `aws:kms` without a key id uses the AWS managed key aws/s3, and another key id could be
 * a key B does not control. The condition key holds the key ARN (S3 User Guide, "Requiring
 * SSE-KMS for all objects written to a bucket"); the Null guard spares requests without the header.
 */
export function uploadKeyDeny(
  bucketName: string,
  writers: readonly WriterRole[],
  keyArn: string,
): PolicyStatement {
  return writerObjectDeny(
    "DenyWriterUploadEncryptedOtherwise",
    "s3:PutObject",
    bucketName,
    writers,
    {
      Null: { "s3:x-amz-server-side-encryption": "false" },
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn },
    },
  );
}
