// The invocation event and the JSON document written for it.
import { VARIABLES } from "./config";
import { InvalidInputError } from "./errors";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * What callers send, e.g. {"data": {"test": true, "message": "cross-account upload test"}}.
 * `idempotencyKey` names the event for callers that retry it themselves (a synchronous invoke
 * that is sent again gets a new request id): every event with the same key is stored once.
 */
export interface UploadEvent {
  data?: JsonObject;
  idempotencyKey?: string;
}

/** The event once checked: no field missing or unexpected. */
export interface CheckedEvent {
  data: JsonObject;
  idempotencyKey?: string;
}

/** The object body: its source, the attempt's time and the data, plus what identifies the event. */
interface UploadDocument {
  source: typeof DOCUMENT_SOURCE;
  /** When this attempt started (ISO 8601, UTC); also in the object metadata `received-at`. */
  timestamp: string;
  requestId?: string;
  idempotencyKey?: string;
  data: JsonObject;
}

export const DOCUMENT_SOURCE = "account-a-lambda";
const IDEMPOTENCY_KEY_FIELD = "idempotencyKey";
/** Letters, digits, ".", "_" and "-", starting with a letter or digit: safe in a key and a header. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const IDEMPOTENCY_KEY_RULE =
  `1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit, ` +
  `e.g. "order-8812-2024-05-01"`;
const EVENT_FIELDS = ["data", IDEMPOTENCY_KEY_FIELD];
/** A value the caller chose is shown (and logged) up to this many characters. */
const SHOWN_CHARACTERS = 40;
/** Unexpected fields named in the error, at most; the rest are counted. */
const SHOWN_FIELDS = 5;

/** A caller's string as an error shows it: quoted, cut after SHOWN_CHARACTERS. */
function shown(value: string): string {
  return value.length > SHOWN_CHARACTERS
    ? `${JSON.stringify(value.slice(0, SHOWN_CHARACTERS))}...`
    : JSON.stringify(value);
}

/**
 * Checks the event. Throws InvalidInputError naming the field when the event is not
 * `{ data?: <JSON object>, idempotencyKey?: <string> }`.
 */
export function checkEvent(event: unknown): CheckedEvent {
  if (!isPlainObject(event)) {
    throw new InvalidInputError(
      "event",
      `Invalid event: expected a JSON object like {"data": {...}}, got ${describe(event)}`,
    );
  }
  const unexpected = Object.keys(event).filter((name) => !EVENT_FIELDS.includes(name));
  if (unexpected.length > 0) {
    const more = unexpected.length - SHOWN_FIELDS;
    const names =
      unexpected.slice(0, SHOWN_FIELDS).map(shown).join(", ") +
      (more > 0 ? ` and ${more} more` : "");
    throw new InvalidInputError(
      unexpected[0].slice(0, SHOWN_CHARACTERS),
      `Invalid event: unexpected field(s) ${names}; this function takes {"data": {...}, ` +
        `"idempotencyKey": "..."} only, so nothing of another event shape is lost silently`,
    );
  }
  const idempotencyKey = checkIdempotencyKey(event[IDEMPOTENCY_KEY_FIELD]);
  return { data: checkData(event.data), ...(idempotencyKey ? { idempotencyKey } : {}) };
}

/** Serializes the document; throws InvalidInputError when the body is over `maxBytes`. */
export function documentBody(document: UploadDocument, maxBytes: number): string {
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
        `bytes (${VARIABLES.maxBodyBytes}); send large content as a file through uploadFile instead`,
    );
  }
  return body;
}

function checkData(data: unknown): JsonObject {
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

function checkIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw new InvalidInputError(
      IDEMPOTENCY_KEY_FIELD,
      `Invalid event: field "${IDEMPOTENCY_KEY_FIELD}" must be a string of ` +
        `${IDEMPOTENCY_KEY_RULE}, got ${describe(value)}`,
    );
  }
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new InvalidInputError(
      IDEMPOTENCY_KEY_FIELD,
      `Invalid event: field "${IDEMPOTENCY_KEY_FIELD}" ${shown(value)} (${value.length} characters) is ` +
        `not ${IDEMPOTENCY_KEY_RULE}; omit the field to use the invocation's request id`,
    );
  }
  return value;
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
