// Reads a policy document, given as JSON text or as an object, into statements, and lists every
// way it departs from the IAM grammar. Only policy-document-well-formed reports the problems, so
// one malformed document yields one set of messages. A document over AWS's size limit is not read
// further: its one problem is that it is too large.
import { Findings } from "../findings";
import { describeValue, isRecord } from "./elements";
import { findDuplicateKeys } from "./duplicateKeys";
import { DocumentKind, ParsedDocument, SizeLimit } from "./model";
import { readStatements } from "./statements";

const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

/** Characters other than whitespace, as IAM counts a policy against its size limits. */
function sizeWithoutWhitespace(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) size++;
  }
  return size;
}

function parsed(problems: Findings, statements: ParsedDocument["statements"] = []) {
  return { statements, problems: problems.first, problemCount: problems.count };
}

function readDocument(text: string, kind: DocumentKind, limit: SizeLimit): ParsedDocument {
  const problems = new Findings();
  const size = text.length > limit.characters ? sizeWithoutWhitespace(text) : text.length;
  if (size > limit.characters) {
    problems.add(
      `is ${size.toLocaleString("en-US")} characters long without whitespace, over the ${limit.characters.toLocaleString("en-US")} AWS accepts for ${limit.what}; it was not read further. Split it or shorten it`,
    );
    return parsed(problems);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.add(`is not valid JSON (${(error as Error).message})`);
    return parsed(problems);
  }
  if (!isRecord(json)) {
    problems.add(`must be a JSON object with a Statement, got ${describeValue(json)}`);
    return parsed(problems);
  }
  findDuplicateKeys(text, problems);
  for (const element of Object.keys(json)) {
    if (!DOCUMENT_ELEMENTS.has(element)) {
      problems.add(
        `has an unknown top-level element "${element}" (expected Version, Id, Statement)`,
      );
    }
  }
  const version = json.Version;
  if (version !== undefined && !(typeof version === "string" && VERSIONS.has(version))) {
    problems.add(`Version must be "2012-10-17", got ${describeValue(version)}`);
  }
  const statements = readStatements(json.Statement, kind, problems);
  return parsed(problems, statements);
}

/** Deeper than any policy document (document, Statement, statement, Condition, operator, key, values). */
const MAX_DEPTH = 32;

class TooDeep extends Error {}

/**
 * A plain copy of an object document, read through the analyzer's proxy, which throws
 * UnknownValueError for a value unknown during preview. The proxy records the path of every read,
 * so the depth is capped: a copy of deeper nesting would cost time quadratic in the depth.
 */
function plainCopy(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) throw new TooDeep();
  if (Array.isArray(value)) return value.map((item: unknown) => plainCopy(item, depth + 1));
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).map((k) => [k, plainCopy(record[k], depth + 1)]));
}

/** The document as JSON text, or undefined for an object nested deeper than MAX_DEPTH. */
function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(plainCopy(value, 0));
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    throw error;
  }
}

// Every policy of the pack reads the same documents of a resource, each through its own copy of
// the props: documents are cached by their text (per kind and limit), so each is parsed once.
const caches = new Map<string, Map<string, ParsedDocument>>();
const MAX_CACHED = 64;

/**
 * Parses a policy document given as JSON text or as an object. The result is shared between
 * callers: treat it as read-only.
 */
export function parsePolicyDocument(
  value: unknown,
  kind: DocumentKind,
  limit: SizeLimit,
): ParsedDocument {
  if (!isRecord(value) && typeof value !== "string") {
    const problems = new Findings();
    problems.add(`must be a policy document (JSON text or an object), got ${describeValue(value)}`);
    return parsed(problems);
  }
  const text = asText(value);
  if (text === undefined) {
    const problems = new Findings();
    problems.add(`is nested more than ${MAX_DEPTH} levels deep, deeper than any policy document`);
    return parsed(problems);
  }
  const grammar = `${kind} ${limit.characters}`;
  let cache = caches.get(grammar);
  if (!cache) caches.set(grammar, (cache = new Map()));
  let document = cache.get(text);
  if (!document) {
    document = readDocument(text, kind, limit);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? "");
    cache.set(text, document);
  }
  return document;
}
