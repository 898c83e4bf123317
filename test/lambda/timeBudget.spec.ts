import * as assert from "assert";
import { MAX_ATTEMPTS } from "../../lambda/s3Client";
import { SAFETY_MARGIN_MS, budgetFor, startTimeBudget } from "../../lambda/timeBudget";

describe("time budget (lambda/timeBudget.ts)", () => {
  const cases: [number, number, number][] = [
    // remaining ms, budget ms, per-attempt request timeout ms
    [30_000, 29_000, 9_666],
    [900_000, 899_000, 299_666],
    [4_000, 3_000, 1_000],
    [1_500, 1_125, 375],
    [2, 2, 1],
    [0, 1, 1],
  ];
  for (const [remaining, budget, attempt] of cases) {
    it(`gives ${remaining} ms left a budget of ${budget} ms and ${attempt} ms per attempt`, () => {
      assert.deepStrictEqual(budgetFor(remaining), { budgetMs: budget, attemptTimeoutMs: attempt });
    });
  }

  it(`keeps ${SAFETY_MARGIN_MS} ms back from a 30 s function, room for all ${MAX_ATTEMPTS} attempts`, () => {
    const { budgetMs, attemptTimeoutMs } = budgetFor(30_000);
    assert.strictEqual(30_000 - budgetMs, SAFETY_MARGIN_MS);
    assert.ok(attemptTimeoutMs * MAX_ATTEMPTS <= budgetMs);
  });

  it("aborts with the deadline's reason when the budget is spent", async () => {
    const budget = startTimeBudget(40);
    assert.strictEqual(budget.attemptTimeoutMs, 10);
    await new Promise((resolve) => budget.signal?.addEventListener("abort", resolve));
    assert.match(
      String(budget.signal?.reason),
      /DeadlineError: gave up 10 ms before the function's timeout/,
    );
  });

  it("aborts with the caller's signal before the budget is spent, and stops its timer on end()", () => {
    const caller = new AbortController();
    const budget = startTimeBudget(60_000, caller.signal);
    caller.abort();
    assert.strictEqual(budget.signal?.aborted, true);
    budget.end();
  });

  it("sets no deadline and no attempt timeout without a remaining time", () => {
    const budget = startTimeBudget(undefined);
    assert.deepStrictEqual([budget.signal, budget.attemptTimeoutMs], [undefined, undefined]);
  });
});
