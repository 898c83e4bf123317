// Object keys are a pure function of what identifies the event, so that every retry of one event
// writes the same key and If-None-Match: * lets only the first write through. The time of an
// attempt differs between retries; it goes into the object's body and metadata instead.
import { randomUUID } from "crypto";

/** Lambda's request ids are UUIDs; a value unfit for a key is never used as one. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,128}$/;

/** Where the key's identity came from; "random" only when the invocation has no request id. */
export type KeySource = "idempotency-key" | "request-id" | "random";

interface EventIdentity {
  /** The caller's idempotency key from the event, already validated (event.ts). */
  idempotencyKey?: string;
  /** The invocation's awsRequestId, the same on every retry of an asynchronous invocation. */
  requestId?: string;
}

/**
 * `<prefix>data-key-<idempotency key>.json` when the caller sent one, else
 * `<prefix>data-<request id>.json`. Lambda's request ids are UUIDs, which never start with "key-",
 * so a caller's key cannot name the object of another invocation's request id.
 */
export function objectKey(
  prefix: string,
  identity: EventIdentity,
  newId: () => string = randomUUID,
): { key: string; source: KeySource } {
  if (identity.idempotencyKey !== undefined) {
    return { key: `${prefix}data-key-${identity.idempotencyKey}.json`, source: "idempotency-key" };
  }
  const { requestId } = identity;
  if (requestId !== undefined && SAFE_REQUEST_ID.test(requestId)) {
    return { key: `${prefix}data-${requestId}.json`, source: "request-id" };
  }
  return { key: `${prefix}data-${newId()}.json`, source: "random" };
}
