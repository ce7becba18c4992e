// What a regression decision is worth at the card's figures: with a decision boundary, only a row
// decided on the wrong side of it costs, by how far across the boundary its truth lay; without
// one, every unit of error costs. The business case, the promise, the bars, monitor and retrain
// all value a predicted number through this one file.

import type { BusinessSpec } from '../../frame/card.js';
import { isAboveBoundary } from '../../frame/decision-rules.js';

/** The card's figures a regression decision is valued with, at one boundary (null: none). */
export interface RegressionCosts {
  readonly boundary: number | null;
  /** Cost per unit of over-prediction (a prediction above the truth), null when the card gives none. */
  readonly over: number | null;
  readonly under: number | null;
  /** With a boundary: the card's outcomes, `above` being the positive decision; null without them. */
  readonly outcomes: { readonly truePositive: number; readonly falsePositive: number; readonly trueNegative: number; readonly falseNegative: number } | null;
}

export function regressionCosts(business: BusinessSpec | undefined, boundary: number | null): RegressionCosts {
  const b = business ?? {};
  const over = b.overPredictionCostPerUnit ?? b.costPerUnitError;
  const under = b.underPredictionCostPerUnit ?? b.costPerUnitError;
  const o = b.outcomes;
  // Outcomes price decisions, so they only mean something where a boundary makes one.
  const outcomes = boundary === null || o === undefined ? null : { truePositive: o.truePositive ?? 0, falsePositive: o.falsePositive ?? 0, trueNegative: o.trueNegative ?? 0, falseNegative: o.falseNegative ?? 0 };
  return { boundary, over: over === undefined || under === undefined ? null : over, under: over === undefined || under === undefined ? null : under, outcomes };
}

/** True when the figures can value a decision: a cost per unit of error, or (with a boundary) outcomes. */
export function canValueRegression(c: RegressionCosts): boolean {
  return c.over !== null || c.outcomes !== null;
}

/**
 * The value of deciding on `predicted` when the truth is `actual` (a cost is negative).
 * Without a boundary: minus the cost of the error, per unit over or under. With one: a row whose
 * prediction and truth fall on the same side is worth its outcome (true positive above, true
 * negative below; 0 without outcomes); a row on the wrong side is worth its outcome (false
 * positive when decided above, false negative when decided below) minus the unit cost times
 * |actual − boundary|, how far across the boundary the truth was: a case just past the boundary
 * costs little when missed, one far past it costs much.
 */
export function regressionValue(predicted: number, actual: number, c: RegressionCosts): number {
  if (c.boundary === null) {
    const e = predicted - actual;
    return e > 0 ? -e * (c.over ?? 0) : e * (c.under ?? 0);
  }
  const decidedAbove = isAboveBoundary(predicted, c.boundary);
  const isAbove = isAboveBoundary(actual, c.boundary);
  const o = c.outcomes;
  if (decidedAbove === isAbove) return o === null ? 0 : decidedAbove ? o.truePositive : o.trueNegative;
  const across = Math.abs(actual - c.boundary);
  // Decided above while the truth is below: the prediction over-shot; below while above: under-shot.
  const unit = decidedAbove ? (c.over ?? 0) : (c.under ?? 0);
  return (o === null ? 0 : decidedAbove ? o.falsePositive : o.falseNegative) - unit * across;
}

/** The value of every row's decision; `actual` and `predicted` are aligned row by row. */
export function regressionValues(actual: ArrayLike<number>, predicted: ArrayLike<number>, c: RegressionCosts): Float64Array {
  return Float64Array.from({ length: actual.length }, (_, i) => regressionValue(predicted[i]!, actual[i]!, c));
}

/** Mean value per decision (NaN for no rows). */
export function regressionValuePerDecision(actual: ArrayLike<number>, predicted: ArrayLike<number>, c: RegressionCosts): number {
  if (actual.length === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < actual.length; i++) total += regressionValue(predicted[i]!, actual[i]!, c);
  return total / actual.length;
}

/** How a decision is valued, in words (retrain.json's `rule`, the brief's figures). */
export function regressionValueRule(c: RegressionCosts): string {
  const units = c.over === null ? null : c.over === c.under ? `${c.over}` : `${c.over} when decided above and the truth is below, ${c.under} when decided below and the truth is above`;
  if (c.boundary === null) return c.over === c.under ? `each unit of error costs ${c.over}` : `each unit of over-prediction costs ${c.over}, of under-prediction ${c.under}`;
  const wrong = units === null ? 'a decision on the wrong side is worth its outcome' : `a decision on the wrong side of ${c.boundary} costs ${units} per unit the truth lay across it`;
  const right = c.outcomes === null ? 'one on the right side costs nothing' : 'one on the right side is worth its outcome';
  return `${wrong}; ${right}`;
}

/** Decisions at a boundary: the share decided above and the share on the truth's side. */
export interface BoundaryDecisions {
  readonly rows: number;
  readonly aboveShare: number;
  readonly sideAccuracy: number;
}

/** Per-row flags for the boundary metrics: decided above, and decided on the truth's side. */
export function boundaryFlags(actual: ArrayLike<number>, predicted: ArrayLike<number>, boundary: number): { readonly above: Uint8Array; readonly right: Uint8Array } {
  const n = actual.length;
  const above = new Uint8Array(n);
  const right = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = isAboveBoundary(predicted[i]!, boundary);
    above[i] = a ? 1 : 0;
    right[i] = a === isAboveBoundary(actual[i]!, boundary) ? 1 : 0;
  }
  return { above, right };
}

export function boundaryDecisions(actual: ArrayLike<number>, predicted: ArrayLike<number>, boundary: number): BoundaryDecisions {
  const { above, right } = boundaryFlags(actual, predicted, boundary);
  const n = actual.length;
  let a = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    a += above[i]!;
    r += right[i]!;
  }
  return { rows: n, aboveShare: n === 0 ? Number.NaN : a / n, sideAccuracy: n === 0 ? Number.NaN : r / n };
}
