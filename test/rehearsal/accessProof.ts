// Proves a link's policies with a real IAM policy engine: every row generated from the intended
// access (accessRows.ts) evaluated with its full request context (evaluateRow.ts).
import { onlyOfType } from "../harness/stacks";
import { isObjectOwnership } from "../../components/validation";
import { accessCases } from "./accessRows";
import { AccessRow, evaluateRow } from "./evaluateRow";
import { LinkDescription, LinkPolicies, intendedAccess } from "./intendedAccess";
import { PlannedLink } from "./plan";

export interface PlannedDocuments {
  link: LinkDescription;
  policies: Required<LinkPolicies>;
}

/** One planned link: its description and the documents each stack would send to AWS. */
export function plannedDocuments({ writer, bucket }: PlannedLink): PlannedDocuments {
  const input = (run: typeof writer.run, type: string, name: string): unknown =>
    JSON.parse(onlyOfType(run, type).inputs[name] as string);
  const state = (type: string) => onlyOfType(writer.run, type).state.arn as string;
  const ownership = onlyOfType(bucket.run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    .inputs.rule as { objectOwnership: string };
  if (!isObjectOwnership(ownership.objectOwnership)) {
    throw new Error(`the plan has an unknown objectOwnership ${ownership.objectOwnership}`);
  }
  return {
    link: {
      roleArn: writer.run.outputs.roleArn as string,
      roleUniqueId: writer.run.outputs.roleUniqueId as string,
      sessionName: writer.run.outputs.functionName as string,
      bucketName: bucket.run.outputs.bucketName as string,
      prefix: bucket.run.outputs.uploadPrefix as string,
      bucketAccountId: bucket.accountId,
      objectOwnership: ownership.objectOwnership,
      writerResources: {
        logGroupArn: state("aws:cloudwatch/logGroup:LogGroup"),
        failureQueueArn: state("aws:sqs/queue:Queue"),
      },
    },
    policies: {
      trustPolicy: input(writer.run, "aws:iam/role:Role", "assumeRolePolicy"),
      identityPolicy: input(writer.run, "aws:iam/rolePolicy:RolePolicy", "policy"),
      bucketPolicy: input(bucket.run, "aws:s3/bucketPolicy:BucketPolicy", "policy"),
    },
  };
}

/** The whole access matrix for one link, row by row. */
export async function proveAccess(
  link: LinkDescription,
  policies: LinkPolicies,
): Promise<AccessRow[]> {
  const rows: AccessRow[] = [];
  for (const access of accessCases(intendedAccess(link), policies)) {
    rows.push(await evaluateRow(access));
  }
  return rows;
}
