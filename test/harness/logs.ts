// The function's log lines: it writes one JSON object per line to stdout.

export type LogLine = Record<string, unknown>;

export interface Captured<T> {
  result?: T;
  error?: unknown;
  /** The JSON lines written to stdout meanwhile. */
  logs: LogLine[];
}

/** Runs `work` with stdout captured, so the function's log lines can be asserted (and stay quiet). */
export async function captureLogs<T>(work: () => Promise<T>): Promise<Captured<T>> {
  const output: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    output.push(chunk.toString());
    return true;
  }) as typeof process.stdout.write;
  const captured: Captured<T> = { logs: [] };
  try {
    captured.result = await work();
  } catch (error) {
    captured.error = error;
  } finally {
    process.stdout.write = write;
  }
  captured.logs = output
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
  return captured;
}
