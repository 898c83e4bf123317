import { S3ServiceException } from "@aws-sdk/client-s3";
import * as assert from "assert";
import * as fs from "fs";
import { CONNECTION_TIMEOUT_TEXT, Delivery, deliveryOf } from "../../lambda/delivery";
import {
  FailureContext,
  NotReachedError,
  OutcomeUnknownError,
  UploadError,
  hintFor,
  s3Failure,
  uploadError,
} from "../../lambda/errors";

const CONTEXT: FailureContext = {
  operation: "PutObject",
  bucket: "cross-account-uploads-222222222222",
  key: "uploads/data-r1.json",
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

function systemError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("upload errors and their hints (lambda/errors.ts)", () => {
  it("name the operation, object, S3 code, HTTP status, attempts and S3 request id", () => {
    const cause = serviceError("NoSuchBucket", 404);
    const error = uploadError(cause, CONTEXT);
    assert.strictEqual(error.name, "UploadError");
    assert.strictEqual(error.cause, cause);
    assert.strictEqual(error.retryable, false);
    assert.strictEqual(
      error.message,
      `PutObject to s3://${CONTEXT.bucket}/${CONTEXT.key} failed after 1 attempt(s): ` +
        `NoSuchBucket (HTTP 404): NoSuchBucket from S3. Bucket "${CONTEXT.bucket}" does not ` +
        `exist: check TARGET_BUCKET. [S3 request id 4442587FB7D0A2F9]`,
    );
  });

  it("read a network failure by its system code and the SDK's attempt count", () => {
    const cause = systemError("connect ETIMEDOUT 52.217.0.1:443", {
      code: "ETIMEDOUT",
      $metadata: { attempts: 3 },
    });
    assert.deepStrictEqual(s3Failure(cause), {
      code: "ETIMEDOUT",
      message: "connect ETIMEDOUT 52.217.0.1:443",
      httpStatus: undefined,
      attempts: 3,
      requestId: undefined,
      delivery: "unknown",
    });
  });

  // The shapes @smithy/node-http-handler 4.x and the SDK give these failures.
  const deliveries: [string, unknown, Delivery][] = [
    ["an S3 answer", serviceError("SlowDown", 503), "answered"],
    [
      "a refused connection",
      systemError("connect ECONNREFUSED", { code: "ECONNREFUSED" }),
      "not-reached",
    ],
    ["a DNS failure", systemError("getaddrinfo ENOTFOUND", { code: "ENOTFOUND" }), "not-reached"],
    [
      "a connection that did not open in time",
      systemError(`@smithy/node-http-handler - the request socket ${CONNECTION_TIMEOUT_TEXT}`, {
        name: "TimeoutError",
      }),
      "not-reached",
    ],
    [
      "missing credentials",
      systemError("Could not load credentials", { name: "CredentialsProviderError" }),
      "not-reached",
    ],
    [
      "a request that timed out after it was sent",
      systemError("a request has exceeded the configured 750 ms requestTimeout", {
        name: "TimeoutError",
        code: "ETIMEDOUT",
      }),
      "unknown",
    ],
    ["a reset connection", systemError("socket hang up", { code: "ECONNRESET" }), "unknown"],
    ["an abort", systemError("Request aborted", { name: "AbortError" }), "unknown"],
    ["a thrown string", "boom", "unknown"],
    // Node.js raises these while building the request, before anything is sent.
    [
      "an endpoint URL that cannot be parsed",
      Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL" }),
      "not-reached",
    ],
    [
      "a header value HTTP does not allow",
      Object.assign(new TypeError('Invalid character in header content ["content-type"]'), {
        code: "ERR_INVALID_CHAR",
      }),
      "not-reached",
    ],
  ];
  for (const [what, error, delivery] of deliveries) {
    it(`judge ${what} as ${delivery}`, () => {
      assert.strictEqual(deliveryOf(error), delivery);
    });
  }

  it("match the connection-timeout text of the installed @smithy/node-http-handler", () => {
    const source = fs.readFileSync(require.resolve("@smithy/node-http-handler"), "utf8");
    assert.ok(source.includes(CONNECTION_TIMEOUT_TEXT));
  });

  it("say 'outcome unknown' when any attempt may have stored, even if the last was refused", () => {
    const last = systemError("connect ECONNREFUSED", {
      code: "ECONNREFUSED",
      $metadata: { attempts: 3 },
      $deliveries: ["unknown", "not-reached", "not-reached"],
    });
    const error = uploadError(last, CONTEXT);
    assert.ok(error instanceof OutcomeUnknownError);
    assert.strictEqual(error.retryable, true);
    assert.match(
      error.message,
      /S3 may have stored the object\. Retrying with the same key is safe/,
    );
  });

  it("say 'not reached' when no attempt left the function", () => {
    const last = systemError("connect ECONNREFUSED", {
      code: "ECONNREFUSED",
      $deliveries: ["not-reached", "not-reached", "not-reached"],
    });
    const error = uploadError(last, CONTEXT);
    assert.ok(error instanceof NotReachedError);
    assert.ok(error instanceof UploadError);
    assert.strictEqual(error.retryable, true);
    assert.match(error.message, /could not be reached, so nothing was written/);
  });

  const hints: [string, number | undefined, Delivery, RegExp, boolean][] = [
    [
      "AccessDenied",
      403,
      "answered",
      /bucket policy.*role's identity policy.*\/\*.*TARGET_BUCKET.*EXPECTED_BUCKET_OWNER 222222222222.*gateway endpoint's policy is a third gate.*kms:GenerateDataKey and kms:Decrypt/,
      false,
    ],
    [
      "ERR_INVALID_URL",
      undefined,
      "not-reached",
      /could not build the request \(ERR_INVALID_URL\), so nothing was sent\. Check .*AWS_ENDPOINT_URL_S3.*retrying does not help/,
      false,
    ],
    [
      "AccessControlListNotSupported",
      400,
      "answered",
      /BucketOwnerEnforced.*remove OBJECT_ACL/,
      false,
    ],
    ["PreconditionFailed", 412, "answered", /already exists.*intact.*idempotentKey/, false],
    [
      "ConditionalRequestConflict",
      409,
      "answered",
      /in progress\. Retrying with the same key/,
      true,
    ],
    ["NoSuchBucket", 404, "answered", /check TARGET_BUCKET/, false],
    ["PermanentRedirect", 301, "answered", /another region/, false],
    ["InvalidAccessKeyId", 403, "answered", /do not set AWS_ACCESS_KEY_ID/, false],
    ["CredentialsProviderError", undefined, "not-reached", /execution role's credentials/, true],
    ["TimeoutError", undefined, "not-reached", /S3 gateway endpoint.*NAT.*endpoint policy/, true],
    ["ENOTFOUND", undefined, "not-reached", /S3 gateway endpoint/, true],
    ["ECONNRESET", undefined, "unknown", /may have stored.*S3 gateway endpoint/, true],
    ["SlowDown", 503, "answered", /did not store the object.*on-failure destination/, true],
    ["BadGateway", 502, "answered", /on-failure destination/, true],
    ["RequestTimeout", 400, "answered", /on-failure destination/, true],
    ["SomethingNew", 400, "answered", /S3 error code reference for SomethingNew/, false],
  ];
  for (const [code, httpStatus, delivery, hint, retryable] of hints) {
    it(`explain ${code} (${delivery}), ${retryable ? "retryable" : "not retryable"}`, () => {
      const failure = { code, message: "", httpStatus, delivery };
      assert.match(hintFor(failure, CONTEXT), hint);
      assert.strictEqual(new UploadError(failure, CONTEXT, undefined).retryable, retryable);
    });
  }

  it("ask for s3:PutObjectAcl on AccessDenied only when an ACL is sent, in the endpoint policy too", () => {
    const failure = {
      code: "AccessDenied",
      message: "",
      httpStatus: 403,
      delivery: "answered" as const,
    };
    assert.doesNotMatch(hintFor(failure, CONTEXT), /PutObjectAcl/);
    const acl = hintFor(failure, { ...CONTEXT, objectAcl: "bucket-owner-full-control" });
    assert.match(acl, /OBJECT_ACL is set, so both policies must also allow s3:PutObjectAcl/);
    assert.match(
      acl,
      /endpoint's policy is a third gate: it must allow s3:PutObject and s3:PutObjectAcl on arn:aws:s3:::cross-account-uploads-222222222222\/uploads\/\*/,
    );
  });

  it("word the SSE-KMS grant as the stacks write it: both actions, through S3, the bucket's context", () => {
    const failure = { code: "AccessDenied", message: "", delivery: "answered" as const };
    assert.match(
      hintFor(failure, CONTEXT),
      /kms:GenerateDataKey and kms:Decrypt \(multipart uploads\) through S3 \(kms:ViaService s3\.<bucket's region>\.amazonaws\.com\) with the bucket's encryption context \(kms:EncryptionContext:aws:s3:arn arn:aws:s3:::cross-account-uploads-222222222222\)/,
    );
  });

  it("name both upload actions in the VPC advice of an unreached S3 when an ACL is sent", () => {
    const failure = { code: "ENOTFOUND", message: "", delivery: "not-reached" as const };
    assert.match(
      hintFor(failure, { ...CONTEXT, objectAcl: "bucket-owner-full-control" }),
      /endpoint policy must allow s3:PutObject and s3:PutObjectAcl on/,
    );
  });
});
