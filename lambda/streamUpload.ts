// Streams a file (e.g. from /tmp) into the bucket with a multipart upload, as boto3's upload_file
// does for a large file, with the same guarantees as the handler: ExpectedBucketOwner on every
// request, If-None-Match: * on the write that creates the object, and a time budget when given a
// context.
import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Context } from "aws-lambda";
import { createReadStream } from "fs";
import { stat } from "fs/promises";
import { UploadConfig, VARIABLES } from "./config";
import { WriteOutcome, earlierAttemptMayHaveStored } from "./delivery";
import { InvalidInputError, s3Failure, uploadError } from "./errors";
import { MAX_KEY_BYTES } from "./keys";
import { logJson } from "./log";
import { startTimeBudget } from "./timeBudget";

const MIB = 1024 * 1024;
const MIN_PART_BYTES = 5 * MIB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/**
 * Parts in flight: memory is bounded whatever the file's size. With 3, a 1 GiB upload peaked at
 * 127-143 MB RSS here; lib-storage's default of 4 reached 148 MB, over budget (test/bench/RESULTS.md).
 */
const QUEUE_SIZE = 3;

export interface FileUploadOptions {
  /** Defaults to application/octet-stream. */
  contentType?: string;
  /** Aborts the upload and every request in flight. */
  abortSignal?: AbortSignal;
  /**
   * The invocation's context: the upload then ends before the function's deadline and gives
   * each request a share of the time left (timeBudget.ts). Without it only `abortSignal` bounds
   * the upload.
   */
  context?: Pick<Context, "getRemainingTimeInMillis">;
  /**
   * True when `key` names this file alone (e.g. it is built from the request id), so that an
   * object already under it was stored by an earlier call for the same file: the call returns
   * outcome "already-stored". Otherwise such an object fails the call with PreconditionFailed,
   * unless a retried attempt of this call met it after an earlier attempt's answer was lost.
   */
  idempotentKey?: boolean;
}

export interface FileUploadResult {
  bucket: string;
  key: string;
  bytes: number;
  /** 1 when the file fit in one part and went up as a single PutObject. */
  parts: number;
  outcome: WriteOutcome;
}

/** The smallest whole-MiB part size (at least 5 MiB) that fits the file in 10,000 parts. */
export function partSizeFor(bytes: number): number {
  if (bytes > MAX_OBJECT_BYTES) {
    throw new InvalidInputError(
      "file",
      `The file has ${bytes} bytes; an S3 object holds at most ${MAX_OBJECT_BYTES} bytes (5 TiB)`,
    );
  }
  return Math.max(MIN_PART_BYTES, Math.ceil(bytes / MAX_PARTS / MIB) * MIB);
}

export async function streamFileToS3(
  s3: S3Client,
  config: UploadConfig,
  filePath: string,
  key: string,
  options: FileUploadOptions = {},
): Promise<FileUploadResult> {
  const keyBytes = Buffer.byteLength(key);
  if (keyBytes > MAX_KEY_BYTES) {
    throw new InvalidInputError(
      "key",
      `The key "${key.slice(0, 40)}..." is ${keyBytes} bytes long (UTF-8); S3 takes keys of at ` +
        `most ${MAX_KEY_BYTES} bytes`,
    );
  }
  if (!key.startsWith(config.prefix) || key.length === config.prefix.length) {
    throw new InvalidInputError(
      "key",
      `The key "${key}" is not under ${VARIABLES.prefix} "${config.prefix}"; the policies only ` +
        `allow writes to ${config.prefix}*`,
    );
  }
  const startedAt = Date.now();
  const { size } = await stat(filePath);
  const partSize = partSizeFor(size);
  const budget = startTimeBudget(options.context?.getRemainingTimeInMillis(), options.abortSignal);
  const body = createReadStream(filePath);
  const upload = new Upload({
    client: withRequestOptions(s3, {
      abortSignal: budget.signal,
      requestTimeout: budget.attemptTimeoutMs,
    }),
    partSize,
    queueSize: QUEUE_SIZE,
    // The role holds s3:PutObject only, not s3:AbortMultipartUpload: the bucket's lifecycle rule
    // removes the parts of an upload that never completes.
    leavePartsOnError: true,
    params: {
      Bucket: config.bucket,
      Key: key,
      Body: body,
      ContentLength: size,
      ContentType: options.contentType ?? "application/octet-stream",
      ExpectedBucketOwner: config.expectedBucketOwner,
      IfNoneMatch: "*",
      ...(config.objectAcl ? { ACL: config.objectAcl } : {}),
    },
  });
  const fields = { bucket: config.bucket, key, bytes: size };
  let outcome: WriteOutcome = "stored";
  try {
    await upload.done();
  } catch (error) {
    if (!isAlreadyStored(error, options.idempotentKey ?? false)) {
      const thrown = uploadError(error, { operation: `Upload of ${filePath}`, key, ...config });
      logJson("error", "file upload failed", {
        ...fields,
        uploadId: upload.uploadId,
        ms: Date.now() - startedAt,
        code: thrown.code,
        retryable: thrown.retryable,
        error: thrown.message,
      });
      throw thrown;
    }
    outcome = "already-stored";
  } finally {
    budget.end();
    body.destroy();
  }
  const parts = upload.uploadId ? Math.max(1, Math.ceil(size / partSize)) : 1;
  logJson("info", "file upload", { ...fields, parts, ms: Date.now() - startedAt, outcome });
  return { bucket: config.bucket, key, bytes: size, parts, outcome };
}

/** A 412 is this file's own earlier write when the key is its alone or a lost answer preceded it. */
function isAlreadyStored(error: unknown, idempotentKey: boolean): boolean {
  return (
    s3Failure(error).code === "PreconditionFailed" &&
    (idempotentKey || earlierAttemptMayHaveStored(error))
  );
}

type RequestOptions = Parameters<S3Client["send"]>[1];

/**
 * `s3` with the options set in `options` on every request sent through it, over the options the
 * sender passes. lib-storage's Upload sends its requests without options, so neither an abort nor
 * a per-attempt timeout would reach them otherwise, and an aborted upload would leave its
 * requests running.
 */
export function withRequestOptions(s3: S3Client, options: RequestOptions): S3Client {
  const set = Object.fromEntries(
    Object.entries(options ?? {}).filter(([, value]) => value !== undefined),
  );
  const send = (command: Parameters<S3Client["send"]>[0], extra?: RequestOptions) =>
    s3.send(command, { ...extra, ...set });
  return new Proxy(s3, {
    get: (target, property) => (property === "send" ? send : Reflect.get(target, property)),
  });
}
