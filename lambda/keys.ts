import { randomUUID } from "crypto";

const SAFE_REQUEST_ID = /^[A-Za-z0-9-]{1,128}$/;

/** UTC to the millisecond in ISO 8601 basic form, e.g. 20240501T123456.789Z: sortable, no colons. */
export function compactTimestamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "");
}

/**
 * `<prefix>data-<timestamp>-<request id>.json`. The request id makes the key unique per invocation;
 * without a usable one, a random UUID takes its place.
 */
export function objectKey(
  prefix: string,
  at: Date,
  requestId: string | undefined,
  newId: () => string = randomUUID,
): string {
  const id = requestId !== undefined && SAFE_REQUEST_ID.test(requestId) ? requestId : newId();
  return `${prefix}data-${compactTimestamp(at)}-${id}.json`;
}
