// A policy document as the JSON text the parser reads, measured as IAM measures it: characters
// other than whitespace. An object document is copied through the analyzer's proxy, which throws
// UnknownValueError for a value unknown during preview (nothing here catches it), and the copy
// stops as soon as it is longer than it may be: an oversized object costs no more than its limit.
import { describeValue, isRecord } from "./elements";

export type DocumentText =
  /** Within the budget it was measured against. */
  | { kind: "text"; text: string }
  /** Over the budget: `size` characters, or at least that many when not `exact`. */
  | { kind: "oversized"; size: number; exact: boolean }
  | { kind: "unreadable"; problem: string };

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Characters other than whitespace, as IAM counts a policy against its size limits. */
export function sizeWithoutWhitespace(text: string): number {
  let size = 0;
  for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) size++;
  return size;
}

/**
 * `text` if it is within `budget` characters without whitespace. A text no longer than the budget
 * is within it without being counted, which spares every policy of the pack a scan of it.
 */
function withinBudget(text: string, budget: number): DocumentText {
  if (text.length <= budget) return { kind: "text", text };
  const size = sizeWithoutWhitespace(text);
  return size > budget ? { kind: "oversized", size, exact: true } : { kind: "text", text };
}

/** Deeper than any policy document (document, Statement, statement, Condition, operator, key, values). */
const MAX_DEPTH = 32;

class TooDeep extends Error {}
class TooLarge extends Error {}

/**
 * A plain copy of an object document that counts, as it goes, at most as many characters as its
 * JSON text has without whitespace (quotes, brackets, commas and colons, the characters of strings
 * but their whitespace) and stops past `budget`. The proxy records the path of every read, so the
 * depth is capped too: a copy of deeper nesting would cost time quadratic in the depth.
 */
class CountingCopy {
  counted = 0;

  constructor(private readonly budget: number) {}

  private add(characters: number): void {
    this.counted += characters;
    if (this.counted > this.budget) throw new TooLarge();
  }

  private addString(text: string): void {
    this.add(2);
    for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) this.add(1);
  }

  copy(value: unknown, depth: number): unknown {
    if (typeof value === "string") {
      this.addString(value);
      return value;
    }
    if (typeof value !== "object" || value === null) {
      this.add(JSON.stringify(value)?.length ?? 0);
      return value;
    }
    if (depth >= MAX_DEPTH) throw new TooDeep();
    this.add(2);
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        if (i > 0) this.add(1);
        items.push(this.copy(value[i], depth + 1));
      }
      return items;
    }
    const record = value as Record<string, unknown>;
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(record)) {
      const entry = record[key];
      if (entry === undefined) continue;
      this.addString(key);
      this.add(entries.length > 0 ? 2 : 1);
      entries.push([key, this.copy(entry, depth + 1)]);
    }
    return Object.fromEntries(entries);
  }
}

/** The document as JSON text within `budget` characters without whitespace, or why it is not. */
export function documentText(value: unknown, budget: number): DocumentText {
  if (typeof value === "string") return withinBudget(value, budget);
  if (!isRecord(value)) {
    const problem = `must be a policy document (JSON text or an object), got ${describeValue(value)}`;
    return { kind: "unreadable", problem };
  }
  const copier = new CountingCopy(budget);
  let text: string;
  try {
    text = JSON.stringify(copier.copy(value, 0));
  } catch (error) {
    if (error instanceof TooLarge) return { kind: "oversized", size: copier.counted, exact: false };
    if (error instanceof TooDeep) {
      const problem = `is nested more than ${MAX_DEPTH} levels deep, deeper than any policy document`;
      return { kind: "unreadable", problem };
    }
    throw error;
  }
  return withinBudget(text, budget);
}
