// Finds keys written twice in one JSON object (`{"AWS": "<root>", "AWS": "<role>"}`). JSON.parse
// silently keeps the last, so the pack would judge a document other than the one a reader sees.
// One pass over text that JSON.parse has already accepted; memory grows with nesting depth only.
import { Findings } from "../findings";

interface Frame {
  /** Keys seen so far in an object; undefined for an array. */
  keys?: Set<string>;
  /** Where the container sits, e.g. `Statement[0].Principal`. */
  path: string;
  /** The key just read (objects) or the index of the current element (arrays). */
  current: string | number;
}

function childPath(frame: Frame | undefined): string {
  if (!frame) return "";
  if (typeof frame.current === "number") return `${frame.path}[${frame.current}]`;
  return frame.path === "" ? frame.current : `${frame.path}.${frame.current}`;
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

/** The characters that open, close or separate JSON containers, and string openings. */
const STRUCTURE = /[{}[\],"]/g;

/** Records one finding per key that appears more than once in the same object of `text`. */
export function findDuplicateKeys(text: string, problems: Findings): void {
  const stack: Frame[] = [];
  let expectKey = false;
  STRUCTURE.lastIndex = 0;
  for (let match = STRUCTURE.exec(text); match; match = STRUCTURE.exec(text)) {
    const c = match[0];
    const i = match.index;
    const top = stack[stack.length - 1];
    if (c === "{" || c === "[") {
      stack.push({ keys: c === "{" ? new Set() : undefined, path: childPath(top), current: 0 });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      if (top?.keys) expectKey = true;
      else if (top) top.current = (top.current as number) + 1;
    } else {
      const end = stringEnd(text, i);
      if (expectKey && top?.keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) {
          const where = top.path === "" ? "the document" : top.path;
          problems.add(
            `has the key "${key}" twice in ${where}; JSON keeps only the last, so the policy is not what it reads as. Write each key once`,
          );
        }
        top.keys.add(key);
        top.current = key;
        expectKey = false;
      }
      STRUCTURE.lastIndex = end + 1;
    }
  }
}
