import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { objectResourcesEndWithSlashStar as policy } from "../../policy-pack/policies/objectResourcesEndWithSlashStar";
import {
  BUCKET_ARN,
  BUCKET_POLICY_CARRIERS,
  GUIDE_UPLOAD_STATEMENT,
  IDENTITY_POLICY_CARRIERS,
  OBJECTS_ARN,
  UNKNOWN,
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  describeEveryCarrier,
  bucketPolicyArgs,
  guideBucketPolicy,
  guideIdentityPolicy,
  onlyViolation,
  policyDocument,
  projectBucketPolicy,
  resourceArgs,
  runPolicy,
} from "./fixtures";

describe("policy s3-bucket-policy-object-resources-end-with-slash-star", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("rejects the guide's bucket policy with the bucket ARN as Resource", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideBucketPolicy({ Resource: BUCKET_ARN })),
        "Make sure it ends with /*",
      );
    });

    it("accepts the guide's bucket policy on arn:aws:s3:::my-target-bucket/*", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  it("accepts the project's own bucket policy, whose TLS Deny names the bucket ARN", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  describe("fires when an Allow statement grants an object action on anything but object ARNs", () => {
    const firing: [string, Record<string, unknown>][] = [
      ["s3:PutObject on the bucket ARN", { Action: "s3:PutObject", Resource: BUCKET_ARN }],
      [
        "s3:PutObject on objects and the bucket",
        { Action: "s3:PutObject", Resource: [OBJECTS_ARN, BUCKET_ARN] },
      ],
      [
        "s3:* on the bucket and its objects",
        { Action: "s3:*", Resource: [BUCKET_ARN, OBJECTS_ARN] },
      ],
      ["* on the bucket ARN", { Action: "*", Resource: BUCKET_ARN }],
      ["s3:PutObject* on the bucket ARN", { Action: "s3:PutObject*", Resource: BUCKET_ARN }],
      ["s3:Put* on the bucket ARN", { Action: "s3:Put*", Resource: BUCKET_ARN }],
      ["s3:GetObject on the bucket ARN", { Action: "s3:GetObject", Resource: BUCKET_ARN }],
      ["an action in another case", { Action: "S3:putobject", Resource: BUCKET_ARN }],
      ["s3:?utObject on the bucket ARN", { Action: "s3:?utObject", Resource: BUCKET_ARN }],
      // Object actions newer than the first objectActions list, found missing by differential.spec.ts.
      [
        "s3:PutObjectAnnotation on the bucket ARN",
        { Action: "s3:PutObjectAnnotation", Resource: BUCKET_ARN },
      ],
      ["s3:Update* on the bucket ARN", { Action: "s3:Update*", Resource: BUCKET_ARN }],
      [
        "NotAction s3:ListBucket on the bucket ARN",
        { Action: undefined, NotAction: "s3:ListBucket", Resource: BUCKET_ARN },
      ],
      ["Resource *", { Resource: "*" }],
      ["Resource arn:aws:s3:::*", { Resource: "arn:aws:s3:::*" }],
      ["a bucket-name wildcard without a key", { Resource: `${BUCKET_ARN}*` }],
      ["an empty key", { Resource: `${BUCKET_ARN}/` }],
      ["a GovCloud bucket ARN", { Resource: "arn:aws-us-gov:s3:::my-target-bucket" }],
      ["NotResource", { Resource: undefined, NotResource: `${BUCKET_ARN}/private/*` }],
    ];
    for (const [name, changes] of firing) {
      it(`fires on ${name}`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(guideBucketPolicy(changes)),
          "/*",
        );
      });
    }

    const quiet: [string, Record<string, unknown>][] = [
      ["all objects, bucket/*", { Resource: OBJECTS_ARN }],
      ["a folder, bucket/prefix/*", { Resource: `${BUCKET_ARN}/uploads/*` }],
      ["a key prefix, bucket/prefix*", { Resource: `${BUCKET_ARN}/uploads*` }],
      ["one exact key", { Resource: `${BUCKET_ARN}/report.csv` }],
      ["objects in a China-partition bucket", { Resource: "arn:aws-cn:s3:::my-target-bucket/*" }],
      ["objects of every bucket", { Resource: "arn:aws:s3:::*/*" }],
      ["objects of two buckets", { Resource: [OBJECTS_ARN, "arn:aws:s3:::other/uploads/*"] }],
      ["s3:ListBucket on the bucket ARN", { Action: "s3:ListBucket", Resource: BUCKET_ARN }],
      ["s3:ListBucket* on the bucket ARN", { Action: "s3:ListBucket*", Resource: BUCKET_ARN }],
      [
        "s3:GetBucketLocation on the bucket ARN",
        { Action: "s3:GetBucketLocation", Resource: BUCKET_ARN },
      ],
      [
        "a NotAction that leaves out every object action",
        {
          Action: undefined,
          NotAction: [
            "s3:*Object*",
            "s3:AbortMultipartUpload",
            "s3:BypassGovernanceRetention",
            "s3:InitiateReplication",
            "s3:ListMultipartUploadParts",
            "s3:Replicate*",
          ],
          Resource: BUCKET_ARN,
        },
      ],
      ["a Deny of s3:PutObject on the bucket ARN", { Effect: "Deny", Resource: BUCKET_ARN }],
    ];
    for (const [name, changes] of quiet) {
      it(`does not fire on ${name}`, async () => {
        await assertNoResourceViolations(policy, bucketPolicyArgs(guideBucketPolicy(changes)));
      });
    }
  });

  describe("messages", () => {
    it("name the statement, the object actions, the offending entries and the fixed ARN", async () => {
      const document = guideBucketPolicy({ Resource: [OBJECTS_ARN, BUCKET_ARN, "*"] });
      const message = await onlyViolation(policy, bucketPolicyArgs(document));
      assert.match(
        message,
        /^policy statement "AllowCrossAccountUpload": grants s3:PutObject, s3:PutObjectAcl on arn:aws:s3:::my-target-bucket, \*, which are not object ARNs/,
      );
      assert.match(
        message,
        /Make sure it ends with \/\*: arn:aws:s3:::my-target-bucket\/\*, arn:aws:s3:::<bucket>\/\*/,
      );
      assert.match(message, /s3:ListBucket in a statement of their own/);
    });

    it("name a statement without Sid by its index", async () => {
      const unnamed = { ...GUIDE_UPLOAD_STATEMENT, Sid: undefined, Resource: BUCKET_ARN };
      const message = await onlyViolation(
        policy,
        bucketPolicyArgs(policyDocument(GUIDE_UPLOAD_STATEMENT, unnamed)),
      );
      assert.match(message, /^policy Statement\[1\]: /);
    });

    it("explain NotResource", async () => {
      const document = guideBucketPolicy({ Resource: undefined, NotResource: OBJECTS_ARN });
      const message = await onlyViolation(policy, bucketPolicyArgs(document));
      assert.match(message, /with NotResource, that is on every resource it does not list/);
    });
  });

  describe("configuration", () => {
    it("judges only the objectActions configured", async () => {
      const document = guideBucketPolicy({ Action: "s3:GetObject", Resource: BUCKET_ARN });
      await assertNoResourceViolations(
        policy,
        bucketPolicyArgs(document, { objectActions: ["s3:PutObject"] }),
      );
    });

    it("defaults objectActions to every S3 object action, s3:PutObject among them", () => {
      const defaults = policy.configSchema?.properties.objectActions?.default;
      assert.ok(Array.isArray(defaults) && defaults.includes("s3:PutObject"));
    });

    it("refuses an objectActions value that is not an array of strings", async () => {
      const args = bucketPolicyArgs(guideBucketPolicy(), { objectActions: "s3:PutObject" });
      await assert.rejects(
        runPolicy(policy, args),
        /configuration "objectActions" must be an array of strings/,
      );
    });
  });

  describe("applicability and odd input", () => {
    for (const carrier of IDENTITY_POLICY_CARRIERS) {
      it(`is not applicable to ${carrier.type} (see the identity policy rule)`, async () => {
        const props = carrier.props(JSON.stringify(guideIdentityPolicy({ Resource: BUCKET_ARN })));
        await assertNotApplicable(policy, resourceArgs(carrier.type, props));
      });
    }

    it("leaves an Action or Resource it cannot read to policy-document-well-formed", async () => {
      for (const changes of [{ Resource: 7 }, { Action: { s3: "PutObject" } }, { Resource: [] }]) {
        await assertNoResourceViolations(policy, bucketPolicyArgs(guideBucketPolicy(changes)));
      }
    });

    it("lets an unknown Resource propagate as UnknownValueError", async () => {
      const document = guideBucketPolicy({ Resource: [OBJECTS_ARN, UNKNOWN] });
      const args = resourceArgs("aws-native:s3:BucketPolicy", {
        bucket: "b",
        policyDocument: document,
      });
      await assert.rejects(runPolicy(policy, args), UnknownValueError);
    });
  });
});
