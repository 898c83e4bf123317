// Finds keys written twice in one JSON object (`{"AWS": "<root>", "AWS": "<role>"}`). JSON.parse
// silently keeps the last, so the pack would judge a document other than the one a reader sees.
// One pass over text that JSON.parse has already accepted; memory grows with nesting depth only,
// and a container's path is spelt out only for a finding.
import { Findings } from "../findings";

interface Frame {
  /** Keys seen so far in an object; undefined for an array. */
  keys?: Set<string>;
  parent?: Frame;
  /** The key just read (objects) or the index of the current element (arrays). */
  current: string | number;
}

/** Where a container sits, e.g. `Statement[0].Principal`; "" for the document itself. */
function pathOf(frame: Frame): string {
  const segments: string[] = [];
  for (let at = frame.parent; at; at = at.parent) {
    segments.push(typeof at.current === "number" ? `[${at.current}]` : `.${at.current}`);
  }
  return segments.reverse().join("").replace(/^\./, "");
}

/** The end of the JSON string that starts at `start` (the index of its closing quote). */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** Records one finding per key that appears more than once in the same object of `text`. */
export function findDuplicateKeys(text: string, problems: Findings): void {
  let top: Frame | undefined;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const isObject = c === OPEN_OBJECT;
      top = { keys: isObject ? new Set() : undefined, parent: top, current: 0 };
      expectKey = isObject;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      top = top?.parent;
      expectKey = false;
    } else if (c === COMMA) {
      if (top?.keys) expectKey = true;
      else if (top) top.current = (top.current as number) + 1;
    } else if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) {
          const path = pathOf(top);
          problems.add(
            `has the key "${key}" twice in ${path === "" ? "the document" : path}; JSON keeps only the last, so the policy is not what it reads as. Write each key once`,
          );
        }
        top.keys.add(key);
        top.current = key;
        expectKey = false;
      }
      i = end;
    }
  }
}
