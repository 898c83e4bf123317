// Reads a policy document, measured and given as JSON text (see text.ts), into statements, and
// lists every way it departs from the IAM grammar. Only policy-document-well-formed reports the
// problems, so one malformed document yields one set of messages. A document over AWS's size limit
// is not read: its one problem is that it is too large.
import { Findings } from "../findings";
import { describeValue, isRecord } from "./elements";
import { findDuplicateKeys } from "./duplicateKeys";
import { DocumentKind, ParsedDocument, SizeLimit } from "./model";
import { readStatements } from "./statements";
import { DocumentText } from "./text";

const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

function parsed(problems: Findings, statements: ParsedDocument["statements"] = []) {
  return { statements, problems: problems.first, problemCount: problems.count };
}

function problem(message: string): ParsedDocument {
  const problems = new Findings();
  problems.add(message);
  return parsed(problems);
}

function readDocument(text: string, kind: DocumentKind): ParsedDocument {
  const problems = new Findings();
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

const count = (n: number) => n.toLocaleString("en-US");

/** How a size over a limit is told: `is 20,481 characters long`, `is at least 20,481 ...`. */
export function sizeOver(size: number, exact: boolean, limit: SizeLimit): string {
  return `${exact ? "" : "at least "}${count(size)} characters long without whitespace, over the ${count(limit.characters)} AWS accepts for ${limit.what}`;
}

// Every policy of the pack reads the same documents of a resource, each through its own copy of
// the props: documents are cached by their text (per kind), so each is parsed once. Only texts
// within twice their limit are kept, so the cache holds at most MAX_CACHED such texts per kind; a
// longer text (whitespace does not count against the limit) is kept alone, until the next one.
const caches = new Map<DocumentKind, Map<string, ParsedDocument>>();
const MAX_CACHED = 64;
let lastLong: { text: string; kind: DocumentKind; document: ParsedDocument } | undefined;

function readLongDocument(text: string, kind: DocumentKind): ParsedDocument {
  if (lastLong?.kind !== kind || lastLong.text !== text) {
    lastLong = { text, kind, document: readDocument(text, kind) };
  }
  return lastLong.document;
}

/** Parses a measured document. The result is shared between callers: treat it as read-only. */
export function parseDocumentText(
  measured: DocumentText,
  kind: DocumentKind,
  limit: SizeLimit,
): ParsedDocument {
  if (measured.kind === "unreadable") return problem(measured.problem);
  if (measured.kind === "oversized") {
    return problem(
      `is ${sizeOver(measured.size, measured.exact, limit)}; it was not read further. Split it or shorten it`,
    );
  }
  const { text } = measured;
  if (text.length > 2 * limit.characters) return readLongDocument(text, kind);
  let cache = caches.get(kind);
  if (!cache) caches.set(kind, (cache = new Map()));
  let document = cache.get(text);
  if (!document) {
    document = readDocument(text, kind);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? "");
    cache.set(text, document);
  }
  return document;
}
