import fc from "fast-check";
import { expect } from "vitest";

export interface PropertyBudget {
  /** Cases to try on an idle machine. `FC_RUNS_SCALE` scales it (0.5 for a quick CI, 10 for a soak). */
  numRuns: number;
  /** Stop starting new cases after this long; keep it well under the test's timeout. */
  budgetMs: number;
  /** Fewer cases than this (a machine too busy to test anything) fails the test. */
  minRuns: number;
}

/**
 * Runs a fast-check property that works against a database, so that it behaves on a busy 2-core
 * machine: the seed is printed before the run (`FC_SEED=<seed>` replays it exactly), and after
 * `budgetMs` no new case starts, so the property ends on its own instead of timing out with a case
 * still writing rows under the next test. A counterexample fails with fast-check's report (seed
 * and path included). Returns how many cases ran.
 */
export async function checkProperty<Ts>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IAsyncProperty<Ts>,
  { numRuns, budgetMs, minRuns }: PropertyBudget,
): Promise<number> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const scale = Number(process.env.FC_RUNS_SCALE ?? 1);
  const runs = Math.max(minRuns, Math.round(numRuns * scale));
  console.log(`[property] ${name}: seed ${seed}, up to ${runs} cases in ${budgetMs} ms (replay: FC_SEED=${seed})`);
  const details = await fc.check(property, { seed, numRuns: runs, interruptAfterTimeLimit: budgetMs, markInterruptAsFailure: false });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `property failed (seed ${seed})`);
  console.log(`[property] ${name}: ${details.numRuns} cases passed${details.interrupted ? " (time budget reached)" : ""}`);
  expect(details.numRuns, `only ${details.numRuns} cases ran within ${budgetMs} ms`).toBeGreaterThanOrEqual(Math.min(minRuns, runs));
  return details.numRuns;
}
