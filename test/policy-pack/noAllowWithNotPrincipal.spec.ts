import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { noAllowWithNotPrincipal as policy } from "../../policy-pack/policies/noAllowWithNotPrincipal";
import {
  BUCKET_POLICY_CARRIERS,
  IDENTITY_POLICY_CARRIERS,
  ROLE_ARN,
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

const NOT_ROLE = { Principal: undefined, NotPrincipal: { AWS: ROLE_ARN } };

describe("policy s3-bucket-policy-no-allow-with-not-principal", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("rejects an Allow with NotPrincipal", async () => {
      await assertHasResourceViolation(policy, args(guideBucketPolicy(NOT_ROLE)), "NotPrincipal");
    });

    it("accepts the guide's bucket policy with Principal", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  it("accepts the project's own bucket policy", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  it('fires whatever NotPrincipal lists, "*" included', async () => {
    const document = guideBucketPolicy({ Principal: undefined, NotPrincipal: "*" });
    await assertHasResourceViolation(policy, bucketPolicyArgs(document), "NotPrincipal");
  });

  it("does not fire on a Deny with NotPrincipal, the pattern that locks out everyone else", async () => {
    const document = guideBucketPolicy({ ...NOT_ROLE, Effect: "Deny" });
    await assertNoResourceViolations(policy, bucketPolicyArgs(document));
  });

  it("names the statement and the fix", async () => {
    const message = await onlyViolation(policy, bucketPolicyArgs(guideBucketPolicy(NOT_ROLE)));
    assert.match(
      message,
      /^policy statement "AllowCrossAccountUpload": Allow with NotPrincipal grants every principal it does not list/,
    );
    assert.match(message, /Use Principal with the Lambda execution role ARN instead/);
  });

  for (const carrier of IDENTITY_POLICY_CARRIERS) {
    it(`is not applicable to ${carrier.type}`, async () => {
      const props = carrier.props(JSON.stringify(guideIdentityPolicy()));
      await assertNotApplicable(policy, resourceArgs(carrier.type, props));
    });
  }

  it("lets an unknown policy propagate as UnknownValueError", async () => {
    const args = resourceArgs("aws:s3/bucket:Bucket", { bucket: "b", policy: UNKNOWN });
    await assert.rejects(runPolicy(policy, args), UnknownValueError);
  });
});
