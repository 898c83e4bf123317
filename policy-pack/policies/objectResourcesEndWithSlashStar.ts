import { objectResourcesPolicy } from "../lib/objectResources";

/**
 * The grant that locks the writer out, in a bucket or access point policy: object actions on
 * resources none of which is an object (`arn:aws:s3:::bucket` alone). `[bucket, bucket/*]` passes.
 */
export const objectResourcesEndWithSlashStar = objectResourcesPolicy({
  name: "s3-bucket-policy-object-resources-end-with-slash-star",
  description:
    "A bucket policy statement that grants object actions must name objects (arn:aws:s3:::<bucket>/*), not only the bucket.",
  severity: "high",
  kinds: ["bucket", "accessPoint"],
});
