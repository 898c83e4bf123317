// Whether a failed request can have changed anything in S3. The SDK makes up to three attempts
// of an operation (two retries); s3Client.ts records each attempt's delivery on the error it
// finally throws, so a failure is judged by every attempt, not only the last.

/**
 * - answered: S3 sent an HTTP answer (an error status here);
 * - not-reached: the request never left the function (no connection, DNS, credentials, a
 *   request that could not be built);
 * - unknown: the request was or may have been sent, and no answer came back (reset, timeout,
 *   abort): S3 may have stored the object.
 */
export type Delivery = "answered" | "not-reached" | "unknown";

/** System error codes of a connection that was never established. */
const NOT_CONNECTED_CODES = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
];
/** Errors raised before a request is signed and sent. */
const NOT_SENT_NAMES = ["CredentialsProviderError"];
/**
 * Errors Node.js raises while building a request, before anything is sent (Node.js, "Errors"):
 * ERR_INVALID_URL, an invalid URL such as a malformed AWS_ENDPOINT_URL_S3; ERR_INVALID_CHAR and
 * ERR_INVALID_HTTP_TOKEN, a header value or name HTTP does not allow. The same request fails the
 * same way again.
 */
export const REQUEST_BUILD_CODES = [
  "ERR_INVALID_URL",
  "ERR_INVALID_CHAR",
  "ERR_INVALID_HTTP_TOKEN",
];
/**
 * @smithy/node-http-handler (set-connection-timeout) rejects a connection that did not open
 * within `connectionTimeout` with a TimeoutError carrying this text.
 */
export const CONNECTION_TIMEOUT_TEXT = "did not establish a connection";

/** The property s3Client.ts sets on each attempt's error: the deliveries of the attempts so far. */
export const DELIVERIES = "$deliveries";

/** How one attempt ended, judged from the error it raised. */
export function deliveryOf(error: unknown): Delivery {
  if (!(error instanceof Error)) return "unknown";
  const metadata: unknown = "$metadata" in error ? error.$metadata : undefined;
  const status =
    typeof metadata === "object" && metadata !== null && "httpStatusCode" in metadata
      ? metadata.httpStatusCode
      : undefined;
  if (typeof status === "number") return "answered";
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  if (
    NOT_CONNECTED_CODES.includes(code) ||
    REQUEST_BUILD_CODES.includes(code) ||
    NOT_SENT_NAMES.includes(error.name)
  ) {
    return "not-reached";
  }
  if (error.name === "TimeoutError" && error.message.includes(CONNECTION_TIMEOUT_TEXT)) {
    return "not-reached";
  }
  return "unknown";
}

/** Every attempt's delivery, first to last; one entry when no attempt was recorded. */
export function deliveries(error: unknown): Delivery[] {
  const recorded: unknown =
    typeof error === "object" && error !== null ? Reflect.get(error, DELIVERIES) : undefined;
  return Array.isArray(recorded) ? (recorded as Delivery[]) : [deliveryOf(error)];
}

/** True when an attempt before the last may have stored the object. */
export function earlierAttemptMayHaveStored(error: unknown): boolean {
  return deliveries(error).slice(0, -1).includes("unknown");
}

/** How a write ended well: "already-stored" when an earlier attempt or call stored the object. */
export type WriteOutcome = "stored" | "already-stored";
