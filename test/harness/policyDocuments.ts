// Documents the pack's specs and benchmarks share: the cross-account upload guide's own (bucket
// policy of Step 2, identity policy of Step 3), the project's own from components/policies.ts, and
// a key and an endpoint policy in the form AWS documents them.
import { bucketPolicy, UploadTarget, writerRolePolicy } from "../../components/policies";

export const GUIDE_BUCKET = "my-target-bucket";
export const ACCOUNT_A = "123456789012";
export const ACCOUNT_B = "222222222222";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT_A}:role/my-lambda-execution-role`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT_A}:root`;
export const BUCKET_ARN = `arn:aws:s3:::${GUIDE_BUCKET}`;
export const OBJECTS_ARN = `${BUCKET_ARN}/*`;

export type Statement = Record<string, unknown>;
export type Document = Record<string, unknown>;

export function policyDocument(...statements: Statement[]): Document {
  return { Version: "2012-10-17", Statement: statements };
}

/** The guide's Step 2 statement: Account A's Lambda execution role may upload. */
export const GUIDE_UPLOAD_STATEMENT: Statement = {
  Sid: "AllowCrossAccountUpload",
  Effect: "Allow",
  Principal: { AWS: ROLE_ARN },
  Action: ["s3:PutObject", "s3:PutObjectAcl"],
  Resource: OBJECTS_ARN,
};

export const TLS_DENY_STATEMENT: Statement = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET_ARN, OBJECTS_ARN],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** The guide's bucket policy (Step 2), with `changes` applied to its one statement. */
export function guideBucketPolicy(changes: Statement = {}): Document {
  return policyDocument({ ...GUIDE_UPLOAD_STATEMENT, ...changes });
}

/** The guide's Account A policy (Step 3), with `changes` applied to its one statement. */
export function guideIdentityPolicy(changes: Statement = {}): Document {
  return policyDocument({
    Sid: "AllowUploadToAccountBBucket",
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:PutObjectAcl"],
    Resource: OBJECTS_ARN,
    ...changes,
  });
}

/**
 * A key policy in the shape of KMS's default key policy: account B's root administers the key,
 * and the writer role may use it through S3 only; `changes` apply to the writer's statement.
 */
export function sampleKeyPolicy(changes: Statement = {}): Document {
  return policyDocument(
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AllowWriterThroughS3",
      Effect: "Allow",
      Principal: { AWS: ROLE_ARN },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      ...changes,
    },
  );
}

/** A gateway endpoint policy that lets the VPC upload to one bucket; `changes` apply to it. */
export function sampleEndpointPolicy(changes: Statement = {}): Document {
  return policyDocument({
    Sid: "AllowUploadsToTheTargetBucket",
    Effect: "Allow",
    Principal: "*",
    Action: ["s3:PutObject", "s3:PutObjectAcl"],
    Resource: OBJECTS_ARN,
    ...changes,
  });
}

const PROJECT_TARGET: UploadTarget = {
  bucketName: GUIDE_BUCKET,
  prefix: "uploads/",
  bucketAccountId: ACCOUNT_B,
  objectOwnership: "BucketOwnerEnforced",
};

/** The project's own bucket policy for one writer role. */
export function projectBucketPolicy(): Document {
  return { ...bucketPolicy(PROJECT_TARGET, [{ roleArn: ROLE_ARN }]) };
}

/** The project's own identity policy of the writer role. */
export function projectWriterPolicy(): Document {
  return {
    ...writerRolePolicy(PROJECT_TARGET, {
      logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT_A}:log-group:/aws/lambda/uploader`,
      failureQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT_A}:uploader-failures`,
    }),
  };
}
