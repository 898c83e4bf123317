// Turns failed hardening rows into advice: what is missing, the rows that showed it, and the
// change to make: statements to add, written by components/policies.ts as the planned stacks'
// documents are, or a change to the statements that granted the rows.
import {
  ConditionBlock,
  PolicyStatement,
  WriterRole,
  bucketOwnerCondition,
  insecureTransportDeny,
  objectAclDenies,
  overwriteDeny,
} from "../../components/policies";
import { uploadKeyDeny } from "../../components/kmsPolicies";
import { Control } from "./accessCase";
import { AccessRow } from "./evaluateRow";
import { LinkDescription } from "./intendedAccess";

export type DocumentName = "bucket policy" | "identity policy";

/** A statement of one of the documents, by Sid or `Statement[<index>]`. */
export interface StatementRef {
  document: DocumentName;
  statement: string;
}

export interface Advice {
  control: Control;
  /** What the documents allow today, and why it matters. */
  finding: string;
  /** What to do, in words. */
  action: string;
  /** Statements to add, each to its document. */
  add: { document: DocumentName; statement: PolicyStatement }[];
  /** A Condition to put on existing statements. */
  condition?: { statements: StatementRef[]; condition: ConditionBlock };
  /** An action to remove from existing statements. */
  removeAction?: { statements: StatementRef[]; action: string };
  rows: string[];
}

/** The Allow statements of the documents that granted the failed rows. */
function granting(rows: AccessRow[], documents: DocumentName[]): StatementRef[] {
  const refs = new Map<string, StatementRef>();
  for (const row of rows) {
    for (const s of row.decidingStatements) {
      const document = documents.find((d) => d === s.document);
      if (s.effect === "Allow" && document) {
        refs.set(`${document}|${s.statement}`, { document, statement: s.statement });
      }
    }
  }
  return [...refs.values()];
}

function named(refs: StatementRef[]): string {
  return refs.map((r) => `${r.document} "${r.statement}"`).join(" and ");
}

function adviceFor(control: Control, rows: AccessRow[], link: LinkDescription): Advice {
  const writers: WriterRole[] = [{ roleArn: link.roleArn }];
  const base = { control, add: [], rows: rows.map((row) => `${row.name} (${row.scope})`) };
  const toBucketPolicy = (statements: PolicyStatement[]) =>
    statements.map((statement) => ({ document: "bucket policy" as const, statement }));
  switch (control) {
    case "tls-only":
      return {
        ...base,
        finding: "requests over plain HTTP are allowed",
        action: "add this statement to the bucket policy",
        add: toBucketPolicy([insecureTransportDeny(link.bucketName)]),
      };
    case "bucket-owner-pin": {
      const statements = granting(rows, ["identity policy"]);
      return {
        ...base,
        finding: `the role may write to a bucket of the same name in any account, should ${link.bucketName} ever be deleted and its name taken`,
        action: `add this Condition to ${named(statements)}, and send ExpectedBucketOwner on every request`,
        condition: { statements, condition: bucketOwnerCondition(link.bucketAccountId) },
      };
    }
    case "no-overwrite":
      return {
        ...base,
        finding: "the role may overwrite an existing object: S3 does not require If-None-Match: *",
        action: "add this statement to the bucket policy; multipart uploads keep working",
        add: toBucketPolicy([overwriteDeny(link.bucketName, writers)]),
      };
    case "acl":
      return {
        ...base,
        finding:
          "the role may set an ACL other than bucket-owner-full-control, and re-ACL objects to another account",
        action: "add these statements to the bucket policy",
        add: toBucketPolicy(objectAclDenies(link.bucketName, writers)),
      };
    case "no-acl-grant": {
      const statements = granting(rows, ["identity policy", "bucket policy"]);
      return {
        ...base,
        finding: `s3:PutObjectAcl is granted, but with ${link.objectOwnership} ACLs are disabled and S3 refuses every ACL change`,
        action: `remove s3:PutObjectAcl from ${named(statements)}`,
        removeAction: { statements, action: "s3:PutObjectAcl" },
      };
    }
    case "bucket-key-only":
      return {
        ...base,
        finding:
          "the role may upload with another encryption than the bucket's key (SSE-S3, the AWS managed key, or a key B does not control)",
        action:
          "add this statement to the bucket policy; uploads without an encryption header keep working",
        add: toBucketPolicy([uploadKeyDeny(link.bucketName, writers, link.kms?.keyArn ?? "")]),
      };
  }
}

/** One piece of advice per hardening control that a row showed missing. */
export function hardeningAdvice(rows: AccessRow[], link: LinkDescription): Advice[] {
  const failed = rows.filter((row) => row.severity === "hardening" && !row.asIntended);
  const controls = [...new Set(failed.map((row) => row.control))].filter(
    (control): control is Control => control !== undefined,
  );
  return controls.map((control) =>
    adviceFor(
      control,
      failed.filter((row) => row.control === control),
      link,
    ),
  );
}
