import { UnknownValueError } from "@pulumi/policy";
import * as assert from "assert";
import { DocumentKind } from "../../policy-pack/lib/document/model";
import { wellFormedPolicyDocument as policy } from "../../policy-pack/policies/wellFormedPolicyDocument";
import { bucketPolicyArgs, guideBucketArgs, guideRoleArgs, policyArgs } from "../harness/carriers";
import {
  GUIDE_UPLOAD_STATEMENT,
  ROLE_ARN,
  Statement,
  guideBucketPolicy,
  guideIdentityPolicy,
  policyDocument,
} from "../harness/policyDocuments";
import { UNKNOWN } from "../harness/engineValues";
import { resourceArgs, runPolicy } from "../harness/policyRunner";
import {
  assertHasResourceViolation,
  assertNoResourceViolations,
  onlyViolation,
} from "./assertions";
import { describePolicyContract, guideDocument } from "./contract";

/** A bucket policy of `statements` copies of the guide's statement, written out compactly. */
function bucketPolicyOf(statements: number): string {
  const statement = guideBucketPolicy().Statement as Statement[];
  return JSON.stringify(policyDocument(...Array(statements).fill(statement[0])));
}

/** A reference from every object read through `value` (the analyzer's proxy) to `counter`. */
function countingReads<T extends object>(value: T, counter: { reads: number }): T {
  return new Proxy(value, {
    get(target, key, receiver) {
      counter.reads++;
      const read: unknown = Reflect.get(target, key, receiver);
      return typeof read === "object" && read !== null ? countingReads(read, counter) : read;
    },
  });
}

/** An identity policy of `size` characters: the guide's statement and a padded Id. */
function sized(size: number): string {
  const prefix = '{"Version":"2012-10-17","Id":"';
  const suffix = `","Statement":${JSON.stringify(guideIdentityPolicy().Statement)}}`;
  return `${prefix}${"x".repeat(size - prefix.length - suffix.length)}${suffix}`;
}

describe("policy policy-document-well-formed", () => {
  describePolicyContract(
    policy,
    "mandatory",
    ["bucket", "accessPoint", "identity", "key", "endpoint"],
    {
      fires: { Effect: "allow" },
      message: 'Effect must be "Allow" or "Deny", got "allow"',
      reportsMalformed: true,
    },
  );

  it("reports a principal in an identity policy", async () => {
    const args = guideRoleArgs({ Principal: { AWS: ROLE_ARN } });
    await assertHasResourceViolation(policy, args, "which an identity policy cannot do");
  });

  describe("says what is wrong with a document", () => {
    const documents: [string, unknown, string][] = [
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
      [
        "a key written twice, as JSON.parse would silently drop it",
        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "${ROLE_ARN}", "AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
        'policy has the key "AWS" twice in Statement[0].Principal; JSON keeps only the last',
      ],
      [
        "a key written twice at the top, one of them escaped",
        '{"Statement": [], "St\\u0061tement": []}',
        'has the key "Statement" twice in the document',
      ],
    ];
    for (const [name, document, message] of documents) {
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

    it("reports an object document nested deeper than any policy document, without reading it all", async () => {
      let nested: unknown = "s3:PutObject";
      for (let i = 0; i < 40; i++) nested = [nested];
      const document = guideBucketPolicy({ Action: nested });
      const args = resourceArgs("aws-native:s3:BucketPolicy", {
        bucket: "b",
        policyDocument: document,
      });
      const message = await onlyViolation(policy, args);
      assert.strictEqual(
        message,
        "policyDocument is nested more than 32 levels deep, deeper than any policy document",
      );
    });

    it("passes the same key in two different objects", async () => {
      await assertNoResourceViolations(
        policy,
        guideBucketArgs({ Sid: "AWS", Principal: { AWS: ROLE_ARN } }),
      );
    });
  });

  describe("holds each document to AWS's size limit for its kind, counted without whitespace", () => {
    const limits: [string, DocumentKind | string, number][] = [
      ["bucket policy", "bucket", 20_480],
      ["access point policy", "accessPoint", 20_480],
      ["IAM managed policy", "aws:iam/policy:Policy", 6_144],
      ["role's inline policies", "identity", 10_240],
      ["user's inline policies", "aws:iam/userPolicy:UserPolicy", 2_048],
      ["KMS key policy", "key", 32_768],
      ["VPC endpoint policy", "endpoint", 20_480],
    ];
    for (const [what, where, limit] of limits) {
      it(`refuses a ${what} over ${limit.toLocaleString("en-US")} characters, with one message, and not the one at the limit`, async () => {
        const statement = JSON.stringify(
          guideDocument(where === "identity" || where.startsWith("aws:iam") ? "identity" : "bucket")
            .Statement,
        );
        const prefix = '{"Version":"2012-10-17","Id":"';
        const suffix = `","Statement":${statement}}`;
        const sized = (size: number) =>
          `${prefix}${"x".repeat(size - prefix.length - suffix.length)}${suffix}`;
        const args = (document: string) =>
          where.includes(":")
            ? resourceArgs(where, { policy: document })
            : policyArgs(where as DocumentKind, document);
        await assertNoResourceViolations(policy, args(sized(limit)));
        const message = await onlyViolation(policy, args(sized(limit + 1)));
        assert.match(
          message,
          new RegExp(
            `is ${(limit + 1).toLocaleString("en-US")} characters long without whitespace, over the ${limit.toLocaleString("en-US")} AWS accepts`,
          ),
        );
      });
    }

    it("holds a role's inline policies to the 10,240 characters they share, naming the total", async () => {
      const [first, second] = [sized(6_000), sized(4_240)];
      const role = (policies: string[]) =>
        resourceArgs("aws:iam/role:Role", {
          inlinePolicies: policies.map((policy, i) => ({ name: `p${i}`, policy })),
        });
      await assertNoResourceViolations(policy, role([first, second]));
      const message = await onlyViolation(policy, role([first, sized(4_241)]));
      assert.strictEqual(
        message,
        "inlinePolicies (2 documents) together are 10,241 characters long without whitespace, over the 10,240 AWS accepts for the inline policies of an IAM role; they were not read further. Move some into a managed policy attached instead, or shorten them",
      );
    });

    it("holds an aws-native user's inline policies, as objects, to the 2,048 characters they share", async () => {
      const document = guideIdentityPolicy();
      const policies = Array.from({ length: 20 }, (_, i) => ({
        policyName: `p${i}`,
        policyDocument: document,
      }));
      const message = await onlyViolation(
        policy,
        resourceArgs("aws-native:iam:User", { policies }),
      );
      assert.match(
        message,
        /^policies \(20 documents\) together are at least 2,0\d\d characters long without whitespace, over the 2,048 AWS accepts for the inline policies of an IAM user/,
      );
    });

    it("stops reading an object document once it is over its limit", async () => {
      const document = policyDocument(...Array(2_000).fill(GUIDE_UPLOAD_STATEMENT));
      const counter = { reads: 0 };
      const args = resourceArgs("aws-native:s3:BucketPolicy", {
        bucket: "b",
        policyDocument: document,
      });
      const message = await onlyViolation(policy, {
        ...args,
        props: countingReads(args.props, counter),
      });
      assert.match(
        message,
        /^policyDocument is at least 20,4\d\d characters long without whitespace, over the 20,480 AWS accepts for an S3 bucket policy; it was not read further/,
      );
      assert.ok(counter.reads < 3_000, `${counter.reads} property reads`);
    });

    it("reports an object document over its limit during preview when what is unknown lies past the limit", async () => {
      const statements = Array(2_000).fill(GUIDE_UPLOAD_STATEMENT);
      const over = (document: Record<string, unknown>) =>
        resourceArgs("aws-native:s3:BucketPolicy", { bucket: "b", policyDocument: document });
      await assertHasResourceViolation(
        policy,
        over({ Statement: [...statements, { Sid: UNKNOWN }] }),
        "is at least 20,4",
      );
      await assert.rejects(
        runPolicy(policy, over({ Id: UNKNOWN, Statement: statements })),
        UnknownValueError,
      );
    });

    it("does not count whitespace", async () => {
      const indented = JSON.stringify(JSON.parse(bucketPolicyOf(80)), null, 40);
      assert.ok(indented.length > 20_480);
      await assertNoResourceViolations(policy, bucketPolicyArgs(indented));
    });
  });

  describe("says what is wrong with a statement, naming it by Sid or index", () => {
    const cases: [string, Statement, string][] = [
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
        await assertHasResourceViolation(policy, guideBucketArgs(changes), message);
      });
    }

    it("reports every problem of every statement, in order", async () => {
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
    const cases: [string, string, Record<string, unknown>, string][] = [
      [
        "a bucket policy resource without a policy",
        "aws:s3/bucketPolicy:BucketPolicy",
        { bucket: "b", policy: " " },
        "policy is missing or empty",
      ],
      [
        "an aws-native bucket policy without a policyDocument",
        "aws-native:s3:BucketPolicy",
        { bucket: "b" },
        "policyDocument is missing or empty",
      ],
      [
        "a KMS KeyPolicy without a policy",
        "aws:kms/keyPolicy:KeyPolicy",
        { keyId: "k" },
        "policy is missing or empty",
      ],
      [
        "inline policies that are not an array",
        "aws:iam/role:Role",
        { inlinePolicies: "upload" },
        "inlinePolicies must be an array of { name, policy }",
      ],
      [
        "an inline policy entry that is not an object",
        "aws:iam/role:Role",
        { inlinePolicies: [5] },
        "inlinePolicies[0] must be an object { name, policy }",
      ],
      [
        "aws-native role policies that are not an array",
        "aws-native:iam:Role",
        { policies: {} },
        "policies must be an array of { policyName, policyDocument }",
      ],
    ];
    for (const [name, type, props, message] of cases) {
      it(`reports ${name}`, async () => {
        await assertHasResourceViolation(policy, resourceArgs(type, props), message);
      });
    }

    it("passes resources whose document is optional and absent", async () => {
      for (const type of [
        "aws:s3/bucket:Bucket",
        "aws:kms/key:Key",
        "aws:ec2/vpcEndpoint:VpcEndpoint",
      ]) {
        await assertNoResourceViolations(policy, resourceArgs(type, { bucket: "b" }));
      }
    });
  });
});
