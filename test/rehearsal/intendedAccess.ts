// What one upload link is meant to allow, described once: who writes, where, with which actions
// and headers. Every row of the access proof is generated from this description, so a row cannot
// drift from the link it proves, and documents from a file are proven exactly like planned ones.
import {
  WriterResources,
  bucketArn,
  requiredObjectAcl,
  uploadActions,
} from "../../components/policies";
import { ObjectOwnership } from "../../components/validation";
import { ObjectHeaders } from "./requestContext";

/** The documents of one link; the trust policy is optional for documents from a file. */
export interface LinkPolicies {
  trustPolicy?: unknown;
  identityPolicy: unknown;
  bucketPolicy: unknown;
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
  /** Account A's own resources the role writes to, when known. */
  writerResources?: WriterResources;
}

export interface IntendedAccess extends LinkDescription {
  partition: string;
  writerAccountId: string;
  bucketArn: string;
  /** The actions the writer needs on objects under the prefix, and no others. */
  actions: string[];
  /** The canned ACL every upload names, when the bucket's ownership mode enables ACLs. */
  objectAcl?: string;
}

export function intendedAccess(link: LinkDescription): IntendedAccess {
  const [, partition, , , writerAccountId] = link.roleArn.split(":");
  return {
    ...link,
    partition,
    writerAccountId,
    bucketArn: bucketArn(link.bucketName).replace("arn:aws:", `arn:${partition}:`),
    actions: uploadActions(link.objectOwnership),
    objectAcl: requiredObjectAcl(link.objectOwnership),
  };
}

/** One kind of request, e.g. the part upload of a multipart upload. */
export interface Operation {
  name: string;
  action: string;
  headers?: ObjectHeaders;
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
