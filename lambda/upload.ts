// The handler's logic, built from its configuration and S3 client so handler.ts stays the wiring.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { UploadConfig } from "./config";
import { InvalidInputError, UploadError, s3Failure } from "./errors";
import { UploadEvent, documentBody } from "./event";
import { objectKey } from "./keys";
import { logJson } from "./log";

export interface UploadResponse {
  statusCode: 200;
  /** JSON of { message: "Upload successful", bucket, key }. */
  body: string;
}

export type UploadHandler = (event: UploadEvent, context: Context) => Promise<UploadResponse>;

/** Time left for logging and returning an error before Lambda's own timeout ends the invocation. */
export const DEADLINE_MARGIN_MS = 500;

export function createUploadHandler(config: UploadConfig, s3: S3Client): UploadHandler {
  return async (event, context) => {
    // Read synchronously before any await: the timestamp is the invocation's start.
    const startedAt = Date.now();
    const at = new Date(startedAt);
    const requestId = context.awsRequestId || undefined;
    const key = objectKey(config.prefix, at, requestId);

    let body: string;
    try {
      body = documentBody(event, at.toISOString(), requestId, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        logJson("warn", "invalid event", { requestId, field: error.field, error: error.message });
      }
      throw error;
    }

    const bytes = Buffer.byteLength(body);
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error("the function's timeout is near")),
      Math.max(context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS, 1),
    );
    let attempts: number | undefined;
    let outcome = "stored";
    try {
      const result = await s3.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: body,
          ContentType: "application/json",
          ExpectedBucketOwner: config.expectedBucketOwner,
          IfNoneMatch: "*",
          ...(config.objectAcl ? { ACL: config.objectAcl } : {}),
        }),
        { abortSignal: deadline.signal },
      );
      attempts = result.$metadata.attempts;
    } catch (error) {
      const failure = s3Failure(error);
      attempts = failure.attempts;
      // The key is this invocation's alone. A 412 on a retry means an earlier attempt of this
      // same request stored the object and only its response was lost.
      if (failure.code !== "PreconditionFailed" || (failure.attempts ?? 1) < 2) {
        const uploadError = new UploadError(
          failure,
          { operation: "PutObject", key, ...config },
          error,
        );
        logJson("error", "upload failed", {
          requestId,
          bucket: config.bucket,
          key,
          bytes,
          ms: Date.now() - startedAt,
          code: uploadError.code,
          httpStatus: uploadError.httpStatus,
          attempts,
          error: uploadError.message,
        });
        throw uploadError;
      }
      outcome = "stored by an earlier attempt whose response was lost";
    } finally {
      clearTimeout(timer);
    }

    logJson("info", "upload", {
      requestId,
      bucket: config.bucket,
      key,
      bytes,
      ms: Date.now() - startedAt,
      attempts,
      outcome,
    });
    return {
      statusCode: 200,
      body: JSON.stringify({ message: "Upload successful", bucket: config.bucket, key }),
    };
  };
}
