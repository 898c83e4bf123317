// Object keys are a pure function of what identifies the event, so that every retry of one event
// writes the same key and If-None-Match: * lets only the first write through. The time of an
// attempt differs between retries; it goes into the object's body and metadata instead.
import type { Context } from "aws-lambda";
import { randomUUID } from "crypto";

/** S3's limit on a key's length, in UTF-8 bytes (S3 User Guide, "Naming Amazon S3 objects"). */
export const MAX_KEY_BYTES = 1024;

/** Lambda's request ids are UUIDs; a value unfit for a key is never used as one. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,128}$/;

/**
 * `arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>]` (the Node.js
 * context's invokedFunctionArn: "Indicates if the invoker specified a version number or alias").
 * A function name is 1 to 64 letters, digits, "-" or "_": never a ".".
 */
const FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:(\d{12}):function:([\w-]{1,64})(:[\w$-]+)?$/;
const FUNCTION_NAME = /^[\w-]{1,64}$/;

/** Where the key's identity came from; "random" only when the invocation has no request id. */
export type KeySource = "idempotency-key" | "request-id" | "random";

interface EventIdentity {
  /** The caller's idempotency key from the event, already validated (event.ts). */
  idempotencyKey?: string;
  /** The function that writes, from writerOf(): idempotency keys are scoped to it. */
  writer?: string;
  /** The invocation's awsRequestId, the same on every retry of an asynchronous invocation. */
  requestId?: string;
}

/**
 * The writing function as `<account id>-<function name>`, from the ARN it was invoked by, without
 * its version or alias, so that every version and alias of one function share their keys. Outside
 * Lambda a context may lack the ARN: then the function name alone; undefined without either.
 */
export function writerOf(
  context: Partial<Pick<Context, "invokedFunctionArn" | "functionName">>,
): string | undefined {
  const arn = FUNCTION_ARN.exec(context.invokedFunctionArn ?? "");
  if (arn) return `${arn[1]}-${arn[2]}`;
  const name = context.functionName ?? "";
  return FUNCTION_NAME.test(name) ? name : undefined;
}

/**
 * `<prefix>data-key-<writer>.<idempotency key>.json` when the caller sent one, else
 * `<prefix>data-<request id>.json`. A caller's key names its event for one writer only: two
 * writers of a bucket (fan-in, maybe in different accounts) may both send `order-1`, and each
 * payload is stored. The "." after the writer cannot occur in it, so no two writers' keys meet;
 * request ids hold no ".", so a caller's key never names the object of a request id.
 *
 * The longest key is the prefix (at most 512 bytes, lambda/validation.ts) and 220 bytes: within
 * S3's limit of 1,024.
 */
export function objectKey(
  prefix: string,
  identity: EventIdentity,
  newId: () => string = randomUUID,
): { key: string; source: KeySource } {
  const { idempotencyKey, writer, requestId } = identity;
  if (idempotencyKey !== undefined) {
    if (writer === undefined) {
      throw new Error(
        "The invocation's context names no function (invokedFunctionArn, functionName), so the " +
          "idempotency key cannot be scoped to this writer; nothing was written",
      );
    }
    return { key: `${prefix}data-key-${writer}.${idempotencyKey}.json`, source: "idempotency-key" };
  }
  if (requestId !== undefined && SAFE_REQUEST_ID.test(requestId)) {
    return { key: `${prefix}data-${requestId}.json`, source: "request-id" };
  }
  return { key: `${prefix}data-${newId()}.json`, source: "random" };
}
