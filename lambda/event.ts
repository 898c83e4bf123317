// The invocation event and the JSON document written for it.
import { InvalidInputError } from "./errors";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What callers send, e.g. {"data": {"test": true, "message": "cross-account upload test"}}. */
export interface UploadEvent {
  data?: JsonObject;
}

/** The object body: the guide's document, plus the request id that also names the key. */
export interface UploadDocument {
  source: typeof DOCUMENT_SOURCE;
  timestamp: string;
  requestId?: string;
  data: JsonObject;
}

export const DOCUMENT_SOURCE = "account-a-lambda";

/**
 * Validates the event and serializes the document to write. Throws InvalidInputError naming the
 * field (and the limit) when the event is not `{ data?: <JSON object> }` or the body is too big.
 */
export function documentBody(
  event: unknown,
  timestamp: string,
  requestId: string | undefined,
  maxBytes: number,
): string {
  const document: UploadDocument = {
    source: DOCUMENT_SOURCE,
    timestamp,
    ...(requestId ? { requestId } : {}),
    data: readData(event),
  };
  let body: string;
  try {
    body = JSON.stringify(document);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError("data", `Invalid event: field "data" is not JSON (${reason})`);
  }
  const bytes = Buffer.byteLength(body);
  if (bytes > maxBytes) {
    throw new InvalidInputError(
      "data",
      `Invalid event: field "data" makes a ${bytes}-byte object, over the limit of ${maxBytes} ` +
        `bytes (MAX_BODY_BYTES); send large content as a file through uploadFile instead`,
    );
  }
  return body;
}

function readData(event: unknown): JsonObject {
  if (!isPlainObject(event)) {
    throw new InvalidInputError(
      "event",
      `Invalid event: expected a JSON object like {"data": {...}}, got ${describe(event)}`,
    );
  }
  const unexpected = Object.keys(event).filter((name) => name !== "data");
  if (unexpected.length > 0) {
    throw new InvalidInputError(
      unexpected[0],
      `Invalid event: unexpected field(s) ${unexpected.map((n) => `"${n}"`).join(", ")}; this ` +
        `function takes {"data": {...}} only, so nothing of another event shape is lost silently`,
    );
  }
  const data = event.data;
  if (data === undefined) return {};
  if (!isPlainObject(data)) {
    throw new InvalidInputError(
      "data",
      `Invalid event: field "data" must be a JSON object, got ${describe(data)}`,
    );
  }
  // Lambda delivers parsed JSON, so the values inside are JSON too.
  return data as JsonObject;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `a ${value.constructor?.name ?? "non-plain"} object`;
  return `a ${typeof value}`;
}
