import * as assert from "assert";
import { objectResourcesEndWithSlashStar as policy } from "../../policy-pack/policies/objectResourcesEndWithSlashStar";
import { bucketPolicyArgs, guideBucketArgs } from "../harness/carriers";
import {
  BUCKET_ARN,
  GUIDE_UPLOAD_STATEMENT,
  OBJECTS_ARN,
  Statement,
  policyDocument,
} from "../harness/policyDocuments";
import { runPolicy } from "../harness/policyRunner";
import { assertNoResourceViolations, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const AP = "arn:aws:s3:us-west-2:222222222222:accesspoint/uploads";
const onBucket = (changes: Statement) => guideBucketArgs({ Resource: BUCKET_ARN, ...changes });

describe("policy s3-bucket-policy-object-resources-end-with-slash-star", () => {
  describePolicyContract(policy, "mandatory", ["bucket", "accessPoint"], {
    fires: { Resource: BUCKET_ARN },
    message: "Make sure it ends with /*",
  });

  describe("fires when an Allow statement grants object actions and none of its resources is an object", () => {
    itFiresOn(policy, onBucket, "/*", {
      "s3:PutObject on the bucket ARN": { Action: "s3:PutObject" },
      "s3:GetObject beside s3:ListBucket on the bucket ARN": {
        Action: ["s3:ListBucket", "s3:GetObject"],
      },
      "a wildcard that grants only object actions (s3:PutObject*)": { Action: "s3:PutObject*" },
      "s3:?utObject": { Action: "s3:?utObject" },
      "an action in another case": { Action: "S3:putobject" },
      "a newer object action (s3:PutObjectAnnotation)": { Action: "s3:PutObjectAnnotation" },
      "an empty key (bucket/)": { Resource: `${BUCKET_ARN}/` },
      "a GovCloud bucket ARN": { Resource: "arn:aws-us-gov:s3:::my-target-bucket" },
      "two bucket ARNs": { Resource: [BUCKET_ARN, "arn:aws:s3:::other"] },
      "an access point without /object/": { Resource: AP },
      "an ARN of another service": { Resource: "arn:aws:sqs:us-east-1:123456789012:queue" },
    });
  });

  describe("passes statements that can reach an object, and grants that are not object-only", () => {
    itPassesOn(policy, guideBucketArgs, {
      "the bucket beside its objects, as AWS documents it": {
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: [BUCKET_ARN, OBJECTS_ARN],
      },
      "Resource *": { Resource: "*" },
      "Resource arn:aws:s3:::*": { Resource: "arn:aws:s3:::*" },
      "a bucket-name wildcard (bucket*), which reaches objects too": { Resource: `${BUCKET_ARN}*` },
      "a key prefix (bucket/prefix*)": { Resource: `${BUCKET_ARN}/uploads*` },
      "one exact key": { Resource: `${BUCKET_ARN}/report.csv` },
      "objects of every bucket (*/*)": { Resource: "arn:aws:s3:::*/*" },
      "objects through an access point": { Resource: `${AP}/object/*` },
      "a placeholder that is not an ARN": { Resource: ["Bucket ARN", "Bucket ARN/*"] },
      "s3:* on the bucket ARN, which grants bucket actions too": {
        Action: "s3:*",
        Resource: BUCKET_ARN,
      },
      "s3:List* on the bucket ARN (AWS's replication example)": {
        Action: ["s3:List*", "s3:GetBucketVersioning"],
        Resource: BUCKET_ARN,
      },
      "NotAction on the bucket ARN": {
        Action: undefined,
        NotAction: "s3:ListBucket",
        Resource: BUCKET_ARN,
      },
      NotResource: { Resource: undefined, NotResource: `${BUCKET_ARN}/private/*` },
      "a Deny of s3:PutObject on the bucket ARN": { Effect: "Deny", Resource: BUCKET_ARN },
    });
  });

  it("names the bucket's objects in the message", async () => {
    const message = await onlyViolation(policy, onBucket({}));
    assert.match(message, /Make sure it ends with \/\*: arn:aws:s3:::my-target-bucket\/\*/);
  });

  it("names the statement by index when it has no Sid, and every resource it lists", async () => {
    const unnamed = { ...GUIDE_UPLOAD_STATEMENT, Sid: undefined, Resource: [BUCKET_ARN, AP] };
    const message = await onlyViolation(
      policy,
      bucketPolicyArgs(policyDocument(GUIDE_UPLOAD_STATEMENT, unnamed)),
    );
    assert.match(
      message,
      /^policy Statement\[1\]: grants s3:PutObject, s3:PutObjectAcl only on arn:aws:s3:::my-target-bucket, arn:aws:s3:us-west-2:222222222222:accesspoint\/uploads, none of which is an object/,
    );
    assert.match(message, /accesspoint\/uploads\/object\/\*/);
    assert.match(message, /s3:ListBucket in a statement of their own/);
  });

  it("judges only the objectActions configured, and refuses a value that is not a list", async () => {
    const document = policyDocument({
      ...GUIDE_UPLOAD_STATEMENT,
      Action: "s3:GetObject",
      Resource: BUCKET_ARN,
    });
    await assertNoResourceViolations(
      policy,
      bucketPolicyArgs(document, { objectActions: ["s3:PutObject"] }),
    );
    await assert.rejects(
      runPolicy(policy, bucketPolicyArgs(document, { objectActions: "s3:PutObject" })),
      /configuration "objectActions" must be an array of strings/,
    );
  });
});
