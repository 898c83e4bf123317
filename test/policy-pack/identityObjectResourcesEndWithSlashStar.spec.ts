import * as assert from "assert";
import { identityObjectResourcesEndWithSlashStar as policy } from "../../policy-pack/policies/identityObjectResourcesEndWithSlashStar";
import { guideRoleArgs } from "../harness/carriers";
import { BUCKET_ARN, OBJECTS_ARN, guideIdentityPolicy } from "../harness/policyDocuments";
import { resourceArgs } from "../harness/policyRunner";
import { onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:uploader-failures";
const MIXED = ["s3:PutObject", "sqs:SendMessage"];

describe("policy iam-policy-s3-object-resources-end-with-slash-star", () => {
  describePolicyContract(policy, "mandatory", ["identity"], {
    fires: { Resource: BUCKET_ARN },
    message: "Make sure it ends with /*",
  });

  describe("judges the S3 object grants of statements that mix services", () => {
    itFiresOn(policy, guideRoleArgs, "/*", {
      "object actions on a bucket ARN and a queue": {
        Action: MIXED,
        Resource: [BUCKET_ARN, QUEUE_ARN],
      },
    });
    itPassesOn(policy, guideRoleArgs, {
      "object actions on objects and a queue": {
        Action: MIXED,
        Resource: [OBJECTS_ARN, QUEUE_ARN],
      },
      "Resource * (AWS managed policies grant s3:GetObject so)": { Resource: "*" },
      "every bucket, arn:aws:s3:::* (as AWSLambdaExecute does)": { Resource: "arn:aws:s3:::*" },
      "buckets named by a prefix, arn:aws:s3:::name-*": { Resource: "arn:aws:s3:::uploads-*" },
      "an access point object ARN": {
        Resource: "arn:aws:s3:us-east-1:123456789012:accesspoint/uploads/object/*",
      },
    });
  });

  it("names the inline policy of a role that holds the statement", async () => {
    const args = resourceArgs("aws:iam/role:Role", {
      assumeRolePolicy: "{}",
      inlinePolicies: [
        { name: "logs", policy: JSON.stringify(guideIdentityPolicy()) },
        { name: "upload", policy: JSON.stringify(guideIdentityPolicy({ Resource: BUCKET_ARN })) },
      ],
    });
    const message = await onlyViolation(policy, args);
    assert.match(
      message,
      /^inlinePolicies\[1\] \("upload"\) statement "AllowUploadToAccountBBucket": grants s3:PutObject, s3:PutObjectAcl only on arn:aws:s3:::my-target-bucket/,
    );
  });
});
