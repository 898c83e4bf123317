import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { noAccountRootPrincipal as policy } from "../../policy-pack/policies/noAccountRootPrincipal";
import {
  ACCOUNT_A,
  BUCKET_POLICY_CARRIERS,
  GUIDE_UPLOAD_STATEMENT,
  IDENTITY_POLICY_CARRIERS,
  ROLE_ARN,
  ROOT_ARN,
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

describe("policy s3-bucket-policy-no-account-root-principal", () => {
  it("is mandatory by default", () => {
    assert.strictEqual(policy.enforcementLevel, "mandatory");
  });

  describeEveryCarrier(BUCKET_POLICY_CARRIERS, (args) => {
    it("rejects the guide's bucket policy with the root of account A as principal", async () => {
      await assertHasResourceViolation(
        policy,
        args(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })),
        "Use the Lambda execution role ARN, not the account root",
      );
    });

    it("accepts the guide's bucket policy naming the Lambda execution role", async () => {
      await assertNoResourceViolations(policy, args(guideBucketPolicy()));
    });
  });

  it("accepts the project's own bucket policy", async () => {
    await assertNoResourceViolations(policy, bucketPolicyArgs(projectBucketPolicy()));
  });

  describe("fires exactly when an Allow statement grants an AWS principal at account level", () => {
    const rootForms: [string, unknown][] = [
      ["a root ARN", ROOT_ARN],
      ["a bare 12-digit account id", ACCOUNT_A],
      ["a root ARN in an array", [ROLE_ARN, ROOT_ARN]],
      ["a GovCloud root ARN", `arn:aws-us-gov:iam::${ACCOUNT_A}:root`],
      ["a China root ARN", `arn:aws-cn:iam::${ACCOUNT_A}:root`],
      ["an ISO-B root ARN", `arn:aws-iso-b:iam::${ACCOUNT_A}:root`],
    ];
    for (const [name, aws] of rootForms) {
      it(`fires on ${name} under Principal.AWS`, async () => {
        await assertHasResourceViolation(
          policy,
          bucketPolicyArgs(guideBucketPolicy({ Principal: { AWS: aws } })),
          `account ${ACCOUNT_A}`,
        );
      });
    }

    const notRoot: [string, unknown][] = [
      ["a role ARN", { AWS: ROLE_ARN }],
      ["an assumed-role session ARN", { AWS: `arn:aws:sts::${ACCOUNT_A}:assumed-role/r/s` }],
      ["a user named root", { AWS: `arn:aws:iam::${ACCOUNT_A}:user/root` }],
      ["an 11-digit number", { AWS: "12345678901" }],
      ["a service principal", { Service: "lambda.amazonaws.com" }],
      [
        "a canonical user",
        { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
      ],
      ["an account id under Service", { Service: ACCOUNT_A }],
    ];
    for (const [name, principal] of notRoot) {
      it(`does not fire on ${name}`, async () => {
        await assertNoResourceViolations(
          policy,
          bucketPolicyArgs(guideBucketPolicy({ Principal: principal })),
        );
      });
    }

    it("does not fire on a Deny statement naming an account root", async () => {
      const deny = { ...GUIDE_UPLOAD_STATEMENT, Effect: "Deny", Principal: { AWS: ROOT_ARN } };
      await assertNoResourceViolations(policy, bucketPolicyArgs(policyDocument(deny)));
    });

    it("does not fire on NotPrincipal (the NotPrincipal policy's concern)", async () => {
      const document = guideBucketPolicy({ Principal: undefined, NotPrincipal: { AWS: ROOT_ARN } });
      await assertNoResourceViolations(policy, bucketPolicyArgs(document));
    });

    it("fires on a root principal even when a condition narrows it to one role", async () => {
      const document = guideBucketPolicy({
        Principal: { AWS: ROOT_ARN },
        Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } },
      });
      await assertHasResourceViolation(policy, bucketPolicyArgs(document), ROOT_ARN);
    });

    it("reports every root entry of a statement, one message each", async () => {
      const document = guideBucketPolicy({ Principal: { AWS: [ROOT_ARN, "210987654321"] } });
      const { violations } = await runPolicy(policy, bucketPolicyArgs(document));
      assert.strictEqual(violations.length, 2);
    });
  });

  describe("messages", () => {
    it("name the statement by Sid and give the fix in the guide's words", async () => {
      const message = await onlyViolation(
        policy,
        bucketPolicyArgs(guideBucketPolicy({ Principal: { AWS: ROOT_ARN } })),
      );
      assert.match(
        message,
        /^policy statement "AllowCrossAccountUpload": Principal arn:aws:iam::123456789012:root is the account root/,
      );
      assert.match(message, /Use the Lambda execution role ARN, not the account root/);
      assert.match(message, /arn:aws:iam::123456789012:role\/<lambda-execution-role>/);
    });

    it("name a statement without Sid by its index, and keep the principal's partition", async () => {
      const document = policyDocument(GUIDE_UPLOAD_STATEMENT, {
        ...GUIDE_UPLOAD_STATEMENT,
        Sid: undefined,
        Principal: { AWS: `arn:aws-cn:iam::${ACCOUNT_A}:root` },
      });
      const message = await onlyViolation(policy, bucketPolicyArgs(document));
      assert.match(message, /^policy Statement\[1\]: /);
      assert.match(message, /arn:aws-cn:iam::123456789012:role\/<lambda-execution-role>/);
    });

    it("say that a bare account id means the account root", async () => {
      const message = await onlyViolation(
        policy,
        bucketPolicyArgs(guideBucketPolicy({ Principal: { AWS: ACCOUNT_A } })),
      );
      assert.match(
        message,
        /Principal 123456789012 is a bare account id, the same as that account's root/,
      );
    });
  });

  describe("configuration", () => {
    it("exempts the accounts listed in exemptAccountIds", async () => {
      const document = guideBucketPolicy({ Principal: { AWS: [ROOT_ARN, "210987654321"] } });
      const args = bucketPolicyArgs(document, { exemptAccountIds: [ACCOUNT_A] });
      const message = await onlyViolation(policy, args);
      assert.match(message, /account 210987654321/);
    });

    it("declares exemptAccountIds in its config schema with an empty default", () => {
      const schema = policy.configSchema?.properties.exemptAccountIds;
      assert.deepStrictEqual(schema?.default, []);
    });
  });

  describe("applicability and odd input", () => {
    for (const carrier of IDENTITY_POLICY_CARRIERS) {
      it(`is not applicable to ${carrier.type}`, async () => {
        const props = carrier.props(JSON.stringify(guideIdentityPolicy()));
        await assertNotApplicable(policy, resourceArgs(carrier.type, props));
      });
    }

    it("is not applicable to a bucket without an inline policy", async () => {
      await assertNotApplicable(policy, resourceArgs("aws:s3/bucket:Bucket", { bucket: "b" }));
    });

    it("leaves a principal it cannot read to policy-document-well-formed", async () => {
      const odd = [{ AWS: 42 }, "arn:aws:iam::123456789012:root", { aws: ROOT_ARN }, []];
      for (const principal of odd) {
        await assertNoResourceViolations(
          policy,
          bucketPolicyArgs(guideBucketPolicy({ Principal: principal })),
        );
      }
      await assertNoResourceViolations(policy, bucketPolicyArgs("{not json"));
    });

    it("still judges the readable entries of a partly malformed principal", async () => {
      const document = guideBucketPolicy({ Principal: { AWS: [42, ROOT_ARN] } });
      await assertHasResourceViolation(policy, bucketPolicyArgs(document), ROOT_ARN);
    });

    it("lets the preview-time unknown policy reach the server's can't-run-during-preview path", async () => {
      const args = resourceArgs("aws:s3/bucketPolicy:BucketPolicy", {
        bucket: "b",
        policy: UNKNOWN,
      });
      await assert.rejects(runPolicy(policy, args), UnknownValueError);
    });

    it("lets an unknown principal inside an object document propagate too", async () => {
      const document = guideBucketPolicy({ Principal: { AWS: UNKNOWN } });
      const args = resourceArgs("aws-native:s3:BucketPolicy", {
        bucket: "b",
        policyDocument: document,
      });
      await assert.rejects(runPolicy(policy, args), UnknownValueError);
    });
  });
});
