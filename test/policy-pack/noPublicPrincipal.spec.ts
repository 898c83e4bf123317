import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { noPublicPrincipal as policy } from "../../policy-pack/policies/noPublicPrincipal";
import {
  BUCKET_POLICY_CARRIERS,
  IDENTITY_POLICY_CARRIERS,
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

const ORG = { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } };

describe("policy s3-bucket-policy-no-public-principal", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it('rejects the guide\'s bucket policy with Principal "*"', async () => {
      await assertHasResourceViolation(
        policy,
        args(guideBucketPolicy({ Principal: "*" })),
        "allows everyone",
      );
    });

    it("accepts the guide's bucket policy naming the Lambda execution role", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  it("accepts the project's own bucket policy, whose public statement is a Deny", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  describe("fires on an Allow to everyone that no condition restricts", () => {
    const firing: [string, Record<string, unknown>][] = [
      ['Principal "*"', { Principal: "*" }],
      ['Principal {"AWS": "*"}', { Principal: { AWS: "*" } }],
      ['"*" among role ARNs', { Principal: { AWS: [ROLE_ARN, "*"] } }],
      [
        "a condition that does not restrict callers",
        { Principal: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } },
      ],
      [
        "a negated operator",
        { Principal: "*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } } },
      ],
      [
        "an IfExists operator",
        {
          Principal: "*",
          Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } },
        },
      ],
      [
        "ForAllValues",
        {
          Principal: "*",
          Condition: { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
        },
      ],
      [
        "StringLike with a bare *",
        { Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": "*" } } },
      ],
      [
        "StringLike where one value is a bare *",
        { Principal: "*", Condition: { StringLike: { "aws:PrincipalArn": [ROLE_ARN, "*"] } } },
      ],
      [
        "IpAddress 0.0.0.0/0",
        { Principal: "*", Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } },
      ],
    ];
    for (const [name, changes] of firing) {
      it(`fires on ${name}`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(guideBucketPolicy(changes)),
          "allows everyone",
        );
      });
    }

    const quiet: [string, Record<string, unknown>][] = [
      ["aws:PrincipalOrgID under StringEquals", { Principal: "*", Condition: ORG }],
      [
        "a condition key in another case",
        { Principal: "*", Condition: { StringEquals: { "AWS:principalorgid": "o-abc123" } } },
      ],
      [
        "ForAnyValue:StringLike on aws:PrincipalOrgPaths",
        {
          Principal: "*",
          Condition: {
            "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-abc123/r-1/ou-2/*" },
          },
        },
      ],
      [
        "aws:SourceVpce",
        { Principal: "*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } } },
      ],
      [
        "aws:PrincipalArn under ArnLike",
        {
          Principal: { AWS: "*" },
          Condition: {
            ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/uploader-*" },
          },
        },
      ],
      [
        "an office IP range",
        { Principal: "*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } },
      ],
      ["a Deny to everyone", { Principal: "*", Effect: "Deny" }],
    ];
    for (const [name, changes] of quiet) {
      it(`does not fire on ${name}`, async () => {
        await assertNoResourceViolations(policy, bucketPolicyArgs(guideBucketPolicy(changes)));
      });
    }
  });

  it("names the statement and the fix", async () => {
    const document = policyDocument(TLS_DENY_STATEMENT, {
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::b/*",
    });
    const message = await onlyViolation(policy, bucketPolicyArgs(document));
    assert.match(message, /^policy Statement\[1\]: allows everyone, anonymous callers included/);
    assert.match(message, /Name the Lambda execution role ARN under Principal.AWS/);
  });

  it("takes the restricting condition keys from restrictingConditionKeys", async () => {
    const args = bucketPolicyArgs(guideBucketPolicy({ Principal: "*", Condition: ORG }), {
      restrictingConditionKeys: ["aws:SourceVpce"],
    });
    await assertHasResourceViolation(policy, args, "allows everyone");
  });

  for (const carrier of IDENTITY_POLICY_CARRIERS) {
    it(`is not applicable to ${carrier.type}`, async () => {
      const props = carrier.props(JSON.stringify(guideIdentityPolicy()));
      await assertNotApplicable(policy, resourceArgs(carrier.type, props));
    });
  }

  it("lets an unknown condition value propagate as UnknownValueError", async () => {
    const document = guideBucketPolicy({
      Principal: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": UNKNOWN } },
    });
    const args = resourceArgs("aws-native:s3:BucketPolicy", {
      bucket: "b",
      policyDocument: document,
    });
    await assert.rejects(runPolicy(policy, args), UnknownValueError);
  });
});
