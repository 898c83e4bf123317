// Typed errors the function throws. A thrown error (never a 500 body) makes Lambda retry an
// asynchronous invocation and then hand the event to the on-failure destination. Upload errors
// carry the S3 error code and a hint from the troubleshooting list of the guide this grew from.

/** The caller sent something this function cannot write; nothing was written. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  readonly statusCode = 400;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What was being written where, so a hint can name the exact grant or setting to check. */
export interface FailureContext {
  operation: string;
  bucket: string;
  key: string;
  prefix: string;
  expectedBucketOwner: string;
  objectAcl?: string;
}

/** What the SDK reports about a failed request, whether S3 answered or the network failed. */
export interface S3Failure {
  code: string;
  message: string;
  httpStatus?: number;
  attempts?: number;
  requestId?: string;
}

export class UploadError extends Error {
  override readonly name = "UploadError";
  readonly code: string;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly hint: string;

  constructor(failure: S3Failure, context: FailureContext, cause: unknown) {
    const hint = hintFor(failure, context);
    const status = failure.httpStatus ? ` (HTTP ${failure.httpStatus})` : "";
    const attempts = failure.attempts ? ` after ${failure.attempts} attempt(s)` : "";
    const requestId = failure.requestId ? ` [S3 request id ${failure.requestId}]` : "";
    super(
      `${context.operation} to s3://${context.bucket}/${context.key} failed${attempts}: ` +
        `${failure.code}${status}: ${failure.message}. ${hint}${requestId}`,
      { cause },
    );
    this.code = failure.code;
    this.httpStatus = failure.httpStatus;
    this.attempts = failure.attempts;
    this.hint = hint;
  }
}

/** Reads the S3 error code (or network error code), HTTP status and attempt count of an error. */
export function s3Failure(error: unknown): S3Failure {
  if (!(error instanceof Error)) return { code: "UnknownError", message: String(error) };
  const metadata = "$metadata" in error ? asRecord(error.$metadata) : {};
  const systemCode = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const isServiceError = "$fault" in error;
  return {
    code: isServiceError ? error.name : (systemCode ?? error.name),
    message: error.message,
    httpStatus: numberOrUndefined(metadata.httpStatusCode),
    attempts: numberOrUndefined(metadata.attempts),
    requestId: typeof metadata.requestId === "string" ? metadata.requestId : undefined,
  };
}

const CREDENTIAL_CODES = [
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "CredentialsProviderError",
];
const REGION_CODES = [
  "PermanentRedirect",
  "AuthorizationHeaderMalformed",
  "IllegalLocationConstraintException",
];
const UNREACHABLE_CODES = [
  "TimeoutError",
  "AbortError",
  "RequestTimeout",
  "ETIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
];
const UNAVAILABLE_CODES = ["SlowDown", "ServiceUnavailable", "InternalError"];

export function hintFor(failure: S3Failure, context: FailureContext): string {
  const { code } = failure;
  const { bucket, prefix, expectedBucketOwner } = context;
  if (code === "AccessDenied") {
    const acl = context.objectAcl
      ? ` (5) OBJECT_ACL is set, so both policies must also allow s3:PutObjectAcl.`
      : "";
    return (
      `Check, in order: (1) account B's bucket policy allows s3:PutObject with this function's ` +
      `execution role ARN exactly as the Principal (a deleted and recreated role needs the policy ` +
      `written again); (2) the role's identity policy in account A allows s3:PutObject on ` +
      `arn:aws:s3:::${bucket}/${prefix}* (the Resource needs the "/*") for s3:ResourceAccount ` +
      `${expectedBucketOwner}; (3) TARGET_BUCKET "${bucket}" is the intended bucket; ` +
      `(4) EXPECTED_BUCKET_OWNER ${expectedBucketOwner} is the account that owns it (a mismatch ` +
      `is also answered AccessDenied).${acl} With SSE-KMS, B's key policy and the role must ` +
      `allow kms:GenerateDataKey (and kms:Decrypt for multipart uploads).`
    );
  }
  if (code === "AccessControlListNotSupported") {
    return (
      `The bucket's Object Ownership is BucketOwnerEnforced, which disables ACLs: remove ` +
      `OBJECT_ACL from the function's environment (account B owns every object anyway).`
    );
  }
  if (code === "PreconditionFailed") {
    return (
      `An object already exists at this key; If-None-Match: * refused to replace it and the ` +
      `existing object is intact. Write under a new key.`
    );
  }
  if (code === "ConditionalRequestConflict") {
    return `Another conditional write to this key was in progress; retrying under a new key is safe.`;
  }
  if (code === "NoSuchBucket") {
    return `Bucket "${bucket}" does not exist: check TARGET_BUCKET.`;
  }
  if (REGION_CODES.includes(code)) {
    return `Bucket "${bucket}" is in another region than the client's; check TARGET_BUCKET.`;
  }
  if (CREDENTIAL_CODES.includes(code)) {
    return (
      `The request's credentials were refused. Lambda supplies the execution role's credentials: ` +
      `do not set AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY in the function's environment.`
    );
  }
  if (UNREACHABLE_CODES.includes(code)) {
    return (
      `S3 could not be reached in time. A Lambda in a VPC needs an S3 gateway endpoint (or a NAT ` +
      `gateway) on its subnets' route tables, and the endpoint policy must allow s3:PutObject on ` +
      `arn:aws:s3:::${bucket}/${prefix}*; outside a VPC, check the function's timeout.`
    );
  }
  if (UNAVAILABLE_CODES.includes(code) || (failure.httpStatus ?? 0) >= 500) {
    return (
      `S3 stayed unavailable through the SDK's retries; the invocation fails so that Lambda's ` +
      `retries and the on-failure destination keep the event.`
    );
  }
  return `See the S3 error code reference for ${code}.`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? { ...value } : {};
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}
