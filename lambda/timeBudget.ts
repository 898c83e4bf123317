// How long one call may spend on S3, derived from the time Lambda leaves the invocation. The
// budget ends SAFETY_MARGIN_MS before the deadline: every request still in flight is aborted then,
// and the function logs and throws before Lambda stops it. Each attempt gets a third of the
// budget, so a stalled attempt times out early enough for the SDK to retry it.
import { MAX_ATTEMPTS } from "./s3Client";

/** Kept back from the deadline to log and return or throw (a quarter of the time left under 4 s). */
export const SAFETY_MARGIN_MS = 1_000;

/** What `remainingMs` leaves for S3: the budget, and the request timeout of each attempt. */
export function budgetFor(remainingMs: number): { budgetMs: number; attemptTimeoutMs: number } {
  const margin = Math.min(SAFETY_MARGIN_MS, Math.floor(remainingMs / 4));
  const budgetMs = Math.max(remainingMs - margin, 1);
  return { budgetMs, attemptTimeoutMs: Math.max(Math.floor(budgetMs / MAX_ATTEMPTS), 1) };
}

export interface TimeBudget {
  /** Aborts when the budget is spent or the caller's signal aborts; undefined when neither can. */
  signal?: AbortSignal;
  /** The `requestTimeout` of each attempt; undefined without a deadline. */
  attemptTimeoutMs?: number;
  /** Stops the deadline timer; call it when the work is done. */
  end(): void;
}

/** The reason of the abort at the end of the budget. */
class DeadlineError extends Error {
  override readonly name = "DeadlineError";
}

/**
 * Starts a budget of `remainingMs` (from `context.getRemainingTimeInMillis()`; undefined for no
 * deadline), ending early when `callerSignal` aborts.
 */
export function startTimeBudget(
  remainingMs: number | undefined,
  callerSignal?: AbortSignal,
): TimeBudget {
  if (remainingMs === undefined) return { signal: callerSignal, end: () => undefined };
  const { budgetMs, attemptTimeoutMs } = budgetFor(remainingMs);
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new DeadlineError(`gave up ${remainingMs - budgetMs} ms before the function's timeout`),
      ),
    budgetMs,
  );
  return {
    signal: callerSignal ? AbortSignal.any([deadline.signal, callerSignal]) : deadline.signal,
    attemptTimeoutMs,
    end: () => clearTimeout(timer),
  };
}
