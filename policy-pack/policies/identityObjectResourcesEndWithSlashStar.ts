import { objectResourcesPolicy } from "../lib/objectResources";

/** The same lockout in an identity policy: the writer's own grant names the bucket, not its objects. */
export const identityObjectResourcesEndWithSlashStar = objectResourcesPolicy({
  name: "iam-policy-s3-object-resources-end-with-slash-star",
  description:
    "An IAM policy statement that grants S3 object actions must name objects (arn:aws:s3:::<bucket>/*), not only the bucket.",
  severity: "medium",
  kinds: ["identity"],
});
