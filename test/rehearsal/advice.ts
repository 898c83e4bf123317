// Turns failed hardening rows into advice: what is missing, the rows that showed it, and the
// statement to add, written by components/policies.ts as the planned stacks' documents are.
import {
  PolicyStatement,
  WriterRole,
  bucketOwnerCondition,
  insecureTransportDeny,
  objectAclDenies,
  overwriteDeny,
} from "../../components/policies";
import { Control } from "./accessRows";
import { AccessRow } from "./evaluateRow";
import { LinkDescription } from "./intendedAccess";

export interface Advice {
  control: Control;
  /** The document to change. */
  document: "bucket policy" | "identity policy";
  /** What the documents allow today, and why it matters. */
  finding: string;
  /** What to do, naming the statements to change when there are any. */
  action: string;
  /** Statements to add, or the Condition to put on the named statements. */
  add: PolicyStatement[] | { Condition: ReturnType<typeof bucketOwnerCondition> };
  rows: string[];
}

/** The Allow statements of `document` that granted the failed rows. */
function granting(rows: AccessRow[], document: string): string[] {
  const names = rows.flatMap((row) =>
    row.decidingStatements
      .filter((s) => s.effect === "Allow" && s.document === document)
      .map((s) => `"${s.statement}"`),
  );
  return [...new Set(names)];
}

function adviceFor(control: Control, rows: AccessRow[], link: LinkDescription): Advice {
  const writers: WriterRole[] = [{ roleArn: link.roleArn }];
  const names = rows.map((row) => `${row.name} (${row.scope})`);
  switch (control) {
    case "tls-only":
      return {
        control,
        document: "bucket policy",
        finding: "requests over plain HTTP are allowed",
        action: "add this statement to the bucket policy",
        add: [insecureTransportDeny(link.bucketName)],
        rows: names,
      };
    case "bucket-owner-pin":
      return {
        control,
        document: "identity policy",
        finding: `the role may write to a bucket of the same name in any account, should ${link.bucketName} ever be deleted and its name taken`,
        action: `add this Condition to the identity policy's statement ${granting(rows, "identity policy").join(", ")}, and send ExpectedBucketOwner on every request`,
        add: { Condition: bucketOwnerCondition(link.bucketAccountId) },
        rows: names,
      };
    case "no-overwrite":
      return {
        control,
        document: "bucket policy",
        finding: "the role may overwrite an existing object: S3 does not require If-None-Match: *",
        action: "add this statement to the bucket policy; multipart uploads keep working",
        add: [overwriteDeny(link.bucketName, writers)],
        rows: names,
      };
    case "acl":
      return {
        control,
        document: "bucket policy",
        finding:
          "the role may set an ACL other than bucket-owner-full-control, and re-ACL objects to another account",
        action: "add these statements to the bucket policy",
        add: objectAclDenies(link.bucketName, writers),
        rows: names,
      };
    case "no-acl-grant": {
      const statements = [
        ...granting(rows, "identity policy").map((s) => `identity policy ${s}`),
        ...granting(rows, "bucket policy").map((s) => `bucket policy ${s}`),
      ];
      return {
        control,
        document: statements[0]?.startsWith("bucket") ? "bucket policy" : "identity policy",
        finding: `s3:PutObjectAcl is granted, but with ${link.objectOwnership} ACLs are disabled and S3 refuses every ACL change`,
        action: `remove s3:PutObjectAcl from ${statements.join(" and ")}`,
        add: [],
        rows: names,
      };
    }
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
