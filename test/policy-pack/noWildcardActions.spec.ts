import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { noWildcardActions as policy } from "../../policy-pack/policies/noWildcardActions";
import {
  BUCKET_POLICY_CARRIERS,
  IDENTITY_POLICY_CARRIERS,
  UNKNOWN,
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  bucketPolicyArgs,
  describeEveryCarrier,
  guideBucketPolicy,
  guideIdentityPolicy,
  onlyViolation,
  projectBucketPolicy,
  resourceArgs,
  runPolicy,
} from "./fixtures";

describe("policy s3-bucket-policy-no-wildcard-actions", () => {
  it("is advisory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "advisory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("rejects the guide's bucket policy allowing s3:*", async () => {
      await assertHasResourceViolation(policy, args(guideBucketPolicy({ Action: "s3:*" })), "s3:*");
    });

    it("accepts the guide's bucket policy allowing named actions", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  it("accepts the project's own bucket policy, whose s3:* is in a Deny", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  describe("fires on an Allow of every action of a service, or on NotAction", () => {
    for (const action of ["*", "s3:*", "S3:*", "*:*", ["s3:PutObject", "s3:*"]]) {
      it(`fires on Action ${JSON.stringify(action)}`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(guideBucketPolicy({ Action: action })),
          "every S3 action",
        );
      });
    }

    it("fires on an Allow with NotAction", async () => {
      const document = guideBucketPolicy({ Action: undefined, NotAction: "s3:DeleteBucket" });
      await assertHasResourceViolation(policy, bucketPolicyArgs(document), "NotAction");
    });

    for (const action of ["s3:Put*", "s3:PutObject*", "s3:Get?bject"]) {
      it(`does not fire on the partial wildcard ${action} by default`, async () => {
        await assertNoResourceViolations(
          policy,
          bucketPolicyArgs(guideBucketPolicy({ Action: action })),
        );
      });

      it(`fires on ${action} with forbidPartialWildcards`, async () => {
        const args = bucketPolicyArgs(guideBucketPolicy({ Action: action }), {
          forbidPartialWildcards: true,
        });
        await assertHasResourceViolation(policy, args, action);
      });
    }

    it("does not fire on a Deny of s3:*", async () => {
      const document = guideBucketPolicy({ Effect: "Deny", Action: "s3:*" });
      await assertNoResourceViolations(policy, bucketPolicyArgs(document));
    });
  });

  it("names the statement, the wildcard entries and the fix", async () => {
    const message = await onlyViolation(
      policy,
      bucketPolicyArgs(guideBucketPolicy({ Action: ["s3:PutObject", "s3:*"] })),
    );
    assert.match(
      message,
      /^policy statement "AllowCrossAccountUpload": allows s3:\*, every S3 action/,
    );
    assert.match(message, /List the actions the writer needs, e\.g\. s3:PutObject/);
  });

  it("refuses a forbidPartialWildcards value that is not a boolean", async () => {
    const args = bucketPolicyArgs(guideBucketPolicy(), { forbidPartialWildcards: "yes" });
    await assert.rejects(
      runPolicy(policy, args),
      /configuration "forbidPartialWildcards" must be true or false/,
    );
  });

  for (const carrier of IDENTITY_POLICY_CARRIERS) {
    it(`is not applicable to ${carrier.type}`, async () => {
      const props = carrier.props(JSON.stringify(guideIdentityPolicy({ Action: "s3:*" })));
      await assertNotApplicable(policy, resourceArgs(carrier.type, props));
    });
  }

  it("lets an unknown Action propagate as UnknownValueError", async () => {
    const document = guideBucketPolicy({ Action: ["s3:PutObject", UNKNOWN] });
    const args = resourceArgs("aws:s3/bucketV2:BucketV2", { bucket: "b", policy: document });
    await assert.rejects(runPolicy(policy, args), UnknownValueError);
  });
});
