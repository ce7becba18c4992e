// The one choice of the model put forward, which the verdict's headline names, the brief explains
// and `brief --register` registers: a more complex family only when its advantage in value per
// decision (when the card prices decisions) or in the main metric is beyond its paired interval,
// and a family that ran every fold before one the time budget cut short.

import { Rng } from '../core/rng.js';
import { bootstrapLift } from './bootstrap-lift.js';
import type { CvResult } from './cross-validate.js';
import { normalQuantile } from './interval.js';
import type { Family } from './model-families.js';
import { commonRows, takePredictions, takeTruth, type Truth } from './oof.js';
import { metricInfo } from './task-metrics.js';
import { capitalized } from '../core/capitalize.js';

/**
 * Simplest first, as a person would weigh them: a rule < a linear model < one tree < a forest <
 * boosting (rules are the non-ML bar, judged by the verdict; trees are not on the leaderboard).
 */
export const SIMPLICITY: Readonly<Record<Family, number>> = { linear: 1, forest: 3, gbdt: 4 };

/** Confidence of the paired interval an advantage must clear. */
export const CHOICE_LEVEL = 0.95;

export interface ChoiceCandidate {
  readonly family: Family;
  readonly result: CvResult;
}

/** One model's advantage over another on the rows both predicted out of fold, with its paired interval. */
export interface Advantage {
  readonly model: string;
  readonly over: string;
  /** Positive: `model` is better (worth more per decision, or better in the metric). */
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly rows: number;
  /** The interval lies wholly above zero. */
  readonly beyond: boolean;
}

export interface ModelChoice {
  /** The model put forward (a leaderboard id, e.g. 'model:linear'). */
  readonly model: string;
  readonly name: string;
  /** Value per decision when the card prices decisions, else the main metric. */
  readonly basis: 'value' | 'metric';
  /** The metric id, or 'value' (per decision, in `currency`). */
  readonly measure: string;
  readonly currency: string | null;
  /** Each eligible model's score on that measure, simplest first. */
  readonly scores: readonly { readonly model: string; readonly name: string; readonly score: number; readonly foldsRun: number }[];
  /** The paired comparisons weighed: each more complex model against the one put forward, and what ruled out each simpler one. */
  readonly advantages: readonly Advantage[];
  readonly foldsRun: number;
  readonly folds: number;
  /** Families the time budget cut short; put forward only when none ran every fold, and then one that ran the most. */
  readonly incomplete: readonly { readonly model: string; readonly name: string; readonly foldsRun: number }[];
  readonly reason: string;
}

export interface ChoiceInput {
  readonly candidates: readonly ChoiceCandidate[];
  readonly truth: Truth;
  /** Folds every candidate was meant to run. */
  readonly folds: number;
  readonly metric: string;
  readonly seed: number;
  /**
   * Value per decision of a model's decisions on exactly the rows of `truth` (its result's `oof`
   * aligned with them), as the business case values them; null, or returning null, when the card
   * does not price decisions.
   */
  readonly valuePerDecision?: ((truth: Truth, result: CvResult) => number | null) | null;
  readonly currency?: string;
  /** Bootstrap resamples for a value advantage (default 200). */
  readonly resamples?: number;
  /** Rows a metric advantage is resampled from, at most (bootstrap-lift's default when absent; a planned budget sets it). */
  readonly liftRows?: number;
}

/** Rows a value advantage is resampled from, at most (a seeded subsample above). */
const MAX_VALUE_ROWS = 4000;

export function chooseModel(input: ChoiceInput): ModelChoice | null {
  const { truth, metric } = input;
  const valueOf = input.valuePerDecision ?? null;
  const values = valueOf === null ? null : input.candidates.map((c) => valueOf(truth, onRows(c.result, truth, c.result.tested)));
  const byValue = values !== null && values.every((v) => v !== null && Number.isFinite(v));
  return putForward({
    candidates: input.candidates.map((c, i) => ({ id: c.result.id, name: c.result.name, family: c.family, foldsRun: c.result.foldsRun, score: byValue ? values![i]! : c.result.metrics[metric]!.mean })),
    folds: input.folds,
    metric,
    basis: byValue ? 'value' : 'metric',
    currency: byValue ? (input.currency ?? '') : null,
    advantage: (better, than) => {
      const b = input.candidates.find((c) => c.result.id === better)!.result;
      const t = input.candidates.find((c) => c.result.id === than)!.result;
      return byValue ? valueAdvantage(input, b, t) : metricAdvantage(input, b, t);
    },
  });
}

/** A candidate as the choice weighs it: its family, folds run and score (value per decision, or the metric's mean). */
export interface ScoredFamily {
  readonly id: string;
  readonly name: string;
  readonly family: Family;
  readonly foldsRun: number;
  readonly score: number;
}

export interface PutForwardInput {
  readonly candidates: readonly ScoredFamily[];
  readonly folds: number;
  /** The main metric (the measure on a metric basis; its direction orders scores). */
  readonly metric: string;
  readonly basis: 'value' | 'metric';
  readonly currency: string | null;
  /** `better` over `than` on the rows both predicted, with its paired interval (positive: `better` is better). */
  readonly advantage: (better: string, than: string) => Advantage;
}

/**
 * The simplest model that no more complex one beats beyond its interval, among the families that
 * ran every fold (those that ran the most when none did). Paired comparisons need not be
 * transitive; this keeps the promise a reader checks: nothing more complex on the leaderboard is
 * reliably better than the model put forward. For any kind whose candidates are families scored
 * on the same rows.
 */
export function putForward(input: PutForwardInput): ModelChoice | null {
  if (input.candidates.length === 0) return null;
  const { folds, metric } = input;
  // Families that ran every fold; when the budget cut them all short, those that ran the most.
  const most = Math.min(folds, Math.max(...input.candidates.map((c) => c.foldsRun)));
  const eligible = input.candidates.filter((c) => c.foldsRun >= most).sort((a, b) => SIMPLICITY[a.family] - SIMPLICITY[b.family]);
  const incomplete = input.candidates.filter((c) => c.foldsRun < folds).map((c) => ({ model: c.id, name: c.name, foldsRun: c.foldsRun }));
  const sign = input.basis === 'value' || metricInfo(metric).higherIsBetter ? 1 : -1;
  const scores = eligible.map((c) => sign * c.score);
  const cache = new Map<string, Advantage>();
  const advantage = (better: ScoredFamily, than: ScoredFamily): Advantage => {
    const key = `${better.id}>${than.id}`;
    let found = cache.get(key);
    if (found === undefined) cache.set(key, (found = input.advantage(better.id, than.id)));
    return found;
  };
  let chosen = eligible.length - 1;
  const weighed: Advantage[] = [];
  for (let m = 0; m < eligible.length; m++) {
    const beatenBy = eligible.findIndex((c, j) => j > m && Number.isFinite(scores[j]!) && (scores[j]! > scores[m]! || !Number.isFinite(scores[m]!)) && advantage(c, eligible[m]!).beyond);
    if (beatenBy < 0) {
      chosen = m;
      break;
    }
    weighed.push(advantage(eligible[beatenBy]!, eligible[m]!));
  }
  const pick = eligible[chosen]!;
  for (let j = chosen + 1; j < eligible.length; j++) if (scores[j]! > scores[chosen]!) weighed.push(advantage(eligible[j]!, pick));
  const choice: Omit<ModelChoice, 'reason'> = {
    model: pick.id,
    name: pick.name,
    basis: input.basis,
    measure: input.basis === 'value' ? 'value' : metric,
    currency: input.currency,
    scores: eligible.map((c) => ({ model: c.id, name: c.name, score: c.score, foldsRun: c.foldsRun })),
    advantages: weighed,
    foldsRun: pick.foldsRun,
    folds,
    incomplete,
  };
  return { ...choice, reason: choiceReason(choice, metric) };
}

/**
 * A paired bootstrap of a difference between two models on the same rows: `diff(rows)` on the pool
 * and on resamples of it with replacement; the interval is normal, from the resamples' spread, as
 * bootstrap-lift.ts does for a metric.
 */
export function pairedAdvantage(ids: { readonly model: string; readonly over: string }, pool: Int32Array, diff: (rows: Int32Array) => number, seed: number, resamples = 200): Advantage {
  const rng = new Rng(seed);
  const value = diff(pool);
  const diffs: number[] = [];
  const sample = new Int32Array(pool.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < pool.length; i++) sample[i] = pool[rng.int(pool.length)]!;
    const d = diff(sample);
    if (Number.isFinite(d)) diffs.push(d);
  }
  const mean = diffs.reduce((s, d) => s + d, 0) / Math.max(1, diffs.length);
  const se = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, diffs.length - 1));
  const z = normalQuantile(1 - (1 - CHOICE_LEVEL) / 2);
  const low = value - z * se;
  return { ...ids, value, low, high: value + z * se, level: CHOICE_LEVEL, rows: pool.length, beyond: diffs.length > 1 && Number.isFinite(low) && low > 0 };
}

function metricAdvantage(input: ChoiceInput, better: CvResult, than: CvResult): Advantage {
  const rows = commonRows(better.tested, than.tested);
  const lift = bootstrapLift(input.metric, input.truth, better.oof, than.oof, rows, { seed: input.seed, level: CHOICE_LEVEL, ...(input.liftRows === undefined ? {} : { maxRows: input.liftRows, resamples: 200 }) });
  return { model: better.id, over: than.id, value: lift.value, low: lift.low, high: lift.high, level: lift.level, rows: lift.rows, beyond: lift.low > 0 };
}

/**
 * The difference in value per decision on the rows both predicted, with a paired bootstrap:
 * resample rows, value both models' decisions on each resample as the business case does (a
 * threshold chosen for value is chosen again on each), and take the spread of the difference as
 * its standard error, as bootstrap-lift.ts does for a metric.
 */
function valueAdvantage(input: ChoiceInput, better: CvResult, than: CvResult): Advantage {
  const valueOf = input.valuePerDecision!;
  let pool = commonRows(better.tested, than.tested);
  if (pool.length > MAX_VALUE_ROWS) pool = new Rng(input.seed + 16).shuffleInPlace(pool.slice()).subarray(0, MAX_VALUE_ROWS).sort();
  const diff = (rows: Int32Array): number => {
    const truth = takeTruth(input.truth, rows);
    return (valueOf(truth, onRows(better, input.truth, rows)) ?? Number.NaN) - (valueOf(truth, onRows(than, input.truth, rows)) ?? Number.NaN);
  };
  return pairedAdvantage({ model: better.id, over: than.id }, pool, diff, input.seed + 17, input.resamples ?? 200);
}

/** A model's out-of-fold predictions on `rows` (repeats allowed), as a result that tested exactly those rows in that order. */
function onRows(result: CvResult, truth: Truth, rows: Int32Array): CvResult {
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  return { ...result, oof: takePredictions(result.oof, rows, k), tested: Int32Array.from({ length: rows.length }, (_, i) => i) };
}

function choiceReason(choice: Omit<ModelChoice, 'reason'>, metric: string): string {
  const label = metricInfo(metric).label;
  const byValue = choice.basis === 'value';
  const currency = choice.currency ? ` ${choice.currency}` : '';
  const amount = (x: number): string => (byValue ? `${x.toFixed(2)}${currency}` : x.toFixed(3));
  const name = (id: string): string => choice.scores.find((s) => s.model === id)?.name ?? id;
  const interval = (a: Advantage): string => `${(100 * a.level).toFixed(0)}% interval ${amount(a.low)} to ${amount(a.high)}, paired over ${a.rows.toLocaleString('en-US')} out-of-fold rows`;
  const own = choice.scores.find((s) => s.model === choice.model)!;
  const parts: string[] = [];
  const ahead = choice.advantages.filter((a) => a.over === choice.model);
  const ruledOut = choice.advantages.filter((a) => a.over !== choice.model);
  const best = choice.scores.reduce((b, s) => (isBetter(s.score, b.score, byValue, metric) ? s : b));
  const among = choice.incomplete.length > 0 && choice.foldsRun >= choice.folds ? ' of the models that ran every fold' : '';
  parts.push(
    best.model === choice.model
      ? `${capitalized(choice.name)} ${byValue ? `is worth the most per decision (${amount(own.score)})` : `has the best ${label} (${amount(own.score)})`}${among}.`
      : `${capitalized(choice.name)} ${byValue ? `is worth ${amount(own.score)} per decision` : `scores ${label} ${amount(own.score)}`}.`,
  );
  // A higher mean can come with a paired difference at or below zero on the rows both predicted.
  const gain = (a: Advantage): string => {
    const shown = amount(Math.abs(a.value));
    if (shown === amount(0)) return byValue ? 'is worth no more per decision' : `is no better in ${label}`;
    if (a.value < 0) return byValue ? `is worth ${shown} less per decision` : `is worse by ${shown} in ${label}`;
    return byValue ? `is worth ${shown} more per decision` : `is better by ${shown} in ${label}`;
  };
  if (ahead.length > 0) {
    const each = ahead.map((a) => `${name(a.model)} ${gain(a)} (${interval(a)})`).join('; ');
    const what = ahead.every((a) => a.value > 0) ? 'advantage' : 'difference';
    parts.push(`${capitalized(each)}: ${ahead.length === 1 ? `a${what === 'advantage' ? 'n' : ''} ${what} within its interval` : `each ${what} within its interval`}, so the simpler ${choice.name} is put forward.`);
  }
  for (const a of ruledOut) parts.push(`${capitalized(name(a.over))}, simpler, is not: ${name(a.model)} ${gain(a)}, beyond its interval (${interval(a)}).`);
  if (choice.foldsRun < choice.folds) parts.push(`It ran ${choice.foldsRun} of ${choice.folds} folds before the time budget ran out (no model ran all ${choice.folds}), so its scores rest on fewer rows; raise --budget for a full comparison.`);
  for (const c of choice.incomplete.filter((x) => x.foldsRun < choice.foldsRun)) parts.push(`${capitalized(c.name)} ran ${c.foldsRun} of ${choice.folds} folds before the time budget ran out and is not put forward; raise --budget to compare it fully.`);
  return parts.join(' ');
}

function isBetter(x: number, y: number, byValue: boolean, metric: string): boolean {
  return byValue || metricInfo(metric).higherIsBetter ? x > y : x < y;
}

