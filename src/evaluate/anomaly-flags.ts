// Flags from anomaly scores: the score threshold that flags a given share of rows, the rows a
// threshold flags (through the one rule, isFlagged), and how far two flagged sets agree.

import { isFlagged } from '../frame/decision-rules.js';
import { percentile } from './interval.js';

/**
 * The score threshold at which `share` of the rows are flagged by isFlagged (score >= threshold):
 * the k-th highest finite score, k = round(share x rows), at least 1. Ties at the threshold are
 * all flagged, so the share flagged can be a little above `share`.
 */
export function thresholdForShare(scores: ArrayLike<number>, share: number): number {
  const finite = Array.from(scores).filter((s) => Number.isFinite(s)).sort((a, b) => b - a);
  if (finite.length === 0) return Number.POSITIVE_INFINITY;
  const k = Math.min(finite.length, Math.max(1, Math.round(share * finite.length)));
  return finite[k - 1]!;
}

/** 1 for each row the threshold flags, by the rule every stage decides with. */
export function flagsAt(scores: ArrayLike<number>, threshold: number): Uint8Array {
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = Number.isFinite(scores[i]!) && isFlagged(scores[i]!, threshold) ? 1 : 0;
  return out;
}

/** The share of rows flagged at a threshold (0 for no rows). */
export function shareFlagged(scores: ArrayLike<number>, threshold: number): number {
  if (scores.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (Number.isFinite(scores[i]!) && isFlagged(scores[i]!, threshold)) n++;
  return n / scores.length;
}

/** The rows `scores` flags when its own top `share` is flagged. */
export function topShare(scores: ArrayLike<number>, share: number): Uint8Array {
  return flagsAt(scores, thresholdForShare(scores, share));
}

/**
 * Of the rows `reference` flags, the share `other` flags too (NaN when `reference` flags none).
 * Two random sets flagging a share s of the rows agree on s of them by chance.
 */
export function agreement(reference: Uint8Array, other: Uint8Array): number {
  let both = 0;
  let flagged = 0;
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] === 1) {
      flagged++;
      if (other[i] === 1) both++;
    }
  }
  return flagged === 0 ? Number.NaN : both / flagged;
}

/** Quantiles of the scores, for a reader to see where the threshold falls. */
export interface ScoreDistribution {
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function scoreDistribution(scores: ArrayLike<number>): ScoreDistribution {
  const xs = Array.from(scores);
  const q = (p: number): number => percentile(xs, p);
  return { min: q(0), p25: q(0.25), median: q(0.5), p75: q(0.75), p90: q(0.9), p95: q(0.95), p99: q(0.99), max: q(1) };
}

/** The median of `values` over `rows` (every row when omitted), ignoring missing values; 0 when none. */
export function medianOf(values: Float64Array, rows?: ArrayLike<number>): number {
  const xs: number[] = [];
  if (rows === undefined) for (const v of values) { if (v === v) xs.push(v); }
  else for (let i = 0; i < rows.length; i++) { const v = values[rows[i]!]!; if (v === v) xs.push(v); }
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

/** A one-feature anomaly rule's score: how far each value is from a median (a missing value scores 0). */
export function distanceFrom(values: Float64Array, median: number): Float64Array {
  return values.map((v) => (v !== v ? 0 : Math.abs(v - median)));
}

/**
 * Whether a reference value marks a known anomaly: equal to `positive` when the card names one
 * (decision.positiveClass), else 1, true, yes or anomaly. Missing is not an anomaly.
 */
export function isKnownAnomaly(value: unknown, positive: string | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (positive !== undefined) return String(value) === positive;
  return value === true || value === 1 || (typeof value === 'string' && /^(1|1\.0|true|yes|anomaly)$/i.test(value.trim()));
}
