import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { identityObjectResourcesEndWithSlashStar as policy } from "../../policy-pack/policies/identityObjectResourcesEndWithSlashStar";
import {
  BUCKET_ARN,
  BUCKET_POLICY_CARRIERS,
  IDENTITY_POLICY_CARRIERS,
  OBJECTS_ARN,
  UNKNOWN,
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  describeEveryCarrier,
  guideBucketPolicy,
  guideIdentityPolicy,
  onlyViolation,
  projectWriterPolicy,
  resourceArgs,
  rolePolicyArgs,
  runPolicy,
} from "./fixtures";

const QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:uploader-failures";

describe("policy iam-policy-s3-object-resources-end-with-slash-star", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(IDENTITY_POLICY_CARRIERS, (args) => {
    it("rejects the guide's Account A policy with the bucket ARN as Resource", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideIdentityPolicy({ Resource: BUCKET_ARN })),
        "Make sure it ends with /*",
      );
    });

    it("accepts the guide's Account A policy on arn:aws:s3:::my-target-bucket/*", async () => {
      await assertNoResourceViolations(policy, args(guideIdentityPolicy()));
    });
  });

  it("accepts the project's own writer role policy", async () => {
    await assertNoResourceViolations(policy, rolePolicyArgs(projectWriterPolicy()));
  });

  describe("fires when an Allow statement grants an object action on an S3 ARN that is not an object ARN", () => {
    const firing: [string, Record<string, unknown>][] = [
      ["s3:PutObject on the bucket ARN", { Resource: BUCKET_ARN }],
      [
        "s3:* on the bucket and its objects",
        { Action: "s3:*", Resource: [BUCKET_ARN, OBJECTS_ARN] },
      ],
      ["s3:PutObject on arn:aws:s3:::*", { Resource: "arn:aws:s3:::*" }],
      [
        "a statement mixing services",
        { Action: ["s3:PutObject", "sqs:SendMessage"], Resource: [BUCKET_ARN, QUEUE_ARN] },
      ],
      [
        "a NotAction that leaves s3:PutObject in",
        { Action: undefined, NotAction: "s3:Get*", Resource: BUCKET_ARN },
      ],
    ];
    for (const [name, changes] of firing) {
      it(`fires on ${name}`, async () => {
        await assertHasResourceViolation(
          policy,
          rolePolicyArgs(guideIdentityPolicy(changes)),
          "Make sure it ends with /*",
        );
      });
    }

    const quiet: [string, Record<string, unknown>][] = [
      ["objects under a prefix", { Resource: `${BUCKET_ARN}/uploads/*` }],
      [
        "a statement mixing services on object ARNs",
        { Action: ["s3:PutObject", "sqs:SendMessage"], Resource: [OBJECTS_ARN, QUEUE_ARN] },
      ],
      ["Resource * (not an S3 ARN, so not this rule's business)", { Resource: "*" }],
      ["NotResource", { Resource: undefined, NotResource: BUCKET_ARN }],
      [
        "an access point object ARN",
        { Resource: "arn:aws:s3:us-east-1:123456789012:accesspoint/uploads/object/*" },
      ],
      ["s3:ListBucket on the bucket ARN", { Action: "s3:ListBucket", Resource: BUCKET_ARN }],
      ["a Deny on the bucket ARN", { Effect: "Deny", Resource: BUCKET_ARN }],
    ];
    for (const [name, changes] of quiet) {
      it(`does not fire on ${name}`, async () => {
        await assertNoResourceViolations(policy, rolePolicyArgs(guideIdentityPolicy(changes)));
      });
    }
  });

  describe("messages", () => {
    it("name the statement and give the fixed ARN in the guide's words", async () => {
      const message = await onlyViolation(
        policy,
        rolePolicyArgs(guideIdentityPolicy({ Resource: BUCKET_ARN })),
      );
      assert.match(
        message,
        /^policy statement "AllowUploadToAccountBBucket": grants s3:PutObject, s3:PutObjectAcl on arn:aws:s3:::my-target-bucket, which is not an object ARN/,
      );
      assert.match(message, /Make sure it ends with \/\*: arn:aws:s3:::my-target-bucket\/\*/);
    });

    it("name the inline policy of a role that holds the statement", async () => {
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
        /^inlinePolicies\[1\] \("upload"\) statement "AllowUploadToAccountBBucket": /,
      );
    });
  });

  describe("applicability and odd input", () => {
    for (const carrier of BUCKET_POLICY_CARRIERS) {
      it(`is not applicable to ${carrier.type}`, async () => {
        const props = carrier.props(JSON.stringify(guideBucketPolicy({ Resource: BUCKET_ARN })));
        await assertNotApplicable(policy, resourceArgs(carrier.type, props));
      });
    }

    it("is not applicable to a role without inline policies, or with an empty inline policy block", async () => {
      await assertNotApplicable(
        policy,
        resourceArgs("aws:iam/role:Role", { assumeRolePolicy: "{}" }),
      );
      await assertNotApplicable(
        policy,
        resourceArgs("aws:iam/role:Role", { assumeRolePolicy: "{}", inlinePolicies: [{}] }),
      );
    });

    it("lets an unknown identity policy propagate as UnknownValueError", async () => {
      await assert.rejects(runPolicy(policy, rolePolicyArgs(UNKNOWN)), UnknownValueError);
    });
  });
});
