// Streams a file (e.g. from /tmp) into the bucket with a multipart upload, as the guide's
// upload_file does, with the same guarantees as the handler: ExpectedBucketOwner on every request
// and If-None-Match: * on the write that creates the object.
import { AbortMultipartUploadCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createReadStream } from "fs";
import { stat } from "fs/promises";
import { UploadConfig } from "./config";
import { FailureContext, InvalidInputError, UploadError, s3Failure } from "./errors";
import { logJson } from "./log";

const MIB = 1024 * 1024;
export const MIN_PART_BYTES = 5 * MIB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/**
 * Parts in flight: memory is bounded whatever the file's size. With 3, a 1 GiB upload peaked at
 * 127-143 MB RSS here; lib-storage's default of 4 reached 148 MB, over budget (bench/RESULTS.md).
 */
export const QUEUE_SIZE = 3;

export interface FileUploadOptions {
  /** Defaults to application/octet-stream. */
  contentType?: string;
  /** Aborts the upload; parts already sent are discarded. */
  abortSignal?: AbortSignal;
}

export interface FileUploadResult {
  bucket: string;
  key: string;
  bytes: number;
  /** 1 when the file fit in one part and went up as a single PutObject. */
  parts: number;
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
  if (!key.startsWith(config.prefix) || key.length === config.prefix.length) {
    throw new InvalidInputError(
      "key",
      `The key "${key}" is not under TARGET_PREFIX "${config.prefix}"; the policies only allow ` +
        `writes to ${config.prefix}*`,
    );
  }
  const startedAt = Date.now();
  const { size } = await stat(filePath);
  const partSize = partSizeFor(size);
  const abortController = new AbortController();
  const abort = (): void => abortController.abort();
  if (options.abortSignal?.aborted) abort();
  options.abortSignal?.addEventListener("abort", abort, { once: true });
  const body = createReadStream(filePath);

  const upload = new Upload({
    client: s3,
    partSize,
    queueSize: QUEUE_SIZE,
    // Aborted below instead, so that the abort request carries ExpectedBucketOwner too.
    leavePartsOnError: true,
    abortController,
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
  const context: FailureContext = { operation: `Upload of ${filePath}`, key, ...config };
  try {
    await upload.done();
  } catch (error) {
    const uploadError = new UploadError(s3Failure(error), context, error);
    logJson("error", "file upload failed", {
      bucket: config.bucket,
      key,
      bytes: size,
      ms: Date.now() - startedAt,
      code: uploadError.code,
      error: uploadError.message,
    });
    await abortParts(s3, config, key, upload.uploadId);
    throw uploadError;
  } finally {
    options.abortSignal?.removeEventListener("abort", abort);
    body.destroy();
  }
  const parts = upload.uploadId ? Math.max(1, Math.ceil(size / partSize)) : 1;
  logJson("info", "file upload", {
    bucket: config.bucket,
    key,
    bytes: size,
    parts,
    ms: Date.now() - startedAt,
  });
  return { bucket: config.bucket, key, bytes: size, parts };
}

async function abortParts(
  s3: S3Client,
  config: UploadConfig,
  key: string,
  uploadId: string | undefined,
): Promise<void> {
  if (!uploadId) return;
  try {
    await s3.send(
      new AbortMultipartUploadCommand({
        Bucket: config.bucket,
        Key: key,
        UploadId: uploadId,
        ExpectedBucketOwner: config.expectedBucketOwner,
      }),
    );
  } catch (error) {
    const failure = s3Failure(error);
    logJson("warn", "abort of multipart upload failed; a lifecycle rule must remove its parts", {
      bucket: config.bucket,
      key,
      uploadId,
      code: failure.code,
    });
  }
}
