// The shape every metric returns: a number that is NaN when the metric is undefined on the
// input, and the warnings that say why (or what was assumed), so no metric ever throws on data.

import { FramewiseError } from '../../core/errors.js';

export interface MetricResult {
  /** NaN when the metric is undefined for this input; `warnings` then says why. */
  readonly value: number;
  readonly warnings: readonly string[];
}

/** Labels as class codes 0..k-1 (as `encodeTarget` produces) in any integer typed array. */
export type Codes = ArrayLike<number>;

export function ok(value: number, warnings: readonly string[] = []): MetricResult {
  return { value, warnings };
}

export function undefinedMetric(reason: string, warnings: readonly string[] = []): MetricResult {
  return { value: Number.NaN, warnings: [...warnings, reason] };
}

/**
 * Arrays of different lengths are a caller's bug, not a property of the data, so they are
 * refused outright; everything about the data itself becomes a warning instead.
 */
export function checkSameLength(metric: string, a: { readonly length: number }, b: { readonly length: number }, bWidth = 1): void {
  if (a.length * bWidth !== b.length) {
    throw new FramewiseError('INVALID_ARGUMENT', `${metric}: ${a.length} labels but ${b.length / bWidth} predictions.`, {
      hint: 'Pass one prediction (or one probability row) per labelled row, in the same order.',
    });
  }
}

/** Refuses negative or fractional class codes (a missing label must be dropped before scoring). */
export function checkCodes(metric: string, codes: Codes): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!(c >= 0) || !Number.isInteger(c)) {
      throw new FramewiseError('INVALID_ARGUMENT', `${metric}: class code ${c} at row ${i + 1} is not a class (codes are 0, 1, …).`, {
        hint: 'Drop rows whose label is missing before computing metrics.',
        location: { row: i + 1 },
      });
    }
    if (c > max) max = c;
  }
  return max + 1;
}

/** Counts non-finite values, for the warning that makes a metric NaN. */
export function countNonFinite(values: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) bad++;
  return bad;
}
