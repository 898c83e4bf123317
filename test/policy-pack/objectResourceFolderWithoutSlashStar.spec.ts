import * as assert from "assert";
import { objectResourceFolderWithoutSlashStar as policy } from "../../policy-pack/policies/objectResourceFolderWithoutSlashStar";
import { guideBucketArgs } from "../harness/carriers";
import { BUCKET_ARN } from "../harness/policyDocuments";
import { onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const UPLOADS = `${BUCKET_ARN}/uploads`;

describe("policy s3-object-resource-folder-without-slash-star", () => {
  describePolicyContract(policy, "advisory", ["bucket", "accessPoint", "identity"], {
    fires: { Resource: UPLOADS },
    message: 'grants one object named "uploads"',
  });

  itFiresOn(policy, guideBucketArgs, "not the objects under it", {
    "a key that ends with /": { Resource: `${UPLOADS}/` },
    "a nested folder": { Resource: `${BUCKET_ARN}/data/2026` },
    "a folder beside objects": { Resource: [`${BUCKET_ARN}/*`, UPLOADS] },
    "a folder through an access point": {
      Resource: "arn:aws:s3:us-east-1:222222222222:accesspoint/ap/object/uploads",
    },
    "s3:* on a folder": { Action: "s3:*", Resource: UPLOADS },
  });
  itPassesOn(policy, guideBucketArgs, {
    "a prefix with /*": { Resource: `${UPLOADS}/*` },
    "a key prefix with *": { Resource: `${UPLOADS}*` },
    "a file name": { Resource: `${BUCKET_ARN}/reports/2026.csv` },
    "the bucket ARN (the lockout rule's concern)": { Resource: BUCKET_ARN },
    "bucket actions only": { Action: "s3:ListBucket", Resource: UPLOADS },
    "a Deny": { Effect: "Deny", Resource: UPLOADS },
  });

  it("says what the entry grants and how to write the prefix", async () => {
    const message = await onlyViolation(policy, guideBucketArgs({ Resource: `${UPLOADS}/` }));
    assert.strictEqual(
      message,
      'policy statement "AllowCrossAccountUpload": arn:aws:s3:::my-target-bucket/uploads/ grants one object named "uploads/", not the objects under it. For a prefix write arn:aws:s3:::my-target-bucket/uploads/*.',
    );
  });
});
