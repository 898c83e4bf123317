import { END_WITH_SLASH_STAR, SEPARATE_BUCKET_ACTIONS } from "../lib/advice";
import { stringList } from "../lib/config";
import { S3_OBJECT_ACTIONS } from "../lib/iam";
import { objectActionsSchema, objectResourceFindings } from "../lib/objects";
import { documentPolicy } from "../lib/policy";

/**
 * Fires once per Allow statement of a bucket policy that grants an object action and either uses
 * NotResource or lists a Resource entry that is not an object ARN: anything but
 * `arn:<partition>:s3:::<bucket>/<key>`, so `*`, `arn:aws:s3:::*`, `arn:aws:s3:::bucket` and
 * `arn:aws:s3:::bucket*` all fire, even beside `arn:aws:s3:::bucket/*`.
 */
export const objectResourcesEndWithSlashStar = documentPolicy({
  name: "s3-bucket-policy-object-resources-end-with-slash-star",
  description:
    "A bucket policy statement that grants object actions must list only object ARNs (arn:aws:s3:::<bucket>/*).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: `${END_WITH_SLASH_STAR}: arn:aws:s3:::<bucket>/* or arn:aws:s3:::<bucket>/<prefix>/*. ${SEPARATE_BUCKET_ACTIONS}`,
  family: "bucket",
  configSchema: { properties: { objectActions: objectActionsSchema } },
  readConfig: (config) => ({
    objectActions: stringList(config, "objectActions", S3_OBJECT_ACTIONS),
  }),
  check: (document, { objectActions }) =>
    objectResourceFindings(document, objectActions, () => true, true),
});
