// Multi-label decisions at one threshold per label: choosing each label's threshold out of fold
// (best F1, or the most value when the card prices the outcomes), and the per-label and set-level
// metrics of the decided label sets, with bootstrap intervals, that the brief promises and monitor checks.

import { Rng } from '../core/rng.js';
import type { BusinessSpec } from '../frame/card.js';
import { labelsAtThresholds } from '../frame/decision-rules.js';
import { type Interval, percentile } from './interval.js';

/** How the thresholds were chosen: the best F1 of each label, or the most value per label decision. */
export type ThresholdBasis = 'best-f1' | 'best-value';

/** Row-major rows x labels: probabilities (0..1) and truth (1 where the row carries the label). */
export interface LabelMatrix {
  readonly labels: readonly string[];
  readonly probabilities: Float64Array;
  readonly truth: Uint8Array;
}

/** The thresholds tried: 0.01 to 0.99 in steps of 0.01, round numbers a reader can repeat. */
const GRID = Array.from({ length: 99 }, (_, i) => Math.round((i + 1)) / 100);

/** Binary outcomes' prices, or null when the card gives none (thresholds then follow F1). */
export function labelOutcomes(business: BusinessSpec | undefined): { tp: number; fp: number; tn: number; fn: number } | null {
  const o = business?.outcomes;
  if (o === undefined || Object.values(o).every((v) => v === undefined)) return null;
  return { tp: o.truePositive ?? 0, fp: o.falsePositive ?? 0, tn: o.trueNegative ?? 0, fn: o.falseNegative ?? 0 };
}

/**
 * Each label's threshold, chosen on the rows given (out-of-fold predictions): the grid value with
 * the best F1 for that label, or, when the card prices outcomes, the one worth the most (each
 * label decision valued by business.outcomes). Ties go to the threshold nearest 0.5.
 */
export function chooseLabelThresholds(m: LabelMatrix, rows: ArrayLike<number>, business: BusinessSpec | undefined): { thresholds: Record<string, number>; basis: ThresholdBasis } {
  const L = m.labels.length;
  const prices = labelOutcomes(business);
  const thresholds: Record<string, number> = {};
  for (let l = 0; l < L; l++) {
    let best = 0.5;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const t of GRID) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let tn = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const yes = m.probabilities[r * L + l]! >= t;
        const actual = m.truth[r * L + l] === 1;
        if (yes && actual) tp++;
        else if (yes) fp++;
        else if (actual) fn++;
        else tn++;
      }
      const score = prices === null ? (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)) : tp * prices.tp + fp * prices.fp + tn * prices.tn + fn * prices.fn;
      if (score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5))) {
        best = t;
        bestScore = score;
      }
    }
    thresholds[m.labels[l]!] = best;
  }
  return { thresholds, basis: prices === null ? 'best-f1' : 'best-value' };
}

/** Each row's decided label set as 0/1 cells (row-major rows x labels), through the one rule (labelsAtThresholds). */
export function decideLabels(m: Pick<LabelMatrix, 'labels' | 'probabilities'>, rows: number, thresholds: Readonly<Record<string, number>>): Uint8Array {
  const L = m.labels.length;
  const index = new Map(m.labels.map((l, k) => [l, k]));
  const out = new Uint8Array(rows * L);
  for (let i = 0; i < rows; i++) for (const label of labelsAtThresholds(m.probabilities, i * L, m.labels, thresholds)) out[i * L + index.get(label)!] = 1;
  return out;
}

/** The metric names for one label: `precision:rain`, `recall:rain`, `f1:rain`. */
export const labelMetricName = (metric: 'precision' | 'recall' | 'f1', label: string): string => `${metric}:${label}`;

/** Set-level metrics at the thresholds (hamming_loss: lower is better; the others higher). */
export const SET_METRICS = ['subset_accuracy', 'hamming_loss', 'f1_micro', 'f1_macro'] as const;

/**
 * Per-label precision, recall and F1 and the set-level metrics of decided label sets on `rows`.
 * A label never decided (or never present) scores 0 precision (recall), as scikit-learn's default.
 */
export function labelSetMetrics(labels: readonly string[], truth: Uint8Array, decided: Uint8Array, rows: ArrayLike<number>): Record<string, number> {
  const L = labels.length;
  const tp = new Float64Array(L);
  const fp = new Float64Array(L);
  const fn = new Float64Array(L);
  let exact = 0;
  let wrong = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let same = true;
    for (let l = 0; l < L; l++) {
      const d = decided[r * L + l]!;
      const t = truth[r * L + l]!;
      if (d !== t) {
        same = false;
        wrong++;
      }
      if (d === 1 && t === 1) tp[l]!++;
      else if (d === 1) fp[l]!++;
      else if (t === 1) fn[l]!++;
    }
    if (same) exact++;
  }
  const out: Record<string, number> = {};
  const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  let f1Sum = 0;
  let TP = 0;
  let FP = 0;
  let FN = 0;
  labels.forEach((label, l) => {
    const f1 = div(2 * tp[l]!, 2 * tp[l]! + fp[l]! + fn[l]!);
    out[labelMetricName('precision', label)] = div(tp[l]!, tp[l]! + fp[l]!);
    out[labelMetricName('recall', label)] = div(tp[l]!, tp[l]! + fn[l]!);
    out[labelMetricName('f1', label)] = f1;
    f1Sum += f1;
    TP += tp[l]!;
    FP += fp[l]!;
    FN += fn[l]!;
  });
  const n = rows.length;
  out['subset_accuracy'] = n === 0 ? Number.NaN : exact / n;
  out['hamming_loss'] = n === 0 ? Number.NaN : wrong / (n * L);
  out['f1_micro'] = div(2 * TP, 2 * TP + FP + FN);
  out['f1_macro'] = L === 0 ? Number.NaN : f1Sum / L;
  return out;
}

/** Value of each row's decisions: the sum over labels of the card's outcome price for each label decision. */
export function rowValues(labels: readonly string[], truth: Uint8Array, decided: Uint8Array, rows: number, business: BusinessSpec | undefined): Float64Array | null {
  const prices = labelOutcomes(business);
  if (prices === null) return null;
  const L = labels.length;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let v = 0;
    for (let l = 0; l < L; l++) {
      const d = decided[r * L + l]!;
      const t = truth[r * L + l]!;
      v += d === 1 ? (t === 1 ? prices.tp : prices.fp) : t === 1 ? prices.fn : prices.tn;
    }
    out[r] = v;
  }
  return out;
}

/** Every metric of labelSetMetrics (and the value per row, when given) with a seeded percentile-bootstrap 95% interval. */
export function labelMetricsWithIntervals(labels: readonly string[], truth: Uint8Array, decided: Uint8Array, rows: readonly number[], values: Float64Array | null, seed: number, resamples = 500): { metrics: Record<string, Interval>; value: Interval | null } {
  const point = labelSetMetrics(labels, truth, decided, rows);
  const draws = new Map<string, number[]>(Object.keys(point).map((k) => [k, []]));
  const valueDraws: number[] = [];
  const rng = new Rng(seed);
  const sample = new Array<number>(rows.length);
  for (let b = 0; b < resamples && rows.length > 0; b++) {
    for (let i = 0; i < rows.length; i++) sample[i] = rows[rng.int(rows.length)]!;
    const m = labelSetMetrics(labels, truth, decided, sample);
    for (const [k, v] of Object.entries(m)) draws.get(k)!.push(v);
    if (values !== null) valueDraws.push(sample.reduce((s, r) => s + values[r]!, 0) / sample.length);
  }
  const metrics: Record<string, Interval> = {};
  for (const [k, v] of Object.entries(point)) metrics[k] = { mean: v, low: percentile(draws.get(k)!, 0.025), high: percentile(draws.get(k)!, 0.975) };
  const value = values === null || rows.length === 0 ? null : { mean: rows.reduce((s, r) => s + values[r]!, 0) / rows.length, low: percentile(valueDraws, 0.025), high: percentile(valueDraws, 0.975) };
  return { metrics, value };
}

/** Whether a metric is worse when lower (all here but hamming_loss). */
export const higherIsBetter = (metric: string): boolean => metric !== 'hamming_loss';
