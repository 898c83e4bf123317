import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { wellFormedPolicyDocument as policy } from "../../policy-pack/policies/wellFormedPolicyDocument";
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
  policyDocument,
  projectBucketPolicy,
  projectWriterPolicy,
  resourceArgs,
  rolePolicyArgs,
  runPolicy,
} from "./fixtures";

describe("policy policy-document-well-formed", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("rejects a bucket policy statement with a lowercase effect", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideBucketPolicy({ Effect: "allow" })),
        'Effect must be "Allow" or "Deny", got "allow"',
      );
    });

    it("accepts the guide's bucket policy", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  describeEveryCarrier(IDENTITY_POLICY_CARRIERS, (args) => {
    it("rejects an identity policy that names a principal", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideIdentityPolicy({ Principal: { AWS: ROLE_ARN } })),
        "which an identity policy cannot do",
      );
    });

    it("accepts the guide's Account A policy", async () => {
      await assertNoResourceViolations(policy, args(guideIdentityPolicy()));
    });
  });

  it("accepts the project's own bucket and writer role policies", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
    await assertNoResourceViolations(policy, rolePolicyArgs(projectWriterPolicy()));
  });

  describe("says what is wrong with a document", () => {
    const cases: [string, unknown, string][] = [
      ["text that is not JSON", "{not json", "policy is not valid JSON ("],
      ["a JSON array", "[]", "policy must be a JSON object with a Statement, got an array"],
      [
        "a JSON string",
        '"s3:PutObject"',
        'policy must be a JSON object with a Statement, got "s3:PutObject"',
      ],
      ["a document without Statement", "{}", "policy has no Statement"],
      [
        "a lowercase statement element",
        { statement: [] },
        'policy has an unknown top-level element "statement"',
      ],
      [
        "an unknown Version",
        { Version: "2020-01-01", Statement: [] },
        'policy Version must be "2012-10-17", got "2020-01-01"',
      ],
      [
        "a Statement that is a string",
        { Statement: "allow all" },
        "policy Statement must be an object or an array of objects",
      ],
      ["an empty Statement array", { Statement: [] }, "policy Statement is an empty array"],
      [
        "a statement that is not an object",
        { Statement: [42] },
        "policy Statement[0] must be an object, got a number",
      ],
    ];
    for (const [name, document, message] of cases) {
      it(`reports ${name}`, async () => {
        await assertHasResourceViolation(policy, bucketPolicyArgs(document), message);
      });
    }

    it("reports a policy that is neither text nor an object", async () => {
      const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: 42 });
      await assertHasResourceViolation(
        policy,
        args,
        "policy must be a policy document (JSON text or an object), got a number",
      );
    });
  });

  describe("says what is wrong with a statement, naming it by Sid or index", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        "a missing Effect",
        { Effect: undefined },
        'statement "AllowCrossAccountUpload" Effect must be "Allow" or "Deny", got nothing',
      ],
      [
        "a case-misspelt element",
        { effect: "Allow" },
        'statement "AllowCrossAccountUpload" has an unknown element "effect"',
      ],
      ["a Sid that is not a string", { Sid: 5 }, "Statement[0] Sid must be a string, got a number"],
      ["Principal and NotPrincipal", { NotPrincipal: "*" }, "has both Principal and NotPrincipal"],
      ["no Principal in a bucket policy", { Principal: undefined }, "has no Principal"],
      [
        "a Principal string other than *",
        { Principal: ROLE_ARN },
        'Principal must be "*" or an object such as {"AWS": "<role ARN>"}',
      ],
      [
        "an unknown principal type",
        { Principal: { aws: ROLE_ARN } },
        'Principal has an unknown principal type "aws"',
      ],
      [
        "a principal entry that is not a string",
        { Principal: { AWS: 123456789012 } },
        "Principal.AWS must be a string or an array of strings, got a number",
      ],
      [
        "a wildcard inside a principal ARN",
        { Principal: { AWS: "arn:aws:iam::*:root" } },
        'Principal.AWS entry "arn:aws:iam::*:root" has a wildcard; IAM allows only a lone "*" there',
      ],
      ["an empty principal list", { Principal: { AWS: [] } }, "Principal.AWS is an empty array"],
      ["an empty Principal object", { Principal: {} }, "Principal is an empty object"],
      ["no Action", { Action: undefined }, "has no Action"],
      [
        "an Action entry that is not a string",
        { Action: ["s3:PutObject", 1] },
        "Action[1] must be a string, got a number",
      ],
      [
        "an action without a service",
        { Action: "PutObject" },
        'Action entry "PutObject" is not an action',
      ],
      ["no Resource", { Resource: undefined }, "has no Resource"],
      [
        "Resource and NotResource",
        { NotResource: "arn:aws:s3:::b/x" },
        "has both Resource and NotResource",
      ],
      [
        "a Condition that is not an object",
        { Condition: "secure" },
        'Condition must be an object of {"<operator>": {"<key>": <value>}}',
      ],
      [
        "an operator block that is not an object",
        { Condition: { Bool: "false" } },
        "Condition.Bool must be an object",
      ],
      [
        "a condition value that is an object",
        { Condition: { Bool: { "aws:SecureTransport": {} } } },
        'Condition.Bool["aws:SecureTransport"] must be a string, number or boolean, got an object',
      ],
      [
        "an empty condition value list",
        { Condition: { StringEquals: { "aws:SourceVpce": [] } } },
        'Condition.StringEquals["aws:SourceVpce"] is an empty array',
      ],
    ];
    for (const [name, changes, message] of cases) {
      it(`reports ${name}`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(guideBucketPolicy(changes)),
          message,
        );
      });
    }

    it("reports every problem of every statement", async () => {
      const document = policyDocument(
        { Effect: "Allow" },
        { Sid: "S", Effect: "Deny", Principal: "*" },
      );
      const { violations } = await runPolicy(policy, bucketPolicyArgs(document));
      assert.deepStrictEqual(violations, [
        "policy Statement[0] has no Principal",
        "policy Statement[0] has no Action",
        "policy Statement[0] has no Resource",
        'policy statement "S" has no Action',
        'policy statement "S" has no Resource',
      ]);
    });
  });

  describe("says what is wrong with where a resource keeps its documents", () => {
    it("reports a bucket policy resource without a policy", async () => {
      const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", { bucket: "b", policy: " " });
      await assertHasResourceViolation(policy, args, "policy is missing or empty");
    });

    it("reports an aws-native bucket policy without a policyDocument", async () => {
      const args = resourceArgs("aws-native:s3:BucketPolicy", { bucket: "b" });
      await assertHasResourceViolation(policy, args, "policyDocument is missing or empty");
    });

    it("reports inline policies that are not an array", async () => {
      const args = resourceArgs("aws:iam/role:Role", {
        assumeRolePolicy: "{}",
        inlinePolicies: "upload",
      });
      await assertHasResourceViolation(
        policy,
        args,
        "inlinePolicies must be an array of { name, policy }",
      );
    });

    it("reports an inline policy entry that is not an object", async () => {
      const args = resourceArgs("aws:iam/role:Role", {
        assumeRolePolicy: "{}",
        inlinePolicies: [5],
      });
      await assertHasResourceViolation(
        policy,
        args,
        "inlinePolicies[0] must be an object { name, policy }",
      );
    });

    it("accepts a bucket without an inline policy", async () => {
      await assertNoResourceViolations(
        policy,
        resourceArgs("aws:s3/bucket:Bucket", { bucket: "b" }),
      );
    });
  });

  it("is not applicable to resources that carry no bucket or identity policy", async () => {
    await assertNotApplicable(
      policy,
      resourceArgs("aws:lambda/function:Function", { role: ROLE_ARN }),
    );
  });

  it("lets an unknown policy propagate as UnknownValueError", async () => {
    await assert.rejects(runPolicy(policy, rolePolicyArgs(UNKNOWN)), UnknownValueError);
  });
});
