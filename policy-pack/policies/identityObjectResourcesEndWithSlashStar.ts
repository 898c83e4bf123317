import { END_WITH_SLASH_STAR, SEPARATE_BUCKET_ACTIONS } from "../lib/advice";
import { stringList } from "../lib/config";
import { S3_OBJECT_ACTIONS, isS3Arn } from "../lib/iam";
import { objectActionsSchema, objectResourceFindings } from "../lib/objects";
import { documentPolicy } from "../lib/policy";

/**
 * The guide's Account A mistake. Fires once per Allow statement of an identity policy that grants
 * an object action and lists an S3 ARN (`arn:<partition>:s3:::...`) that is not an object ARN,
 * e.g. `arn:aws:s3:::bucket` or `arn:aws:s3:::*`. Entries of other services, `*` and NotResource
 * are left alone: identity statements legitimately mix services.
 */
export const identityObjectResourcesEndWithSlashStar = documentPolicy({
  name: "iam-policy-s3-object-resources-end-with-slash-star",
  description:
    "An IAM policy statement that grants S3 object actions must name objects (arn:aws:s3:::<bucket>/*), not the bucket.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: `${END_WITH_SLASH_STAR}: arn:aws:s3:::<bucket>/* or arn:aws:s3:::<bucket>/<prefix>/*. ${SEPARATE_BUCKET_ACTIONS}`,
  family: "identity",
  configSchema: { properties: { objectActions: objectActionsSchema } },
  readConfig: (config) => ({
    objectActions: stringList(config, "objectActions", S3_OBJECT_ACTIONS),
  }),
  check: (document, { objectActions }) =>
    objectResourceFindings(document, objectActions, isS3Arn, false),
});
