// Whether an IAM wildcard pattern can match some string of a small regular language (the shape of
// an object ARN's resource part, say). Both are finite automata and the answer is a search of
// their product: at most (pattern length + 1) x (language length + 1) states, each visited once.
// Everything is compared in lower case.

/** One step of a language: a character it accepts, once or any number of times. */
interface Step {
  accepts(char: string): boolean;
  repeats: boolean;
}

export type Language = readonly Step[];

/** Each character of `text`, once. */
export function literal(text: string): Step[] {
  return [...text.toLowerCase()].map((c) => ({ accepts: (char) => char === c, repeats: false }));
}

/** One or more characters accepted by `accepts`. */
export function oneOrMore(accepts: (char: string) => boolean): Step[] {
  return [
    { accepts, repeats: false },
    { accepts, repeats: true },
  ];
}

/** Any number of characters accepted by `accepts`, none included. */
export function zeroOrMore(accepts: (char: string) => boolean): Step[] {
  return [{ accepts, repeats: true }];
}

/** Exactly `count` characters accepted by `accepts`. */
export function exactly(count: number, accepts: (char: string) => boolean): Step[] {
  return Array.from({ length: count }, () => ({ accepts, repeats: false }));
}

/**
 * True when some string matches both the IAM wildcard `pattern` and `language`. A `?` or `*` of
 * the pattern stands for any character; every step of a language accepts at least one character.
 */
export function overlaps(pattern: string, language: Language): boolean {
  const glob = pattern.toLowerCase();
  const width = language.length + 1;
  const seen = new Uint8Array((glob.length + 1) * width);
  const pending: number[] = [0];
  seen[0] = 1;
  const visit = (g: number, l: number) => {
    const state = g * width + l;
    if (!seen[state]) {
      seen[state] = 1;
      pending.push(state);
    }
  };
  while (pending.length > 0) {
    const state = pending.pop() as number;
    const g = Math.floor(state / width);
    const l = state % width;
    if (g === glob.length && l === language.length) return true;
    const wild = glob[g];
    if (wild === "*") visit(g + 1, l);
    if (l < language.length && language[l].repeats) visit(g, l + 1);
    if (g === glob.length || l === language.length) continue;
    const step = language[l];
    if (wild === "*" || wild === "?" || step.accepts(wild)) {
      visit(wild === "*" ? g : g + 1, step.repeats ? l : l + 1);
    }
  }
  return false;
}
