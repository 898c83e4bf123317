import { S3ServiceException } from "@aws-sdk/client-s3";
import * as assert from "assert";
import { FailureContext, UploadError, hintFor, s3Failure } from "../../lambda/errors";

const CONTEXT: FailureContext = {
  operation: "PutObject",
  bucket: "cross-account-uploads-222222222222",
  key: "uploads/data-20240501T123456.789Z-r1.json",
  prefix: "uploads/",
  expectedBucketOwner: "222222222222",
};

function serviceError(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: "client",
    $metadata: { httpStatusCode, attempts: 1, requestId: "4442587FB7D0A2F9" },
    message: `${name} from S3`,
  });
}

describe("upload errors and their hints (lambda/errors.ts)", () => {
  it("name the operation, object, S3 code, HTTP status, attempts and S3 request id", () => {
    const cause = serviceError("NoSuchBucket", 404);
    const error = new UploadError(s3Failure(cause), CONTEXT, cause);
    assert.strictEqual(error.name, "UploadError");
    assert.strictEqual(error.cause, cause);
    assert.strictEqual(
      error.message,
      `PutObject to s3://${CONTEXT.bucket}/${CONTEXT.key} failed after 1 attempt(s): ` +
        `NoSuchBucket (HTTP 404): NoSuchBucket from S3. Bucket "${CONTEXT.bucket}" does not ` +
        `exist: check TARGET_BUCKET. [S3 request id 4442587FB7D0A2F9]`,
    );
  });

  it("read a network failure by its system code and the SDK's attempt count", () => {
    const cause = Object.assign(new Error("connect ETIMEDOUT 52.217.0.1:443"), {
      code: "ETIMEDOUT",
      $metadata: { attempts: 3 },
    });
    assert.deepStrictEqual(s3Failure(cause), {
      code: "ETIMEDOUT",
      message: "connect ETIMEDOUT 52.217.0.1:443",
      httpStatus: undefined,
      attempts: 3,
      requestId: undefined,
    });
  });

  const hints: [string, number | undefined, RegExp][] = [
    [
      "AccessDenied",
      403,
      /bucket policy.*role's identity policy.*\/\*.*TARGET_BUCKET.*EXPECTED_BUCKET_OWNER 222222222222.*kms:GenerateDataKey/,
    ],
    ["AccessControlListNotSupported", 400, /BucketOwnerEnforced.*remove OBJECT_ACL/],
    ["PreconditionFailed", 412, /already exists.*intact/],
    ["ConditionalRequestConflict", 409, /in progress; retrying/],
    ["NoSuchBucket", 404, /check TARGET_BUCKET/],
    ["PermanentRedirect", 301, /another region/],
    ["InvalidAccessKeyId", 403, /do not set AWS_ACCESS_KEY_ID/],
    ["CredentialsProviderError", undefined, /execution role's credentials/],
    ["TimeoutError", undefined, /S3 gateway endpoint.*NAT.*endpoint policy/],
    ["ENOTFOUND", undefined, /S3 gateway endpoint/],
    ["SlowDown", 503, /retries and the on-failure destination keep the event/],
    ["BadGateway", 502, /on-failure destination/],
    ["SomethingNew", 400, /S3 error code reference for SomethingNew/],
  ];
  for (const [code, httpStatus, hint] of hints) {
    it(`explain ${code}`, () => {
      assert.match(hintFor({ code, message: "", httpStatus }, CONTEXT), hint);
    });
  }

  it("ask for s3:PutObjectAcl on AccessDenied only when an ACL is sent", () => {
    const failure = { code: "AccessDenied", message: "", httpStatus: 403 };
    assert.doesNotMatch(hintFor(failure, CONTEXT), /PutObjectAcl/);
    assert.match(
      hintFor(failure, { ...CONTEXT, objectAcl: "bucket-owner-full-control" }),
      /OBJECT_ACL is set, so both policies must also allow s3:PutObjectAcl/,
    );
  });
});
