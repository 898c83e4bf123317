import { grantsObjectAction } from "../lib/actions";
import { objectActionsOption } from "../lib/config";
import { Statement } from "../lib/document/model";
import { documentPolicy } from "../lib/policy";
import { looksLikeFolder, objectArnKey } from "../lib/s3Arns";

function folderFindings(s: Statement, objectActions: readonly string[]): string[] {
  if (s.effect !== "Allow" || !s.resource || !grantsObjectAction(s, objectActions)) return [];
  return s.resource.flatMap((entry) => {
    const key = objectArnKey(entry);
    if (key === undefined || !looksLikeFolder(key)) return [];
    const prefix = `${entry.replace(/\/+$/, "")}/*`;
    return [
      `${s.label}: ${entry} grants one object named "${key}", not the objects under it. For a prefix write ${prefix}.`,
    ];
  });
}

/**
 * Fires once per Resource entry of an Allow statement that grants an object action, when the entry
 * has no wildcard and its key looks like a folder: it ends with `/`, or its last part has no `.`
 * (`arn:aws:s3:::b/uploads`, `arn:aws:s3:::b/uploads/`). Such an entry grants exactly one object.
 */
export const objectResourceFolderWithoutSlashStar = documentPolicy({
  name: "s3-object-resource-folder-without-slash-star",
  description:
    "An object resource that names a folder without /* (arn:aws:s3:::<bucket>/uploads) grants one object of that name, not the objects under it.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Write the prefix with /*: arn:aws:s3:::<bucket>/uploads/*.",
  kinds: ["bucket", "accessPoint", "identity"],
  configSchema: { properties: { objectActions: objectActionsOption.schema } },
  readConfig: (config) => ({ objectActions: objectActionsOption.read(config) }),
  check: (document, { objectActions }) =>
    document.statements.flatMap((s) => folderFindings(s, objectActions)),
});
