import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { denyInsecureTransport as policy } from "../../policy-pack/policies/denyInsecureTransport";
import {
  BUCKET_ARN,
  BUCKET_POLICY_CARRIERS,
  GUIDE_UPLOAD_STATEMENT,
  IDENTITY_POLICY_CARRIERS,
  OBJECTS_ARN,
  ROLE_ARN,
  TLS_DENY_STATEMENT,
  UNKNOWN,
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  bucketPolicyArgs,
  describeEveryCarrier,
  guideBucketPolicy,
  guideIdentityPolicy,
  onlyViolation,
  policyDocument,
  projectBucketPolicy,
  resourceArgs,
  runPolicy,
} from "./fixtures";

function withTlsDeny(changes: Record<string, unknown>) {
  return policyDocument(GUIDE_UPLOAD_STATEMENT, { ...TLS_DENY_STATEMENT, ...changes });
}

describe("policy s3-bucket-policy-deny-insecure-transport", () => {
  it("is advisory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "advisory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("reports the guide's bucket policy, which has no TLS-only Deny", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideBucketPolicy()),
        "denies requests without TLS",
      );
    });

    it("accepts the guide's bucket policy with the TLS-only Deny added", async () => {
      await assertNoResourceViolations(policy, args(withTlsDeny({})));
    });
  });

  it("accepts the project's own bucket policy", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  describe("recognises a Deny of everything S3 on the bucket and its objects, only without TLS", () => {
    const accepted: [string, Record<string, unknown>][] = [
      ["Action *", { Action: "*" }],
      ["Resource *", { Resource: "*" }],
      ["Resource arn:aws:s3:::*", { Resource: "arn:aws:s3:::*" }],
      ["the resources in the other order", { Resource: [OBJECTS_ARN, BUCKET_ARN] }],
      ['Principal {"AWS": "*"}', { Principal: { AWS: "*" } }],
      ["BoolIfExists", { Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }],
      ["a JSON boolean false", { Condition: { Bool: { "aws:SecureTransport": false } } }],
      ["the key in another case", { Condition: { Bool: { "AWS:SecureTransport": "false" } } }],
      ["no Sid", { Sid: undefined }],
    ];
    for (const [name, changes] of accepted) {
      it(`accepts the TLS-only Deny with ${name}`, async () => {
        await assertNoResourceViolations(policy, bucketPolicyArgs(withTlsDeny(changes)));
      });
    }

    const rejected: [string, Record<string, unknown>][] = [
      ["only the objects as Resource", { Resource: OBJECTS_ARN }],
      ["only the bucket as Resource", { Resource: BUCKET_ARN }],
      ["only some objects as Resource", { Resource: [BUCKET_ARN, `${BUCKET_ARN}/uploads/*`] }],
      ["only s3:PutObject denied", { Action: "s3:PutObject" }],
      ["NotAction", { Action: undefined, NotAction: "s3:GetObject" }],
      ["aws:SecureTransport true", { Condition: { Bool: { "aws:SecureTransport": "true" } } }],
      [
        "a second condition that narrows it",
        {
          Condition: {
            Bool: { "aws:SecureTransport": "false" },
            StringEquals: { "aws:SourceVpce": "vpce-1" },
          },
        },
      ],
      [
        "a TLS version condition instead",
        { Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
      ],
      ["no Condition (it denies everything)", { Condition: undefined }],
      ["Effect Allow", { Effect: "Allow" }],
      ["one role as Principal", { Principal: { AWS: ROLE_ARN } }],
    ];
    for (const [name, changes] of rejected) {
      it(`reports a would-be TLS Deny with ${name}`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(withTlsDeny(changes)),
          "denies requests without TLS",
        );
      });
    }
  });

  it("reports once per document, with the statement to add", async () => {
    const message = await onlyViolation(policy, bucketPolicyArgs(guideBucketPolicy()));
    assert.match(
      message,
      /^policy has no statement that denies requests without TLS\. Add \{"Sid": "DenyInsecureTransport", "Effect": "Deny"/,
    );
    assert.match(message, /"Condition": \{"Bool": \{"aws:SecureTransport": "false"\}\}/);
  });

  for (const carrier of IDENTITY_POLICY_CARRIERS) {
    it(`is not applicable to ${carrier.type}`, async () => {
      const props = carrier.props(JSON.stringify(guideIdentityPolicy()));
      await assertNotApplicable(policy, resourceArgs(carrier.type, props));
    });
  }

  it("is not applicable to a bucket without an inline policy, whose policy may be a BucketPolicy", async () => {
    await assertNotApplicable(
      policy,
      resourceArgs("aws:s3/bucket:Bucket", { bucket: "b", policy: "" }),
    );
  });

  it("lets an unknown condition value propagate as UnknownValueError", async () => {
    const document = withTlsDeny({ Condition: { Bool: { "aws:SecureTransport": UNKNOWN } } });
    const args = resourceArgs("aws-native:s3:BucketPolicy", {
      bucket: "b",
      policyDocument: document,
    });
    await assert.rejects(runPolicy(policy, args), UnknownValueError);
  });
});
