// The request context AWS would build for one request, as the IAM engine needs it: the caller's
// identity keys (callers.ts), the keys of its credentials, of the time, region and network the
// request comes from, of the service it is sent to, and of the headers it carries. Which keys AWS
// sets is from the IAM User Guide, "AWS global condition context keys" (each key's Availability),
// "Forward access sessions", and the Lambda Developer Guide, "Using source function ARN to control
// function access behavior"; a service key is set only for an action that takes it (the Service
// Authorization Reference, serviceReference.ts). The engine lists a key it does not evaluate as
// ignored, and the proof treats that as a fault of the row.
import { Caller, S3Endpoint } from "./callers";
import { takesKey } from "./serviceReference";

/** Headers an S3 object request carries that bucket policies can condition on. */
export interface ObjectHeaders {
  /** PutObject and CompleteMultipartUpload create the object; CreateMultipartUpload and UploadPart do not. */
  creation?: boolean;
  /** `If-None-Match: *`. */
  ifNoneMatch?: boolean;
  /** The canned ACL in `x-amz-acl`. */
  acl?: string;
  /** An explicit grant instead of a canned ACL, e.g. `x-amz-grant-read: id=<canonical id>`. */
  grant?: { header: AclGrantHeader; grantee: string };
  /** `x-amz-server-side-encryption`, e.g. AES256 or aws:kms; absent, the bucket's default applies. */
  sse?: string;
  /** `x-amz-server-side-encryption-aws-kms-key-id`. */
  sseKmsKeyId?: string;
}

/** The grant headers of PutObject and PutObjectAcl (S3 API Reference). */
export const ACL_GRANT_HEADERS = [
  "x-amz-grant-read",
  "x-amz-grant-read-acp",
  "x-amz-grant-write-acp",
  "x-amz-grant-full-control",
] as const;
export type AclGrantHeader = (typeof ACL_GRANT_HEADERS)[number];

export interface Request {
  action: string;
  resource: string;
  /** The account that owns the resource; S3 ARNs carry none. */
  resourceAccount: string;
  /** The region of the endpoint called: the bucket's for S3, the key's for KMS. */
  region: string;
  secureTransport: boolean;
  headers?: ObjectHeaders;
  /** A KMS call another service makes for the caller, e.g. s3.eu-west-1.amazonaws.com. */
  viaService?: string;
  /** The encryption context of a KMS call, e.g. {"aws:s3:arn": "arn:aws:s3:::bucket"}. */
  encryptionContext?: Record<string, string>;
  /** The VPC endpoint a request goes through, and its VPC; else the caller's own, for S3. */
  throughEndpoint?: S3Endpoint;
  /**
   * Lambda calls with the execution role itself, outside the function: its logs, its failure
   * queue, its network interfaces.
   */
  byLambda?: boolean;
}

export type RequestContext = Record<string, string | string[]>;

/** When every request is made: a fixed instant, so conditions on time are judged the same way. */
const REQUEST_TIME = "2026-11-27T12:00:00Z";
/** When the role session's credentials were issued: Lambda refreshes them within hours. */
const SESSION_ISSUED_AT = "2026-11-27T09:00:00Z";
/** The caller's public address outside a VPC (a documentation address, RFC 5737). */
const PUBLIC_SOURCE_IP = "203.0.113.10";
/** The function's address in its subnet, for a request through a VPC endpoint. */
const VPC_SOURCE_IP = "10.0.1.25";
/** The address of an AWS service calling on the caller's behalf: never the caller's own. */
const AWS_SERVICE_SOURCE_IP = "192.0.2.80";
/** The payload digest a request is signed with; the SDK signs string and Buffer bodies. */
const SIGNED_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/** Milliseconds between signing and S3 receiving a request the SDK just signed. */
const SIGNATURE_AGE_MS = "120";

/** Whether the request's credentials are temporary: a role session, or a service's call for a user. */
function credentialKeys(caller: Caller, request: Request): RequestContext {
  if (caller.credentials === "temporary") {
    return { "aws:MultiFactorAuthPresent": "false", "aws:TokenIssueTime": SESSION_ISSUED_AT };
  }
  // A service calling on a user's behalf does so with temporary credentials, without MFA.
  if (caller.credentials === "long-term" && request.viaService) {
    return { "aws:MultiFactorAuthPresent": "false" };
  }
  return {};
}

/** Where the request comes from: the caller's code, a VPC endpoint, or an AWS service. */
function originKeys(caller: Caller, request: Request): RequestContext {
  if (caller.credentials === "service") return { "aws:ViaAWSService": "false" };
  if (request.viaService) {
    return { "aws:ViaAWSService": "true", "aws:SourceIp": AWS_SERVICE_SOURCE_IP };
  }
  if (request.byLambda) {
    return { "aws:ViaAWSService": "false", "aws:SourceIp": AWS_SERVICE_SOURCE_IP };
  }
  const through =
    request.throughEndpoint ?? (request.action.startsWith("s3:") ? caller.s3Endpoint : undefined);
  if (through) {
    return {
      "aws:ViaAWSService": "false",
      "aws:SourceVpce": through.endpointId,
      "aws:SourceVpc": through.vpcId,
      "aws:VpcSourceIp": VPC_SOURCE_IP,
    };
  }
  return { "aws:ViaAWSService": "false", "aws:SourceIp": PUBLIC_SOURCE_IP };
}

/**
 * lambda:SourceFunctionArn: on every call from the function's execution environment (and the
 * calls services make for those), and on the log writes Lambda makes for the function; not on
 * Lambda's other calls with the role, such as network interfaces or the failure queue.
 */
function functionKeys(caller: Caller, request: Request): RequestContext {
  if (!caller.functionArn) return {};
  if (request.byLambda && !request.action.startsWith("logs:")) return {};
  return { "lambda:SourceFunctionArn": caller.functionArn };
}

/** Keys every S3 request carries: the bucket owner, and how it was signed and sent. */
function s3Keys(request: Request): RequestContext {
  return {
    "s3:ResourceAccount": request.resourceAccount,
    "s3:authType": "REST-HEADER",
    "s3:signatureversion": "AWS4-HMAC-SHA256",
    "s3:signatureAge": SIGNATURE_AGE_MS,
    "s3:x-amz-content-sha256": SIGNED_PAYLOAD_SHA256,
    ...(request.secureTransport ? { "s3:TlsVersion": "1.3" } : {}),
  };
}

/**
 * Keys of a KMS call: the caller's account, and for a call another service makes on the caller's
 * behalf the service (`kms:ViaService`) and the encryption context it sets.
 */
function kmsKeys(caller: Caller, request: Request): RequestContext {
  const context = request.encryptionContext ?? {};
  return {
    "kms:CallerAccount": caller.accountId,
    ...(request.viaService ? { "kms:ViaService": request.viaService } : {}),
    ...Object.fromEntries(
      Object.entries(context).map(([key, value]) => [`kms:EncryptionContext:${key}`, value]),
    ),
    ...(Object.keys(context).length > 0
      ? { "kms:EncryptionContextKeys": Object.keys(context) }
      : {}),
  };
}

/** The service's own keys of the request, those its action takes. */
function serviceKeys(caller: Caller, request: Request): RequestContext {
  const keys = request.action.startsWith("s3:")
    ? s3Keys(request)
    : request.action.startsWith("kms:")
      ? kmsKeys(caller, request)
      : {};
  return Object.fromEntries(Object.entries(keys).filter(([key]) => takesKey(request.action, key)));
}

/** Keys of the headers an object write sends; the conditional header only exists on PutObject. */
function headerKeys(action: string, headers: ObjectHeaders): Record<string, string> {
  const keys: Record<string, string> = {};
  if (action === "s3:PutObject") {
    keys["s3:ObjectCreationOperation"] = String(headers.creation ?? true);
    if (headers.ifNoneMatch) keys["s3:if-none-match"] = "*";
  }
  if (headers.acl !== undefined) keys["s3:x-amz-acl"] = headers.acl;
  if (headers.grant !== undefined) keys[`s3:${headers.grant.header}`] = headers.grant.grantee;
  if (headers.sse !== undefined) keys["s3:x-amz-server-side-encryption"] = headers.sse;
  if (headers.sseKmsKeyId !== undefined) {
    keys["s3:x-amz-server-side-encryption-aws-kms-key-id"] = headers.sseKmsKeyId;
  }
  return keys;
}

export function requestContext(caller: Caller, request: Request): RequestContext {
  return {
    ...caller.keys,
    ...credentialKeys(caller, request),
    ...originKeys(caller, request),
    ...functionKeys(caller, request),
    "aws:CurrentTime": REQUEST_TIME,
    "aws:EpochTime": String(Date.parse(REQUEST_TIME) / 1000),
    "aws:RequestedRegion": request.region,
    "aws:SecureTransport": String(request.secureTransport),
    "aws:ResourceAccount": request.resourceAccount,
    ...serviceKeys(caller, request),
    ...(request.headers ? headerKeys(request.action, request.headers) : {}),
  };
}
