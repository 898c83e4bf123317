// Summaries of repeated measurements, as the benchmarks report them, and the machine they ran on.
import * as os from "os";

/** The middle value (of an even count, the upper of the two middle ones): one sample's figure. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value below which `p` percent of `sorted` (ascending) fall. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One line describing the machine, for test/bench/RESULTS.md. */
export function machine(): string {
  return `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`;
}
