// IAM wildcards: `*` matches any run of characters (empty included), `?` exactly one. Matching
// splits the pattern at its `*`s and places each piece at its leftmost possible position, which
// is exact for these two wildcards and never backtracks: time is linear in the pattern and at
// most |text| x |piece| per piece, and the texts matched here (action and partition names) are
// short. A regular expression built from the pattern (`*` -> `.*`) backtracks exponentially on
// inputs like `s3:************Z`.

export function hasWildcard(value: string): boolean {
  return value.includes("*") || value.includes("?");
}

/** True when `piece` (which may hold `?`) matches `text` at `at`. */
function pieceMatchesAt(piece: string, text: string, at: number): boolean {
  if (at + piece.length > text.length) return false;
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] !== "?" && piece[i] !== text[at + i]) return false;
  }
  return true;
}

// The pieces of the patterns matched lately: a document's patterns are matched against every
// action name, and splitting `s3:` followed by 5,000 stars each time would cost 5,000 steps.
const compiled = new Map<string, readonly string[]>();
const MAX_COMPILED = 4_096;

function piecesOf(pattern: string): readonly string[] {
  let pieces = compiled.get(pattern);
  if (!pieces) {
    const split = pattern.split("*");
    const middle = split.slice(1, -1).filter((piece) => piece !== "");
    pieces = split.length === 1 ? split : [split[0], ...middle, split[split.length - 1]];
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, pieces);
  }
  return pieces;
}

/** True when the IAM wildcard `pattern` matches all of `text`; both as given (compare cases yourself). */
export function wildcardMatches(pattern: string, text: string): boolean {
  const pieces = piecesOf(pattern);
  const first = pieces[0];
  if (pieces.length === 1) return first.length === text.length && pieceMatchesAt(first, text, 0);
  const last = pieces[pieces.length - 1];
  const end = text.length - last.length;
  if (end < first.length || !pieceMatchesAt(first, text, 0) || !pieceMatchesAt(last, text, end)) {
    return false;
  }
  let at = first.length;
  for (let p = 1; p < pieces.length - 1; p++) {
    const piece = pieces[p];
    while (at + piece.length <= end && !pieceMatchesAt(piece, text, at)) at++;
    if (at + piece.length > end) return false;
    at += piece.length;
  }
  return true;
}

/** True when the pattern is made of `*` alone (`*`, `**`, ...) and so matches anything. */
export function matchesEverything(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/**
 * True when `pattern` matches `prefix` followed by any text long enough for its `?`s. A text of a
 * character the pattern does not hold can only be matched by wildcards, so the pattern must end
 * in wildcards, one of them `*`, after a head that matches a start of `prefix`.
 */
export function matchesLongExtensions(pattern: string, prefix: string): boolean {
  let cut = pattern.length;
  while (cut > 0 && (pattern[cut - 1] === "*" || pattern[cut - 1] === "?")) cut--;
  if (!pattern.slice(cut).includes("*")) return false;
  const head = pattern.slice(0, cut);
  for (let end = 0; end <= prefix.length; end++) {
    if (wildcardMatches(head, prefix.slice(0, end))) return true;
  }
  return false;
}
