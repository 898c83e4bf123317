// The handler's logic, built from its configuration and S3 client so handler.ts stays the wiring.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { UploadConfig } from "./config";
import { WriteOutcome } from "./delivery";
import { InvalidInputError, UploadError, s3Failure, uploadError } from "./errors";
import { CheckedEvent, DOCUMENT_SOURCE, UploadEvent, checkEvent, documentBody } from "./event";
import { KeySource, objectKey, writerOf } from "./keys";
import { logJson } from "./log";
import { startTimeBudget } from "./timeBudget";

export interface UploadResponse {
  statusCode: 200;
  /** JSON of { message: "Upload successful", bucket, key }. */
  body: string;
}

export type UploadHandler = (event: UploadEvent, context: Context) => Promise<UploadResponse>;

/** One event, checked and ready to write. */
interface PreparedWrite {
  key: string;
  keySource: KeySource;
  body: string;
  metadata: Record<string, string>;
  requestId?: string;
  idempotencyKey?: string;
}

export function createUploadHandler(config: UploadConfig, s3: S3Client): UploadHandler {
  return async (event, context) => {
    const startedAt = Date.now();
    const write = prepareWrite(config, event, context, startedAt);
    const fields = {
      requestId: write.requestId,
      idempotencyKey: write.idempotencyKey,
      bucket: config.bucket,
      key: write.key,
      keySource: write.keySource,
      bytes: Buffer.byteLength(write.body),
    };
    try {
      const { outcome, attempts } = await writeOnce(s3, config, write, context);
      logJson("info", "upload", { ...fields, ms: Date.now() - startedAt, attempts, outcome });
    } catch (error) {
      if (error instanceof UploadError) {
        logJson("error", "upload failed", {
          ...fields,
          ms: Date.now() - startedAt,
          attempts: error.attempts,
          code: error.code,
          httpStatus: error.httpStatus,
          retryable: error.retryable,
          error: error.message,
        });
      }
      throw error;
    }
    return {
      statusCode: 200,
      body: JSON.stringify({ message: "Upload successful", bucket: config.bucket, key: write.key }),
    };
  };
}

/** Puts the object unless its key exists, within the invocation's time budget. */
async function writeOnce(
  s3: S3Client,
  config: UploadConfig,
  write: PreparedWrite,
  context: Context,
): Promise<{ outcome: WriteOutcome; attempts?: number }> {
  const budget = startTimeBudget(context.getRemainingTimeInMillis());
  try {
    const result = await s3.send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: write.key,
        Body: write.body,
        ContentType: "application/json",
        Metadata: write.metadata,
        ExpectedBucketOwner: config.expectedBucketOwner,
        IfNoneMatch: "*",
        ...(config.objectAcl ? { ACL: config.objectAcl } : {}),
      }),
      { abortSignal: budget.signal, requestTimeout: budget.attemptTimeoutMs },
    );
    return { outcome: "stored", attempts: result.$metadata.attempts };
  } catch (error) {
    const failure = s3Failure(error);
    // The key names this event alone, so an object under it was stored by an earlier attempt
    // or invocation for the same event: this one's work is done.
    if (failure.code === "PreconditionFailed") {
      return { outcome: "already-stored", attempts: failure.attempts };
    }
    throw uploadError(error, { operation: "PutObject", key: write.key, ...config });
  } finally {
    budget.end();
  }
}

/** Checks the event and builds its key, body and metadata; logs and rethrows a bad event. */
function prepareWrite(
  config: UploadConfig,
  event: unknown,
  context: Context,
  startedAt: number,
): PreparedWrite {
  const requestId = context.awsRequestId || undefined;
  const timestamp = new Date(startedAt).toISOString();
  let checked: CheckedEvent;
  let body: string;
  try {
    checked = checkEvent(event);
    body = documentBody(
      {
        source: DOCUMENT_SOURCE,
        timestamp,
        ...(requestId ? { requestId } : {}),
        ...(checked.idempotencyKey ? { idempotencyKey: checked.idempotencyKey } : {}),
        data: checked.data,
      },
      config.maxBodyBytes,
    );
  } catch (error) {
    if (error instanceof InvalidInputError) {
      logJson("warn", "invalid event", { requestId, field: error.field, error: error.message });
    }
    throw error;
  }
  const { idempotencyKey } = checked;
  const writer = writerOf(context);
  const { key, source } = objectKey(config.prefix, { idempotencyKey, writer, requestId });
  if (source === "random") {
    logJson("warn", "no request id: a retry of this event would be stored again", { key });
  }
  return {
    key,
    keySource: source,
    body,
    metadata: {
      "received-at": timestamp,
      ...(requestId ? { "request-id": requestId } : {}),
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
    },
    requestId,
    idempotencyKey,
  };
}
