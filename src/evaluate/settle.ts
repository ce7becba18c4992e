// What would settle an inconclusive verdict: the labelled rows that would narrow a lift's interval
// until it can no longer hold both no lift and one that matters, and the budget that would fit the
// model families the time ran out for.

import type { Budget } from '../core/budget.js';
import type { Frame } from '../data/frame.js';
import type { Fold } from '../data/split.js';
import type { Lift } from './bootstrap-lift.js';
import { modelCandidate } from './candidates.js';
import type { LeaderboardEntry, SkippedFamily } from './leaderboard.js';
import type { ModelFamily } from './model-families.js';
import type { Truth } from './oof.js';

/**
 * Whether a lift's interval holds both no lift (low ≤ 0) and a lift of at least twice the minimum
 * that matters: the data cannot tell "nothing" from "clearly worth it". Twice, not once, so that
 * an interval reaching just past the minimum still reads as "not enough to matter".
 */
export function liftUndecided(lift: Lift | null, minimumLift: number): lift is Lift {
  return lift !== null && lift.low <= 0 && lift.high >= 2 * minimumLift;
}

/**
 * Labelled rows at which the lift's interval would be narrow enough to decide. The interval's
 * half-width shrinks about as 1/√n in the rows it is drawn from; once it is below the minimum
 * lift, the interval (2 × minimum wide at most) can no longer hold both 0 and 2 × minimum,
 * wherever the estimate moves. So n = rows × (half-width / minimum)², rounded up to two
 * significant figures. Null when the interval or the minimum gives nothing to scale.
 */
export function rowsToSettle(lift: Lift, minimumLift: number): number | null {
  const half = (lift.high - lift.low) / 2;
  if (!(half > 0) || !(minimumLift > 0) || !(lift.rows > 0) || !Number.isFinite(half)) return null;
  const rows = lift.rows * (half / minimumLift) ** 2;
  return roundUp(Math.max(rows, lift.rows + 1), 2);
}

/** The plain words for how `rowsToSettle` reached its figure. */
export function rowsToSettleWords(lift: Lift, minimumLift: number, rows: number): string {
  const half = (lift.high - lift.low) / 2;
  return `the interval's half-width (${half.toFixed(3)}, measured on ${lift.rows.toLocaleString('en-US')} rows) shrinks about as one over the square root of the rows, and falls below the ${minimumLift} that matters, where it can no longer hold both no lift and twice that, at about ${rows.toLocaleString('en-US')} rows`;
}

export interface BudgetToSettleInput {
  readonly frame: Frame;
  readonly target: string;
  readonly truth: Truth;
  readonly folds: readonly Fold[];
  readonly families: readonly ModelFamily[];
  readonly board: readonly LeaderboardEntry[];
  readonly skipped: readonly SkippedFamily[];
  readonly budget: Budget;
  /** Seconds spent before the models started (readiness, feature power, the bar). */
  readonly spentBeforeModels: number;
}

/**
 * A budget (seconds) that would fit what the time ran out for, or null when nothing was skipped
 * or cut short. With no model scored: the time spent before the models, plus the quickest skipped
 * family's whole cross-validation, plus the share the assessment keeps for the steps after the
 * models (15%, at least 2 s). With some models scored: the budget given, plus the folds the
 * cut-short families did not run and the whole cross-validation of each skipped family. A
 * family's fold is timed on a sample of the first fold's training rows and scaled to the fold.
 */
export async function budgetToSettle(input: BudgetToSettleInput): Promise<number | null> {
  const { folds, board, skipped, budget } = input;
  const cut = board.filter((e) => e.cutShort);
  if (skipped.length === 0 && cut.length === 0) return null;
  const whole = new Map<string, number>();
  for (const s of skipped) {
    const family = input.families.find((f) => f.family === s.family);
    if (family === undefined) continue;
    const fold = await timedFoldSeconds(family, input);
    if (fold !== null) whole.set(s.family, fold * folds.length);
  }
  const afterModels = (models: number): number => Math.max(models + 2, models / 0.85);
  if (board.length === 0) {
    if (whole.size === 0) return null;
    return roundUp(input.spentBeforeModels + afterModels(Math.min(...whole.values())), 2);
  }
  const missingFolds = cut.reduce((s, e) => s + e.result.fitPredictSeconds * (folds.length - e.result.foldsRun), 0);
  const extra = missingFolds + [...whole.values()].reduce((s, v) => s + v, 0);
  return roundUp(budget.totalSeconds + extra / 0.85, 2);
}

/** Rows a family is timed on before its time is scaled to a whole fold. */
const TIMED_ROWS = 1000;

/**
 * One fold of a family's default settings, in seconds: fitted on up to 1,000 of the first fold's
 * training rows and 200 of its test rows, scaled by rows to the fold (× 1.3, as trees grow a little
 * faster than linearly). Null without a fold.
 */
async function timedFoldSeconds(family: ModelFamily, input: BudgetToSettleInput): Promise<number | null> {
  const fold = input.folds[0];
  if (fold === undefined || fold.train.length === 0) return null;
  const step = Math.max(1, Math.floor(fold.train.length / TIMED_ROWS));
  const sample = fold.train.filter((_, i) => i % step === 0).subarray(0, TIMED_ROWS);
  const candidate = modelCandidate(`timing:${family.family}`, family.name, () => family.make(family.configs[0]!), input.frame, input.target, input.truth);
  const start = performance.now();
  await candidate.fitPredict(sample, fold.test.subarray(0, Math.min(200, fold.test.length)));
  const seconds = (performance.now() - start) / 1000;
  return sample.length >= fold.train.length ? seconds : seconds * (fold.train.length / sample.length) * 1.3;
}

/** Rounds up to `digits` significant figures, and at least to whole units: 583 → 590, 12,345 → 13,000, 2.3 → 3. */
export function roundUp(x: number, digits: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(x)) - digits + 1);
  return Math.ceil(x / unit - 1e-9) * unit;
}
