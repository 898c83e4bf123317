// A capped list of messages: one hostile document must not produce an unbounded report.

/** At most this many messages per policy per resource, then one "and N more". */
const MAX_FINDINGS = 20;

/** The first messages of a list and how many it has in all. */
export interface Counted {
  first: readonly string[];
  count: number;
}

export class Findings implements Counted {
  private readonly kept: string[] = [];
  private total = 0;

  add(message: string): void {
    this.total++;
    if (this.kept.length < MAX_FINDINGS) this.kept.push(message);
  }

  /** Adds what another list kept, counting what it left out. */
  addAll(messages: readonly string[], total = messages.length): void {
    for (const message of messages) this.add(message);
    this.total += total - messages.length;
  }

  get count(): number {
    return this.total;
  }

  get first(): readonly string[] {
    return this.kept;
  }

  /** The messages to report: the first MAX_FINDINGS, then one that counts the rest. */
  report(): string[] {
    const more = this.total - this.kept.length;
    return more > 0
      ? [
          ...this.kept,
          `and ${more} more of the same kind (only the first ${MAX_FINDINGS} are listed)`,
        ]
      : [...this.kept];
  }
}
