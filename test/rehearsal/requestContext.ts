// The request context AWS would build for one request, as the IAM engine needs it. The engine
// derives nothing from the principal (aws:PrincipalArn, aws:userid, ... are taken as given), so
// each caller carries its principal-derived keys, and each request the headers it sends. Only keys
// AWS evaluates for the action are set: the engine lists any other key as ignored, and the proof
// treats that as a fault of the row.

/** Who makes a request: the principal the engine sees and the keys AWS derives from it. */
export interface Caller {
  /** How rows name it, e.g. "the writer's Lambda session". */
  label: string;
  principal: string;
  accountId: string;
  keys: Record<string, string>;
}

/** Headers an S3 object request carries that bucket policies can condition on. */
export interface ObjectHeaders {
  /** PutObject and CompleteMultipartUpload create the object; CreateMultipartUpload and UploadPart do not. */
  creation?: boolean;
  /** `If-None-Match: *`. */
  ifNoneMatch?: boolean;
  /** The canned ACL in `x-amz-acl`. */
  acl?: string;
  /** `x-amz-server-side-encryption`, e.g. AES256 or aws:kms; absent, the bucket's default applies. */
  sse?: string;
  /** `x-amz-server-side-encryption-aws-kms-key-id`. */
  sseKmsKeyId?: string;
}

export interface Request {
  action: string;
  resource: string;
  /** The account that owns the resource; S3 ARNs carry none. */
  resourceAccount: string;
  secureTransport: boolean;
  headers?: ObjectHeaders;
  /** A KMS call another service makes for the caller, e.g. s3.eu-west-1.amazonaws.com. */
  viaService?: string;
  /** The encryption context of a KMS call, e.g. {"aws:s3:arn": "arn:aws:s3:::bucket"}. */
  encryptionContext?: Record<string, string>;
  /** The VPC endpoint a request goes through, and its VPC. */
  throughEndpoint?: { endpointId: string; vpcId: string };
}

export type RequestContext = Record<string, string | string[]>;

function arnParts(arn: string): { partition: string; accountId: string; resource: string } {
  const [, partition, , , accountId, ...rest] = arn.split(":");
  return { partition, accountId, resource: rest.join(":") };
}

/** An IAM principal: the ARN the engine matches and the keys AWS derives from the identity. */
function iamCaller(
  label: string,
  principal: string,
  principalArn: string,
  type: string,
  userid: string,
  extraKeys: Record<string, string> = {},
): Caller {
  const { accountId } = arnParts(principalArn);
  return {
    label,
    principal,
    accountId,
    keys: {
      "aws:PrincipalArn": principalArn,
      "aws:PrincipalAccount": accountId,
      "aws:PrincipalType": type,
      "aws:userid": userid,
      "aws:PrincipalIsAWSService": "false",
      ...extraKeys,
    },
  };
}

/**
 * A session of an IAM role, as Lambda's assumed role makes every request: aws:PrincipalArn is the
 * role's ARN, aws:userid its unique id and the session name.
 */
export function roleSession(
  label: string,
  roleArn: string,
  roleUniqueId: string,
  sessionName: string,
): Caller {
  const { partition, accountId, resource } = arnParts(roleArn);
  // A session ARN names the role without its path.
  const roleName = resource.split("/").pop() ?? resource;
  const session = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  return iamCaller(label, session, roleArn, "AssumedRole", `${roleUniqueId}:${sessionName}`);
}

export function iamUser(
  label: string,
  partition: string,
  accountId: string,
  name: string,
  uniqueId: string,
): Caller {
  const arn = `arn:${partition}:iam::${accountId}:user/${name}`;
  return iamCaller(label, arn, arn, "User", uniqueId, { "aws:username": name });
}

export function accountRoot(label: string, partition: string, accountId: string): Caller {
  const arn = `arn:${partition}:iam::${accountId}:root`;
  return iamCaller(label, arn, arn, "Account", accountId);
}

export function awsService(service: string): Caller {
  return {
    label: service,
    principal: service,
    accountId: "",
    keys: { "aws:PrincipalIsAWSService": "true", "aws:PrincipalServiceName": service },
  };
}

/** Keys every S3 request carries: the bucket owner, and how it was signed and sent. */
function s3Keys(request: Request): Record<string, string> {
  return {
    "s3:ResourceAccount": request.resourceAccount,
    "s3:authType": "REST-HEADER",
    "s3:signatureversion": "AWS4-HMAC-SHA256",
    ...(request.secureTransport ? { "s3:TlsVersion": "1.3" } : {}),
  };
}

/** Keys of the headers an object write sends; the conditional header only exists on PutObject. */
function headerKeys(action: string, headers: ObjectHeaders): Record<string, string> {
  const keys: Record<string, string> = {};
  if (action === "s3:PutObject") {
    keys["s3:ObjectCreationOperation"] = String(headers.creation ?? true);
    if (headers.ifNoneMatch) keys["s3:if-none-match"] = "*";
  }
  if (headers.acl !== undefined) keys["s3:x-amz-acl"] = headers.acl;
  if (headers.sse !== undefined) keys["s3:x-amz-server-side-encryption"] = headers.sse;
  if (headers.sseKmsKeyId !== undefined) {
    keys["s3:x-amz-server-side-encryption-aws-kms-key-id"] = headers.sseKmsKeyId;
  }
  return keys;
}

/**
 * Keys of a KMS call: the caller's account, and for a call another service makes on the caller's
 * behalf the service (`kms:ViaService`, `aws:ViaAWSService`) and the encryption context it sets.
 */
function kmsKeys(caller: Caller, request: Request): RequestContext {
  const context = request.encryptionContext ?? {};
  return {
    "kms:CallerAccount": caller.accountId,
    "aws:ViaAWSService": String(request.viaService !== undefined),
    ...(request.viaService ? { "kms:ViaService": request.viaService } : {}),
    ...Object.fromEntries(
      Object.entries(context).map(([key, value]) => [`kms:EncryptionContext:${key}`, value]),
    ),
    ...(Object.keys(context).length > 0
      ? { "kms:EncryptionContextKeys": Object.keys(context) }
      : {}),
  };
}

/** A request through a VPC endpoint carries the endpoint's and the VPC's ids. */
function endpointKeys(request: Request): RequestContext {
  const through = request.throughEndpoint;
  return through ? { "aws:SourceVpce": through.endpointId, "aws:SourceVpc": through.vpcId } : {};
}

export function requestContext(caller: Caller, request: Request): RequestContext {
  const s3 = request.action.startsWith("s3:");
  return {
    ...caller.keys,
    "aws:SecureTransport": String(request.secureTransport),
    "aws:ResourceAccount": request.resourceAccount,
    ...(s3 ? s3Keys(request) : {}),
    ...(s3 && request.headers ? headerKeys(request.action, request.headers) : {}),
    ...(request.action.startsWith("kms:") ? kmsKeys(caller, request) : {}),
    ...endpointKeys(request),
  };
}
