// Typed errors the function throws. A thrown error (never a 500 body) makes Lambda retry an
// asynchronous invocation (twice by default: three attempts in all) and then hand the event to
// the on-failure destination. Upload errors carry the S3 error code, whether the write can have
// happened, and a hint naming what to check.
import { VARIABLES } from "./config";
import { Delivery, REQUEST_BUILD_CODES, deliveries } from "./delivery";

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
  /** "unknown" when any attempt may have reached S3 unanswered; else how the last one ended. */
  delivery: Delivery;
}

/** S3 answered with an error. */
export class UploadError extends Error {
  override readonly name: string = "UploadError";
  readonly code: string;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly hint: string;
  /** True when calling again with the same key is safe and may succeed. */
  readonly retryable: boolean;

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
    this.retryable = isRetryable(failure);
  }
}

/** No request reached S3, so nothing was written; retrying is safe. */
export class NotReachedError extends UploadError {
  override readonly name = "NotReachedError";
}

/** A request was sent and no answer came back: S3 may have stored the object. Retryable. */
export class OutcomeUnknownError extends UploadError {
  override readonly name = "OutcomeUnknownError";
}

/** The error class that says what `error` (thrown by the SDK) means for the object. */
export function uploadError(error: unknown, context: FailureContext): UploadError {
  const failure = s3Failure(error);
  if (failure.delivery === "unknown") return new OutcomeUnknownError(failure, context, error);
  if (failure.delivery === "not-reached") return new NotReachedError(failure, context, error);
  return new UploadError(failure, context, error);
}

/** Reads the S3 error code (or network error code), HTTP status and attempts of an error. */
export function s3Failure(error: unknown): S3Failure {
  const attempts = deliveries(error);
  const delivery = attempts.includes("unknown") ? "unknown" : attempts[attempts.length - 1];
  if (!(error instanceof Error)) return { code: "UnknownError", message: String(error), delivery };
  const metadata = "$metadata" in error ? asRecord(error.$metadata) : {};
  const systemCode = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const isServiceError = "$fault" in error;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return {
    code: isServiceError ? error.name : (systemCode ?? error.name),
    message: `${error.message}${cause}`,
    httpStatus: numberOrUndefined(metadata.httpStatusCode),
    attempts: numberOrUndefined(metadata.attempts),
    requestId: typeof metadata.requestId === "string" ? metadata.requestId : undefined,
    delivery,
  };
}

const RETRYABLE_CODES = ["SlowDown", "RequestTimeout", "ConditionalRequestConflict"];

function isRetryable(failure: S3Failure): boolean {
  if (REQUEST_BUILD_CODES.includes(failure.code)) return false;
  if (failure.delivery !== "answered") return true;
  const status = failure.httpStatus ?? 0;
  return status >= 500 || status === 429 || RETRYABLE_CODES.includes(failure.code);
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
const SAFE_RETRY =
  `Retrying with the same key is safe: the write carries If-None-Match: *, so a retry either ` +
  `stores the object or finds it stored.`;

export function hintFor(failure: S3Failure, context: FailureContext): string {
  const { code } = failure;
  const { bucket, prefix, expectedBucketOwner } = context;
  if (CREDENTIAL_CODES.includes(code)) {
    return (
      `The request's credentials were refused. Lambda supplies the execution role's credentials: ` +
      `do not set AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY in the function's environment.`
    );
  }
  const actions = context.objectAcl ? "s3:PutObject and s3:PutObjectAcl" : "s3:PutObject";
  const vpc =
    `A Lambda in a VPC needs an S3 gateway endpoint (or a NAT gateway) on its subnets' route ` +
    `tables, and the endpoint policy must allow ${actions} on arn:aws:s3:::${bucket}/${prefix}*.`;
  if (REQUEST_BUILD_CODES.includes(code)) {
    return (
      `The SDK could not build the request (${code}), so nothing was sent. Check the endpoint ` +
      `the function is pointed at (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL: unset them to use ` +
      `S3's own) and the content type and metadata of the upload; retrying does not help.`
    );
  }
  if (failure.delivery === "not-reached") {
    return `S3 could not be reached, so nothing was written. ${vpc} The failure is retryable.`;
  }
  if (failure.delivery === "unknown") {
    return (
      `The request was sent and no answer came back in time (connection reset, timeout or the ` +
      `function's deadline), so S3 may have stored the object. ${SAFE_RETRY} If this repeats, ` +
      `S3 is slow or unreachable: ${vpc}`
    );
  }
  if (code === "AccessDenied") {
    const acl = context.objectAcl
      ? ` (5) ${VARIABLES.objectAcl} is set, so both policies must also allow s3:PutObjectAcl.`
      : "";
    return (
      `Check, in order: (1) account B's bucket policy allows s3:PutObject with this function's ` +
      `execution role ARN exactly as the Principal (a deleted and recreated role needs the policy ` +
      `written again); (2) the role's identity policy in account A allows s3:PutObject on ` +
      `arn:aws:s3:::${bucket}/${prefix}* (the Resource needs the "/*") for s3:ResourceAccount ` +
      `${expectedBucketOwner}; (3) ${VARIABLES.bucket} "${bucket}" is the intended bucket; ` +
      `(4) ${VARIABLES.expectedBucketOwner} ${expectedBucketOwner} is the account that owns it ` +
      `(a mismatch is also answered AccessDenied).${acl} In a VPC, the S3 gateway endpoint's ` +
      `policy is a third gate: it must allow ${actions} on arn:aws:s3:::${bucket}/${prefix}* ` +
      `for the role. With SSE-KMS, B's key policy and the role's identity policy must both allow ` +
      `kms:GenerateDataKey and kms:Decrypt (multipart uploads) through S3 ` +
      `(kms:ViaService s3.<bucket's region>.amazonaws.com) with the bucket's encryption context ` +
      `(kms:EncryptionContext:aws:s3:arn arn:aws:s3:::${bucket}).`
    );
  }
  if (code === "AccessControlListNotSupported") {
    return (
      `The bucket's Object Ownership is BucketOwnerEnforced, which disables ACLs: remove ` +
      `${VARIABLES.objectAcl} from the function's environment (account B owns every object anyway).`
    );
  }
  if (code === "PreconditionFailed") {
    return (
      `An object already exists at this key; If-None-Match: * kept it intact. If an earlier call ` +
      `stored this same content under this key (e.g. an invocation Lambda retried), it is already ` +
      `there: pass idempotentKey: true when the key names this content alone. Otherwise choose ` +
      `a key that is not in use.`
    );
  }
  if (code === "ConditionalRequestConflict") {
    return `Another conditional write to this key was in progress. ${SAFE_RETRY}`;
  }
  if (code === "NoSuchBucket") {
    return `Bucket "${bucket}" does not exist: check ${VARIABLES.bucket}.`;
  }
  if (REGION_CODES.includes(code)) {
    return `Bucket "${bucket}" is in another region than the client's; check ${VARIABLES.bucket}.`;
  }
  if (isRetryable(failure)) {
    return (
      `S3 stayed unavailable through the SDK's retries and did not store the object; the ` +
      `invocation fails so that Lambda's retries and the on-failure destination keep the event.`
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
