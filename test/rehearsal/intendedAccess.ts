// What one upload link is meant to allow, described once: who writes, where, with which actions
// and headers. Every row of the access proof is generated from this description, so a row cannot
// drift from the link it proves, and documents from a file are proven exactly like planned ones.
import {
  WriterResources,
  bucketArn,
  requiredObjectAcl,
  uploadActions,
} from "../../components/policies";
import { s3ViaService } from "../../components/kmsPolicies";
import { NetworkInterfaceScope } from "../../components/networkPolicies";
import { ObjectOwnership } from "../../components/validation";
import { ObjectHeaders, Request } from "./requestContext";

/** The region taken for a bucket whose region a --prove file does not give. */
const DEFAULT_BUCKET_REGION = "us-east-1";

/**
 * The documents of one link; the trust policy is optional for documents from a file. The key
 * policy comes with SSE-KMS, the endpoint policy with a function in a VPC.
 */
export interface LinkPolicies {
  trustPolicy?: unknown;
  identityPolicy: unknown;
  bucketPolicy: unknown;
  keyPolicy?: unknown;
  endpointPolicy?: unknown;
}

/** SSE-KMS: the bucket's key in account B, in the bucket's region. */
export interface LinkKey {
  keyArn: string;
}

/** A function in a VPC: the S3 gateway endpoint its requests go through. */
export interface LinkVpc {
  vpcId: string;
  endpointId: string;
  /** The function's network interfaces, when known (planned stacks). */
  network?: NetworkInterfaceScope;
}

export interface LinkDescription {
  roleArn: string;
  /** AROA...; policies may name it through aws:userid. */
  roleUniqueId: string;
  /** The session name Lambda gives the role: the function name. */
  sessionName: string;
  bucketName: string;
  prefix: string;
  bucketAccountId: string;
  objectOwnership: ObjectOwnership;
  /** The bucket's region; with SSE-KMS the key's, else DEFAULT_BUCKET_REGION when not given. */
  bucketRegion?: string;
  /** The writer function's ARN; when not given, the function is taken to run in the bucket's region. */
  functionArn?: string;
  /** Account A's own resources the role writes to, when known. */
  writerResources?: WriterResources;
  kms?: LinkKey;
  vpc?: LinkVpc;
}

export interface IntendedAccess extends LinkDescription {
  partition: string;
  writerAccountId: string;
  bucketArn: string;
  bucketRegion: string;
  functionArn: string;
  /** The actions the writer needs on objects under the prefix, and no others. */
  actions: string[];
  /** The canned ACL every upload names, when the bucket's ownership mode enables ACLs. */
  objectAcl?: string;
}

export function intendedAccess(link: LinkDescription): IntendedAccess {
  const [, partition, , , writerAccountId] = link.roleArn.split(":");
  const bucketRegion = link.bucketRegion ?? link.kms?.keyArn.split(":")[3] ?? DEFAULT_BUCKET_REGION;
  return {
    ...link,
    partition,
    writerAccountId,
    bucketArn: bucketArn(link.bucketName).replace("arn:aws:", `arn:${partition}:`),
    bucketRegion,
    functionArn:
      link.functionArn ??
      `arn:${partition}:lambda:${bucketRegion}:${writerAccountId}:function:${link.sessionName}`,
    actions: uploadActions(link.objectOwnership),
    objectAcl: requiredObjectAcl(link.objectOwnership),
  };
}

/** One kind of request, e.g. the part upload of a multipart upload. */
export interface Operation {
  name: string;
  action: string;
  headers?: ObjectHeaders;
  /** What else the request carries, e.g. the KMS context of a call S3 makes. */
  request?: Partial<Request>;
}

/**
 * The requests behind the intended actions, with the headers the Lambda sends: a PutObject, and
 * the three requests of a multipart upload, all authorised as s3:PutObject. lib-storage's Upload
 * hands its parameters to each request and each keeps the members it has: the ACL reaches
 * CreateMultipartUpload, If-None-Match reaches CompleteMultipartUpload, UploadPart takes neither.
 */
export function writerOperations(intended: IntendedAccess): Operation[] {
  const acl = intended.objectAcl;
  return intended.actions.flatMap((action): Operation[] => {
    switch (action) {
      case "s3:PutObject":
        return [
          { name: "PutObject", action, headers: { creation: true, ifNoneMatch: true, acl } },
          { name: "CreateMultipartUpload", action, headers: { creation: false, acl } },
          { name: "UploadPart", action, headers: { creation: false } },
          {
            name: "CompleteMultipartUpload",
            action,
            headers: { creation: true, ifNoneMatch: true },
          },
        ];
      case "s3:PutObjectAcl":
        return [{ name: "PutObjectAcl", action, headers: { acl } }];
      default:
        return [{ name: action.replace(/^s3:/, ""), action }];
    }
  });
}

/** The intended upload itself: a PutObject as the Lambda sends it. */
export function upload(intended: IntendedAccess): Operation {
  const put = writerOperations(intended).find((operation) => operation.name === "PutObject");
  if (!put) throw new Error("the intended actions of a link must include s3:PutObject");
  return put;
}

/** The call S3 makes to KMS for each writer request under SSE-KMS (see kmsPolicies.ts). */
const KMS_CALL_OF: Record<string, string> = {
  PutObject: "kms:GenerateDataKey",
  CreateMultipartUpload: "kms:GenerateDataKey",
  UploadPart: "kms:Decrypt",
  CompleteMultipartUpload: "kms:Decrypt",
};

/** A KMS call as S3 makes it for this bucket: through S3 in the bucket's region. */
export function throughS3(intended: IntendedAccess, action: string, name: string): Operation {
  return {
    name,
    action,
    request: {
      viaService: s3ViaService(intended.bucketRegion),
      encryptionContext: { "aws:s3:arn": intended.bucketArn },
    },
  };
}

/** The KMS calls S3 makes with the writer's identity, one per writer request that needs one. */
export function kmsOperations(intended: IntendedAccess): Operation[] {
  if (!intended.kms) return [];
  return writerOperations(intended).flatMap((operation) => {
    const action = KMS_CALL_OF[operation.name];
    if (!action) return [];
    return [throughS3(intended, action, `${action.slice(4)} for ${operation.name}`)];
  });
}
