import * as assert from "assert";
import {
  UploadTarget,
  bucketPolicy,
  lambdaTrustPolicy,
  uploadObjectArn,
  writerRolePolicy,
} from "../../components/policies";

const target: UploadTarget = {
  bucketName: "example-bucket",
  prefix: "uploads/",
  bucketAccountId: "222222222222",
  objectOwnership: "BucketOwnerEnforced",
};
const resources = {
  logGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/uploader",
  failureQueueArn: "arn:aws:sqs:eu-west-1:111111111111:failed",
};
const writer = {
  roleArn: "arn:aws:iam::111111111111:role/uploader",
  roleUniqueId: "AROAEXAMPLEUNIQUEID1",
};

describe("policy documents (components/policies.ts)", () => {
  it("trust policy lets only the Lambda service assume the role", () => {
    const statements = lambdaTrustPolicy().Statement;
    assert.deepStrictEqual(
      statements.map((s) => [s.Effect, s.Principal, s.Action]),
      [["Allow", { Service: "lambda.amazonaws.com" }, "sts:AssumeRole"]],
    );
  });

  it("object resource is the bucket ARN, the prefix and a trailing *", () => {
    assert.strictEqual(uploadObjectArn(target), "arn:aws:s3:::example-bucket/uploads/*");
    assert.strictEqual(uploadObjectArn({ ...target, prefix: "" }), "arn:aws:s3:::example-bucket/*");
  });

  describe("writer role policy (account A)", () => {
    it("allows only s3:PutObject under the prefix, pinned to the bucket owner's account", () => {
      const [upload] = writerRolePolicy(target, resources).Statement;
      assert.deepStrictEqual(upload, {
        Sid: "PutObjectsUnderTargetPrefix",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: "arn:aws:s3:::example-bucket/uploads/*",
        Condition: { StringEquals: { "s3:ResourceAccount": "222222222222" } },
      });
    });

    it("adds s3:PutObjectAcl only when ownership is not BucketOwnerEnforced", () => {
      for (const objectOwnership of ["BucketOwnerPreferred", "ObjectWriter"] as const) {
        const [upload] = writerRolePolicy({ ...target, objectOwnership }, resources).Statement;
        assert.deepStrictEqual(upload.Action, ["s3:PutObject", "s3:PutObjectAcl"]);
      }
    });

    it("scopes log and dead-letter permissions to the function's own log group and queue", () => {
      const [, logs, queue] = writerRolePolicy(target, resources).Statement;
      assert.deepStrictEqual(logs.Resource, `${resources.logGroupArn}:*`);
      assert.deepStrictEqual(logs.Action, ["logs:CreateLogStream", "logs:PutLogEvents"]);
      assert.deepStrictEqual(
        [queue.Action, queue.Resource],
        ["sqs:SendMessage", resources.failureQueueArn],
      );
    });
  });

  describe("bucket policy (account B)", () => {
    it("allows exactly the writer role to put objects under the prefix", () => {
      const [allow] = bucketPolicy(target, [writer]).Statement;
      assert.deepStrictEqual(allow, {
        Sid: "AllowUploadByAROAEXAMPLEUNIQUEID1",
        Effect: "Allow",
        Principal: { AWS: writer.roleArn },
        Action: ["s3:PutObject"],
        Resource: "arn:aws:s3:::example-bucket/uploads/*",
      });
    });

    it("gives each writer role its own statement", () => {
      const other = { roleArn: "arn:aws:iam::333333333333:role/other" };
      const allows = bucketPolicy(target, [writer, other]).Statement.filter(
        (s) => s.Effect === "Allow",
      );
      assert.deepStrictEqual(
        allows.map((s) => [s.Sid, s.Principal]),
        [
          ["AllowUploadByAROAEXAMPLEUNIQUEID1", { AWS: writer.roleArn }],
          ["AllowUploadByWriter2", { AWS: other.roleArn }],
        ],
      );
    });

    it("changes when the writer role is recreated with a new unique id", () => {
      const before = JSON.stringify(bucketPolicy(target, [writer]));
      const after = JSON.stringify(
        bucketPolicy(target, [{ ...writer, roleUniqueId: "AROARECREATEDROLEID2" }]),
      );
      assert.notStrictEqual(before, after);
    });

    it("denies every request that does not use TLS, on the bucket and its objects", () => {
      const deny = bucketPolicy(target, [writer]).Statement.find(
        (s) => s.Sid === "DenyInsecureTransport",
      );
      assert.deepStrictEqual(deny, {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    });

    it("denies the writers a PutObject or CompleteMultipartUpload without If-None-Match: *", () => {
      const other = { roleArn: "arn:aws:iam::333333333333:role/other" };
      const deny = bucketPolicy(target, [writer, other]).Statement.find(
        (s) => s.Sid === "DenyWriterPutWithoutIfNoneMatch",
      );
      assert.deepStrictEqual(deny, {
        Sid: "DenyWriterPutWithoutIfNoneMatch",
        Effect: "Deny",
        Principal: { AWS: [writer.roleArn, other.roleArn] },
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::example-bucket/*",
        // Multipart parts are s3:PutObject too, with s3:ObjectCreationOperation false.
        Condition: {
          Null: { "s3:if-none-match": "true" },
          Bool: { "s3:ObjectCreationOperation": "true" },
        },
      });
    });

    it("with ACLs enabled, denies the writers any ACL but bucket-owner-full-control, and any grant", () => {
      for (const objectOwnership of ["BucketOwnerPreferred", "ObjectWriter"] as const) {
        const statements = bucketPolicy({ ...target, objectOwnership }, [writer]).Statement;
        const grantDeny = (name: string, key: string) => ({
          Sid: `DenyWriterUploadWith${name}`,
          Effect: "Deny",
          Principal: { AWS: writer.roleArn },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::example-bucket/*",
          Condition: { Null: { [key]: "false" } },
        });
        assert.deepStrictEqual(statements.slice(-6), [
          {
            Sid: "DenyWriterAclChangeButBucketOwnerFullControl",
            Effect: "Deny",
            Principal: { AWS: writer.roleArn },
            Action: "s3:PutObjectAcl",
            Resource: "arn:aws:s3:::example-bucket/*",
            Condition: { StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
          },
          {
            Sid: "DenyWriterUploadWithAnotherAcl",
            Effect: "Deny",
            Principal: { AWS: writer.roleArn },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::example-bucket/*",
            Condition: {
              StringNotEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
              Null: { "s3:x-amz-acl": "false" },
            },
          },
          grantDeny("GrantRead", "s3:x-amz-grant-read"),
          grantDeny("GrantReadAcp", "s3:x-amz-grant-read-acp"),
          grantDeny("GrantWriteAcp", "s3:x-amz-grant-write-acp"),
          grantDeny("GrantFullControl", "s3:x-amz-grant-full-control"),
        ]);
      }
    });

    it("has no ACL statements when BucketOwnerEnforced disables ACLs", () => {
      assert.deepStrictEqual(
        bucketPolicy(target, [writer]).Statement.map((s) => s.Sid),
        [
          "AllowUploadByAROAEXAMPLEUNIQUEID1",
          "DenyInsecureTransport",
          "DenyWriterPutWithoutIfNoneMatch",
        ],
      );
    });

    it("refuses to write a policy that trusts no writer", () => {
      assert.throws(() => bucketPolicy(target, []), /at least one writer role/);
    });
  });

  it("both sides grant the same actions on the same resource", () => {
    for (const objectOwnership of ["BucketOwnerEnforced", "ObjectWriter"] as const) {
      const link = { ...target, objectOwnership };
      const [identity] = writerRolePolicy(link, resources).Statement;
      const [resource] = bucketPolicy(link, [writer]).Statement;
      assert.deepStrictEqual(
        [resource.Action, resource.Resource],
        [identity.Action, identity.Resource],
      );
    }
  });
});
