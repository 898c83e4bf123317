// The Lambda entry point (handler `index.handler` in the deployed bundle). Configuration is read
// and checked here, at cold start: a bad environment fails the module load, naming the variable.
import { parseConfig } from "./config";
import { createS3Client } from "./s3Client";
import { FileUploadOptions, FileUploadResult, streamFileToS3 } from "./streamUpload";
import { createUploadHandler } from "./upload";

export type { UploadEvent } from "./event";
export type { UploadResponse } from "./upload";
export type { FileUploadOptions, FileUploadResult } from "./streamUpload";
export { InvalidInputError, NotReachedError, OutcomeUnknownError, UploadError } from "./errors";
export { EnvironmentError } from "./config";

const config = parseConfig(process.env);
const s3 = createS3Client();

/**
 * Writes `{ data }` as one JSON object under a key named by the event's `idempotencyKey` or the
 * invocation's request id, exactly once across retries; throws (never returns an error body) on
 * failure.
 */
export const handler = createUploadHandler(config, s3);

/**
 * Streams a local file (e.g. under /tmp) to `key`, which must start with TARGET_PREFIX. Pass the
 * invocation's `context` so the upload ends before the function's deadline.
 */
export function uploadFile(
  filePath: string,
  key: string,
  options?: FileUploadOptions,
): Promise<FileUploadResult> {
  return streamFileToS3(s3, config, filePath, key, options);
}
