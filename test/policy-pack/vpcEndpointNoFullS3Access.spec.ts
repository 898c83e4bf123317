import * as assert from "assert";
import { vpcEndpointNoFullS3Access as policy } from "../../policy-pack/policies/vpcEndpointNoFullS3Access";
import { policyArgs } from "../harness/carriers";
import { ACCOUNT_B, ROLE_ARN, Statement, sampleEndpointPolicy } from "../harness/policyDocuments";
import { resourceArgs } from "../harness/policyRunner";
import { assertNoResourceViolations, assertNotApplicable, onlyViolation } from "./assertions";
import { describePolicyContract, itFiresOn, itPassesOn } from "./contract";

const FULL_ACCESS = { Action: "*", Resource: "*" };
const endpoint = (changes: Statement) => policyArgs("endpoint", sampleEndpointPolicy(changes));
const confined = (condition: Record<string, unknown>) => ({ ...FULL_ACCESS, Condition: condition });

describe("policy vpc-endpoint-policy-no-full-s3-access", () => {
  describePolicyContract(policy, "advisory", ["endpoint"], {
    fires: () => sampleEndpointPolicy(FULL_ACCESS),
    message: "every S3 action on every bucket",
    passes: () => sampleEndpointPolicy(),
  });

  describe("fires on every S3 action on every bucket, unconfined", () => {
    itFiresOn(policy, endpoint, "every S3 action on every bucket", {
      "AWS's default endpoint policy (* on *)": FULL_ACCESS,
      "s3:* on arn:aws:s3:::*": { Action: "s3:*", Resource: "arn:aws:s3:::*" },
      "s3:* on the objects of every bucket": { Action: "s3:*", Resource: "arn:aws:s3:::*/*" },
      "NotAction on *": { Action: undefined, NotAction: "s3:DeleteBucket", Resource: "*" },
      "s3:* with NotResource": {
        Action: "s3:*",
        Resource: undefined,
        NotResource: "arn:aws:s3:::b",
      },
      "s3:* on * for one role": { ...FULL_ACCESS, Principal: { AWS: ROLE_ARN } },
      "a condition that admits everyone": confined({ StringLike: { "aws:ResourceAccount": "*" } }),
    });
  });

  describe("passes a statement that names its buckets or is confined", () => {
    itPassesOn(policy, endpoint, {
      "named actions on one bucket's objects": {},
      "s3:* on one bucket (AWS's endpoint example)": {
        Action: "s3:*",
        Resource: ["arn:aws:s3:::my-target-bucket", "arn:aws:s3:::my-target-bucket/*"],
      },
      "named actions on every bucket": { Action: ["s3:GetObject"], Resource: "*" },
      "* on * confined to the buckets of one account": confined({
        StringEquals: { "aws:ResourceAccount": ACCOUNT_B },
      }),
      "* on * confined to one organization's principals": confined({
        StringEquals: { "aws:PrincipalOrgID": "o-abc123" },
      }),
      "NotAction that leaves out every S3 action": {
        Action: undefined,
        NotAction: "s3:*",
        Resource: "*",
      },
      "a Deny of * on *": { ...FULL_ACCESS, Effect: "Deny" },
    });
  });

  it("is not applicable to an endpoint of another service", async () => {
    const policyText = JSON.stringify(sampleEndpointPolicy(FULL_ACCESS));
    const props = {
      vpcId: "vpc-1",
      serviceName: "com.amazonaws.us-east-1.dynamodb",
      policy: policyText,
    };
    await assertNotApplicable(policy, resourceArgs("aws:ec2/vpcEndpoint:VpcEndpoint", props));
  });

  describe("messages", () => {
    const s3Endpoint = (changes: Statement) =>
      resourceArgs("aws:ec2/vpcEndpoint:VpcEndpoint", {
        vpcId: "vpc-1",
        serviceName: "com.amazonaws.eu-west-1.s3",
        policy: JSON.stringify(sampleEndpointPolicy(changes)),
      });

    it("name the statement, what it allows and the fix, on an S3 endpoint", async () => {
      const message = await onlyViolation(policy, s3Endpoint(FULL_ACCESS));
      assert.match(
        message,
        /^policy statement "AllowUploadsToTheTargetBucket": allows \* on \*: every S3 action on every bucket/,
      );
      assert.match(message, /aws:ResourceAccount/);
    });

    it("say, on a standalone VpcEndpointPolicy granting *, that it is a problem if the endpoint is S3's, and how another service's passes", async () => {
      const message = await onlyViolation(policy, endpoint(FULL_ACCESS));
      assert.match(
        message,
        /^policy statement "AllowUploadsToTheTargetBucket": allows \* on \*: if its endpoint is an S3 endpoint \(a VpcEndpointPolicy does not say which service its endpoint is for\), every S3 action on every bucket/,
      );
      assert.match(message, /grant that service's actions \(e\.g\. dynamodb:\*\) instead of \*/);
    });

    it("say, on a standalone VpcEndpointPolicy granting through NotAction, that it is a problem if the endpoint is S3's", async () => {
      const notAction = { Action: undefined, NotAction: "ec2:*", Resource: "*" };
      const message = await onlyViolation(policy, endpoint(notAction));
      assert.match(message, /allows NotAction ec2:\* on \*: if its endpoint is an S3 endpoint/);
    });

    it("say it plainly on a standalone VpcEndpointPolicy that names S3 itself", async () => {
      const message = await onlyViolation(policy, endpoint({ Action: "s3:*", Resource: "*" }));
      assert.match(message, /allows s3:\* on \*: every S3 action on every bucket/);
    });
  });

  it("passes a standalone VpcEndpointPolicy of another service that names its own actions", async () => {
    const dynamodb = { Action: "dynamodb:*", Resource: "*" };
    await assertNoResourceViolations(policy, endpoint(dynamodb));
  });
});
