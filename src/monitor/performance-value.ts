// The business value each labelled decision realised, from the card's figures: binary outcomes
// at the current threshold, a cost matrix over the decided class (the predictions' labels: as
// logged, else the policy's class; see class-decisions-taken.ts), or the cost per unit of error
// (at a regression boundary, of decisions on its wrong side).

import type { Rng } from '../core/rng.js';
import type { BusinessSpec } from '../frame/card.js';
import type { Predictions, Truth } from '../evaluate/oof.js';
import { canValueRegression, regressionCosts, regressionValues } from '../evaluate/value/boundary-value.js';

export interface DecisionValues {
  /** Value of each row's decision (rows in the truth's order). */
  readonly values: Float64Array;
  readonly currency: string | null;
  /** The threshold the binary decisions were taken at; null for other tasks (or, as taken, several thresholds). */
  readonly threshold: number | null;
  /** Figures the card leaves out and what was taken instead. */
  readonly notes: readonly string[];
}

/**
 * Values each decision, or says why it cannot: `threshold` applies to the positive class's
 * probability (binary), the served class is the decision for several classes, and a regression
 * decision costs its error, or at `boundary` only when it falls on the wrong side of it. Null (with the reason) when the card has no figures for the task.
 * `asTaken`: the binary decisions are the predictions' hard labels (as the server logged them,
 * perhaps at several thresholds), and `threshold` only names the one they share, if any.
 */
export function decisionValues(truth: Truth, p: Predictions, business: BusinessSpec | undefined, threshold: number | null, asTaken = false, boundary: number | null = null): DecisionValues | { readonly reason: string } {
  const b = business ?? {};
  const currency = b.currency ?? null;
  const notes: string[] = [];
  const n = truth.y.length;
  const values = new Float64Array(n);
  if (truth.kind === 'classification' && p.kind === 'classification' && truth.classes.length === 2) {
    const o = b.outcomes;
    if (o === undefined) return { reason: 'the card has no business.outcomes, so the decisions cannot be valued' };
    const figure = (v: number | undefined, field: string): number => {
      if (v === undefined) notes.push(`business.outcomes.${field} is not given; taken as 0.`);
      return v ?? 0;
    };
    const tp = figure(o.truePositive, 'truePositive');
    const fp = figure(o.falsePositive, 'falsePositive');
    const tn = figure(o.trueNegative, 'trueNegative');
    const fn = figure(o.falseNegative, 'falseNegative');
    const t = threshold ?? 0.5;
    const pos = truth.positive;
    for (let i = 0; i < n; i++) {
      const flagged = asTaken ? p.labels[i] === pos : p.probabilities[i * 2 + pos]! >= t;
      const actual = truth.y[i] === pos;
      values[i] = actual ? (flagged ? tp : fn) : flagged ? fp : tn;
    }
    return { values, currency, threshold: asTaken ? threshold : t, notes };
  }
  if (truth.kind === 'classification' && p.kind === 'classification') {
    const matrix = b.costMatrix;
    if (matrix === undefined) return { reason: 'the card has no business.costMatrix, so decisions between classes cannot be valued' };
    const missing = new Set<string>();
    for (let i = 0; i < n; i++) {
      const actual = truth.classes[truth.y[i]!]!;
      const served = truth.classes[p.labels[i]!]!;
      const v = matrix[actual]?.[served];
      if (v === undefined) missing.add(`${actual}.${served}`);
      values[i] = v ?? 0;
    }
    for (const key of [...missing].sort()) notes.push(`business.costMatrix.${key} is not given; taken as 0.`);
    return { values, currency, threshold: null, notes };
  }
  if (truth.kind === 'regression' && p.kind === 'regression') {
    // At the policy's boundary only decisions on its wrong side cost, as the brief valued them (boundary-value.ts).
    const costs = regressionCosts(b, boundary);
    if (!canValueRegression(costs)) return { reason: 'the card has no business.costPerUnitError (or over- and under-prediction costs), so errors cannot be valued' };
    values.set(regressionValues(truth.y, p.values, costs));
    return { values, currency, threshold: null, notes };
  }
  return { reason: 'the predictions and labels are of different kinds' };
}

/** Mean of `values` over the given rows (NaN for none). */
export function meanOver(values: Float64Array, rows: ArrayLike<number>): number {
  if (rows.length === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += values[rows[i]!]!;
  return total / rows.length;
}

/** A mean with its bootstrap interval (the realised value per decision of a set of rows). */
export interface ValueEstimate {
  readonly perDecision: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The mean of `values` over `rows` with a percentile bootstrap 95% interval. Past `maxRows` the
 * resamples come from a seeded subsample and their spread is scaled by sqrt(m/n), as for metrics.
 */
export function meanWithInterval(values: Float64Array, rows: Int32Array, rng: Rng, resamples: number, maxRows: number): ValueEstimate {
  const n = rows.length;
  const mean = meanOver(values, rows);
  if (n < 2) return { perDecision: mean, low: mean, high: mean };
  let pool = rows;
  let centre = mean;
  let scale = 1;
  if (n > maxRows) {
    pool = rng.shuffleInPlace(rows.slice()).subarray(0, maxRows);
    centre = meanOver(values, pool);
    scale = Math.sqrt(pool.length / n);
  }
  const m = pool.length;
  const draws = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < m; i++) total += values[pool[rng.int(m)]!]!;
    draws[b] = total / m;
  }
  draws.sort();
  const at = (q: number): number => {
    const pos = q * (resamples - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(resamples - 1, lo + 1);
    return draws[lo]! + (draws[hi]! - draws[lo]!) * (pos - lo);
  };
  return { perDecision: mean, low: mean + (at(0.025) - centre) * scale, high: mean + (at(0.975) - centre) * scale };
}

/** Labelled rows a realised value needs before it is judged against the promise (fewer: too noisy to call). */
export const VALUE_MIN_ROWS = 30;

/**
 * Realised value is below the promise when its whole 95% interval lies under the promise's lower
 * bound: the same rule as for metrics, so a healthy window's noise does not read as a breach.
 */
export function valueBelowPromise(realised: ValueEstimate, promised: { readonly low: number } | null, rows: number): boolean {
  if (promised === null || !Number.isFinite(promised.low) || rows < VALUE_MIN_ROWS) return false;
  return realised.high < promised.low;
}
