// Plausible bugs in the link's policies, each a small edit of the planned documents: what a person
// copying from a guide, widening a grant "for now" or tidying a statement might do. The mutation
// spec proves that the pack or the access proof catches every one.
import { bucketArn } from "../../components/policies";
import {
  OBJECT_OWNERSHIP_MODES,
  ObjectOwnership,
  roleArnAccountId,
} from "../../components/validation";
import { LinkDescription } from "./intendedAccess";
import { strangerAccount } from "./rowSubjects";

export type Statement = Record<string, unknown>;

export interface Document {
  Statement: Statement[];
}

export interface Documents {
  trustPolicy: Document;
  identityPolicy: Document;
  bucketPolicy: Document;
  /** With SSE-KMS. */
  keyPolicy?: Document;
  /** With a function in a VPC. */
  endpointPolicy?: Document;
}

/** The planned link a mutation edits: a fixture of stack files under test/fixtures/stacks. */
export type MutatedLink = "example" | "sse-kms-vpc";

export interface Mutation {
  name: string;
  /** The ownership mode whose planned documents it edits. */
  mode: ObjectOwnership;
  link: MutatedLink;
  /** Edits a copy of the documents in place. */
  apply(documents: Documents, link: LinkDescription): void;
}

export function bySid(document: Document | undefined, sid: string): Statement {
  const found = document?.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`the planned document has no statement ${sid}`);
  return found;
}

export function drop(document: Document | undefined, sid: string): void {
  document?.Statement.splice(document.Statement.indexOf(bySid(document, sid)), 1);
}

/** The identity policy's upload statement. */
const upload = (d: Documents) => bySid(d.identityPolicy, "PutObjectsUnderTargetPrefix");
/** The bucket policy's Allow for the writer role (its Sid carries the role's unique id). */
function writerAllow(d: Documents): Statement {
  const found = d.bucketPolicy.Statement.find((s) => s.Effect === "Allow");
  if (!found) throw new Error("the planned bucket policy has no Allow");
  return found;
}

/** The mode a mutation edits unless it names one: the program's default. */
export const DEFAULT_MODE: ObjectOwnership = OBJECT_OWNERSHIP_MODES[0];

function mutation(
  name: string,
  apply: Mutation["apply"],
  mode: ObjectOwnership = DEFAULT_MODE,
): Mutation {
  return { name, mode, link: "example", apply };
}

export const MUTATIONS: Mutation[] = [
  // Identity policy (account A).
  mutation("identity policy: Action s3:*", (d) => (upload(d).Action = "s3:*")),
  mutation("identity policy: Action s3:Put*", (d) => (upload(d).Action = "s3:Put*")),
  mutation("identity policy: also s3:GetObject, to read uploads back", (d) => {
    upload(d).Action = ["s3:PutObject", "s3:GetObject"];
  }),
  mutation("identity policy: also s3:AbortMultipartUpload, to clean up failed uploads", (d) => {
    upload(d).Action = ["s3:PutObject", "s3:AbortMultipartUpload"];
  }),
  mutation("identity policy: Resource the whole bucket/*", (d, link) => {
    upload(d).Resource = `${bucketArn(link.bucketName)}/*`;
  }),
  mutation("identity policy: Resource *", (d) => (upload(d).Resource = "*")),
  mutation("identity policy: Resource the bucket ARN, no /*", (d, link) => {
    upload(d).Resource = bucketArn(link.bucketName);
  }),
  mutation("identity policy: prefix widened, uploads* without its slash", (d, link) => {
    upload(d).Resource = `${bucketArn(link.bucketName)}/${link.prefix.replace(/\/$/, "")}*`;
  }),
  mutation("identity policy: a typo in the bucket name", (d, link) => {
    upload(d).Resource = `${bucketArn(link.bucketName)}x/${link.prefix}*`;
  }),
  mutation("identity policy: no s3:ResourceAccount condition", (d) => delete upload(d).Condition),
  mutation("identity policy: s3:ResourceAccount names account A", (d, link) => {
    upload(d).Condition = {
      StringEquals: { "s3:ResourceAccount": roleArnAccountId(link.roleArn) },
    };
  }),
  mutation("identity policy: log Resource without :*", (d) => {
    const logs = bySid(d.identityPolicy, "WriteOwnLogs");
    logs.Resource = String(logs.Resource).replace(/:\*$/, "");
  }),
  mutation("identity policy: logs on every log group", (d) => {
    bySid(d.identityPolicy, "WriteOwnLogs").Resource = "*";
  }),
  mutation("identity policy: failure-queue statement dropped", (d) => {
    drop(d.identityPolicy, "KeepFailedEvents");
  }),
  mutation("identity policy: sqs:* on the failure queue", (d) => {
    bySid(d.identityPolicy, "KeepFailedEvents").Action = "sqs:*";
  }),

  // Bucket policy (account B): who, what, where.
  mutation("bucket policy: Action s3:* for the role", (d) => (writerAllow(d).Action = "s3:*")),
  mutation("bucket policy: Action s3:PutObject*", (d) => (writerAllow(d).Action = "s3:PutObject*")),
  mutation("bucket policy: the role may also GetObject and DeleteObject", (d) => {
    writerAllow(d).Action = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"];
  }),
  mutation("bucket policy: the role may also DeleteObjectVersion, to undo bad uploads", (d) => {
    writerAllow(d).Action = ["s3:PutObject", "s3:DeleteObjectVersion"];
  }),
  mutation("bucket policy: Resource the whole bucket/*", (d, link) => {
    writerAllow(d).Resource = `${bucketArn(link.bucketName)}/*`;
  }),
  mutation("bucket policy: Resource the bucket ARN, no /*", (d, link) => {
    writerAllow(d).Resource = bucketArn(link.bucketName);
  }),
  mutation("bucket policy: prefix widened, uploads* without its slash", (d, link) => {
    writerAllow(d).Resource = `${bucketArn(link.bucketName)}/${link.prefix.replace(/\/$/, "")}*`;
  }),
  mutation("bucket policy: Principal account A's root", (d, link) => {
    writerAllow(d).Principal = { AWS: `arn:aws:iam::${roleArnAccountId(link.roleArn)}:root` };
  }),
  mutation("bucket policy: Principal account A's bare id", (d, link) => {
    writerAllow(d).Principal = { AWS: roleArnAccountId(link.roleArn) };
  }),
  mutation("bucket policy: Principal * pinned to account A", (d, link) => {
    const allow = writerAllow(d);
    allow.Principal = { AWS: "*" };
    allow.Condition = { StringEquals: { "aws:PrincipalAccount": roleArnAccountId(link.roleArn) } };
  }),
  mutation("bucket policy: Principal * with no condition", (d) => {
    writerAllow(d).Principal = "*";
  }),
  mutation(
    "bucket policy: an extra principal, the same role name in a third account",
    (d, link) => {
      const a = roleArnAccountId(link.roleArn) ?? "";
      const stranger = link.roleArn.replace(a, strangerAccount(a, link.bucketAccountId));
      writerAllow(d).Principal = { AWS: [link.roleArn, stranger] };
    },
  ),
  mutation("bucket policy: NotPrincipal instead of Principal", (d) => {
    const allow = writerAllow(d);
    allow.NotPrincipal = allow.Principal;
    delete allow.Principal;
  }),
  mutation("bucket policy: Principal a typo of the role's name", (d, link) => {
    writerAllow(d).Principal = { AWS: `${link.roleArn}-typo` };
  }),

  // Bucket policy: hardening.
  mutation("bucket policy: TLS Deny dropped", (d) => drop(d.bucketPolicy, "DenyInsecureTransport")),
  mutation("bucket policy: TLS Deny on bucket/* only, not the bucket ARN", (d, link) => {
    bySid(d.bucketPolicy, "DenyInsecureTransport").Resource = `${bucketArn(link.bucketName)}/*`;
  }),
  mutation("bucket policy: TLS Deny with SecureTransport true", (d) => {
    bySid(d.bucketPolicy, "DenyInsecureTransport").Condition = {
      Bool: { "aws:SecureTransport": "true" },
    };
  }),
  mutation("bucket policy: no-overwrite Deny dropped", (d) => {
    drop(d.bucketPolicy, "DenyWriterPutWithoutIfNoneMatch");
  }),
  mutation("bucket policy: naive no-overwrite Deny, without s3:ObjectCreationOperation", (d) => {
    bySid(d.bucketPolicy, "DenyWriterPutWithoutIfNoneMatch").Condition = {
      Null: { "s3:if-none-match": "true" },
    };
  }),
  mutation("bucket policy: no-overwrite Deny with s3:ObjectCreationOperation false", (d) => {
    bySid(d.bucketPolicy, "DenyWriterPutWithoutIfNoneMatch").Condition = {
      Null: { "s3:if-none-match": "true" },
      Bool: { "s3:ObjectCreationOperation": "false" },
    };
  }),
  mutation("bucket policy: no-overwrite Deny for every principal, B's admins too", (d) => {
    bySid(d.bucketPolicy, "DenyWriterPutWithoutIfNoneMatch").Principal = "*";
  }),
  mutation(
    "bucket policy: a Deny of every object request but the writer's, B's admins too",
    (d, link) => {
      d.bucketPolicy.Statement.push({
        Sid: "OnlyTheWriter",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: `${bucketArn(link.bucketName)}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": link.roleArn } },
      });
    },
  ),
  mutation(
    "bucket policy: ACL Denies dropped",
    (d) => {
      drop(d.bucketPolicy, "DenyWriterAclChangeButBucketOwnerFullControl");
      drop(d.bucketPolicy, "DenyWriterUploadWithAnotherAcl");
    },
    "BucketOwnerPreferred",
  ),
  mutation(
    "bucket policy: ACL-change Deny dropped",
    (d) => drop(d.bucketPolicy, "DenyWriterAclChangeButBucketOwnerFullControl"),
    "ObjectWriter",
  ),
  mutation(
    "bucket policy: upload-ACL Deny dropped",
    (d) => drop(d.bucketPolicy, "DenyWriterUploadWithAnotherAcl"),
    "ObjectWriter",
  ),
  mutation(
    "bucket policy: upload-ACL Deny without its Null guard",
    (d) => {
      bySid(d.bucketPolicy, "DenyWriterUploadWithAnotherAcl").Condition = {
        StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
      };
    },
    "BucketOwnerPreferred",
  ),
  mutation(
    "bucket policy: the canned ACL required on the Allow, as the S3 guide's example does",
    (d) => {
      drop(d.bucketPolicy, "DenyWriterUploadWithAnotherAcl");
      drop(d.bucketPolicy, "DenyWriterAclChangeButBucketOwnerFullControl");
      writerAllow(d).Condition = {
        StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
      };
    },
    "ObjectWriter",
  ),

  // Trust policy.
  mutation("trust policy: account A's root may assume the role", (d, link) => {
    bySid(d.trustPolicy, "LambdaAssumesRole").Principal = {
      Service: "lambda.amazonaws.com",
      AWS: `arn:aws:iam::${roleArnAccountId(link.roleArn)}:root`,
    };
  }),
  mutation("trust policy: EC2 may assume the role too", (d) => {
    bySid(d.trustPolicy, "LambdaAssumesRole").Principal = {
      Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"],
    };
  }),
];
