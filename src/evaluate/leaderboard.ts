// The leaderboard: each model family cross-validated on the same folds as the baselines, with
// its default settings first and then a small search while the time budget allows. A family
// whose folds cannot all finish in time reports what it managed, marked as cut short.

import type { Budget } from '../core/budget.js';
import type { ProgressSink } from '../core/progress.js';
import type { Frame } from '../data/frame.js';
import type { Fold } from '../data/split.js';
import { modelCandidate } from './candidates.js';
import { crossValidate, type CvResult } from './cross-validate.js';
import { type Family, modelFamilies, type ModelFamily } from './model-families.js';
import type { Supervised, Truth } from './oof.js';
import { MAIN_METRIC, metricInfo } from './task-metrics.js';

export interface LeaderboardEntry {
  readonly family: Family;
  readonly result: CvResult;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Settings cross-validated for this family (the best is shown). */
  readonly configsTried: number;
  /** Seconds the whole family took, search included. */
  readonly seconds: number;
  /** Set when the budget stopped the family before its default settings finished every fold. */
  readonly cutShort: boolean;
}

export interface LeaderboardOptions {
  readonly frame: Frame;
  readonly target: string;
  readonly truth: Truth;
  readonly task: Supervised;
  readonly folds: readonly Fold[];
  readonly metrics: readonly string[];
  readonly budget: Budget;
  /** Seconds to keep for the steps after the leaderboard. */
  readonly reserveSeconds: number;
  /** Seconds the settings search keeps back (default `reserveSeconds`): a planned budget keeps the learning curve's share from it, not from the defaults. */
  readonly searchReserveSeconds?: number;
  /** How many times a family's slowest run so far a further setting is assumed to take (default 1.3; a planned budget asks more, since later settings grow more trees). */
  readonly searchMargin?: number;
  /** A family's own folds: the same test rows, fewer training rows (a planned budget); default `folds`. */
  readonly foldsFor?: (family: Family) => readonly Fold[];
  readonly seed: number;
  readonly progress: ProgressSink;
  /** The metric the families are ranked by (the assessment's main metric); default the task's usual one. */
  readonly mainMetric?: string;
}

export interface SkippedFamily {
  readonly family: Family;
  readonly name: string;
  readonly reason: string;
}

export interface Leaderboard {
  /** Best first by the main metric. */
  readonly entries: readonly LeaderboardEntry[];
  readonly skipped: readonly SkippedFamily[];
}

/** Rows above which a family's fold time is estimated on a sample before it is run. */
const PROBE_ABOVE_ROWS = 5000;

export async function runLeaderboard(options: LeaderboardOptions): Promise<Leaderboard> {
  const { frame, target, truth, task, folds, metrics, budget, reserveSeconds, progress } = options;
  const main = options.mainMetric ?? MAIN_METRIC[task];
  const better = (a: CvResult, b: CvResult): boolean => {
    const x = a.metrics[main]!.mean;
    const y = b.metrics[main]!.mean;
    if (!Number.isFinite(y)) return Number.isFinite(x);
    return metricInfo(main).higherIsBetter ? x > y : x < y;
  };
  const families = modelFamilies(task, options.seed);
  const entries = new Map<Family, LeaderboardEntry>();
  const defaultSeconds = new Map<Family, number>();
  // Each candidate reports its folds, so a terminal shows e.g. "gradient boosting: fold 3 of 5".
  const run = async (family: ModelFamily, params: ModelFamily['configs'][number], limitFolds: boolean, label: string): Promise<{ result: CvResult; cutShort: boolean }> => {
    const candidate = modelCandidate(`model:${family.family}`, family.name, () => family.make(params), frame, target, truth);
    const keepGoing = limitFolds ? (_done: number, slowest: number): boolean => budget.fits(slowest, reserveSeconds) : undefined;
    progress.start(label, folds.length, 'fold');
    try {
      const result = await crossValidate(candidate, options.foldsFor?.(family.family) ?? folds, truth, metrics, frame.rowCount, keepGoing, (done) => progress.update(done));
      return { result, cutShort: result.foldsRun < folds.length };
    } finally {
      progress.stop();
    }
  };
  // Defaults first, every family, so that each gets a fair first look.
  const skipped: SkippedFamily[] = [];
  for (const family of families) {
    if (!budget.fits(0, reserveSeconds)) {
      skipped.push({ family: family.family, name: family.name, reason: 'the time budget ran out before it could start' });
      continue;
    }
    const estimate = await estimateFoldSeconds(family, (options.foldsFor?.(family.family) ?? folds)[0]!);
    if (estimate !== null && !budget.fits(estimate, reserveSeconds)) {
      skipped.push({ family: family.family, name: family.name, reason: `one fold would take about ${estimate.toFixed(0)} s (measured on a sample), more than the ${Math.max(0, budget.remainingSeconds - reserveSeconds).toFixed(0)} s left` });
      continue;
    }
    const start = performance.now();
    const outcome = await run(family, family.configs[0]!, true, family.name);
    const seconds = (performance.now() - start) / 1000;
    defaultSeconds.set(family.family, seconds);
    entries.set(family.family, { family: family.family, result: outcome.result, params: family.configs[0]!, configsTried: 1, seconds, cutShort: outcome.cutShort });
  }
  // Then the search, one setting per family in turn, while each still fits the budget.
  for (let c = 1; c < Math.max(...families.map((f) => f.configs.length)); c++) {
    for (const family of families) {
      const params = family.configs[c];
      const entry = entries.get(family.family);
      const estimate = defaultSeconds.get(family.family);
      if (params === undefined || entry === undefined || entry.cutShort || estimate === undefined) continue;
      if (!budget.fits(estimate * (options.searchMargin ?? 1.3), options.searchReserveSeconds ?? reserveSeconds)) continue;
      const start = performance.now();
      const outcome = await run(family, params, false, `${family.name}, settings ${c + 1} of ${family.configs.length}`);
      const seconds = (performance.now() - start) / 1000;
      // The next setting is judged by the slowest run of the family so far.
      if (options.searchMargin !== undefined) defaultSeconds.set(family.family, Math.max(estimate, seconds));
      const best = better(outcome.result, entry.result) ? { result: outcome.result, params } : { result: entry.result, params: entry.params };
      entries.set(family.family, { ...entry, ...best, configsTried: entry.configsTried + 1, seconds: entry.seconds + seconds });
    }
  }
  const sorted = [...entries.values()].sort((a, b) => (better(a.result, b.result) ? -1 : better(b.result, a.result) ? 1 : 0));
  return { entries: sorted, skipped };

  /**
   * Fits on samples of 2.5% and 5% of the fold's training rows and extends the line through the
   * two times to the full fold, so that fixed costs (binning, set-up) are not scaled up with the
   * rows. Null for small data, where a fold is cheap anyway.
   */
  async function estimateFoldSeconds(family: ModelFamily, fold: Fold): Promise<number | null> {
    if (fold.train.length <= PROBE_ABOVE_ROWS) return null;
    const timeOn = async (share: number): Promise<{ rows: number; seconds: number }> => {
      const step = Math.max(1, Math.floor(1 / share));
      const sample = fold.train.filter((_, i) => i % step === 0);
      const candidate = modelCandidate(`probe:${family.family}`, family.name, () => family.make(family.configs[0]!), frame, target, truth);
      const start = performance.now();
      await candidate.fitPredict(sample, fold.test.subarray(0, Math.min(200, fold.test.length)));
      return { rows: sample.length, seconds: (performance.now() - start) / 1000 };
    };
    const small = await timeOn(0.025);
    const large = await timeOn(0.05);
    const perRow = Math.max(0, (large.seconds - small.seconds) / (large.rows - small.rows));
    const fixed = Math.max(0, large.seconds - perRow * large.rows);
    // Trees grow a little faster than linearly in rows, and the fold's test rows are predicted too.
    return (fixed + perRow * fold.train.length) * 1.3;
  }
}
