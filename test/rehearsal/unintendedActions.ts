// What the writer must not do: every S3 action on objects or buckets, and every KMS action on keys,
// that the Service Authorization Reference lists (serviceReference.ts), minus the intended ones.
// Derived rather than listed, so a grant of any of them shows, and an action AWS adds is proven
// denied as soon as the engine knows it. Each is asked once per document proven alone, where it
// would take effect: object actions under the prefix, bucket actions on the bucket, key actions
// on B's key.
import { AccessCase, Control, RowOptions, RowShape, plain, row } from "./accessCase";
import { Caller } from "./callers";
import { IntendedAccess, kmsOperations } from "./intendedAccess";
import { subjects } from "./rowSubjects";
import { actionsOn } from "./serviceReference";

/** How the proof groups these rows; all of a group hold, the report shows them as one line. */
const OTHER_OBJECT_ACTIONS = "the other S3 object actions";
const OTHER_BUCKET_ACTIONS = "the other S3 bucket actions";
export const OTHER_KEY_ACTIONS = "the other KMS key actions";

/** S3 actions on objects the writer does not need. */
function otherObjectActions(intended: IntendedAccess): string[] {
  return actionsOn("s3", ["object"]).filter((action) => !intended.actions.includes(action));
}

/** KMS actions on a key that S3 does not call for the writer's uploads. */
export function otherKeyActions(intended: IntendedAccess): string[] {
  const used = new Set(kmsOperations(intended).map((op) => op.action));
  return actionsOn("kms", ["key"]).filter((action) => !used.has(action));
}

/** With BucketOwnerEnforced S3 refuses ACL changes anyway: a grant of it is unused, not open. */
function controlOf(action: string): Control | undefined {
  return action === "s3:PutObjectAcl" ? "no-acl-grant" : undefined;
}

/** One denied row per S3 action the writer does not need, each where it would take effect. */
export function otherS3ActionRows(
  intended: IntendedAccess,
  shape: RowShape,
  caller: Caller,
  options: Partial<RowOptions> = {},
): AccessCase[] {
  const { at } = subjects(intended);
  const denied = { ...options, expect: "denied" } as const;
  return [
    ...otherObjectActions(intended).map((action) =>
      row(shape, caller, plain(action), at.target, {
        ...denied,
        group: OTHER_OBJECT_ACTIONS,
        control: controlOf(action),
      }),
    ),
    ...actionsOn("s3", ["bucket"]).map((action) =>
      row(shape, caller, plain(action), at.bucket, { ...denied, group: OTHER_BUCKET_ACTIONS }),
    ),
  ];
}
