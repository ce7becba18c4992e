// Regression decisions at a boundary once labels arrive: the share of the window decided above it
// and the share decided on the truth's side, with intervals, set against the shares promised at
// registration when the boundary is the one the promise was measured at.

import type { Rng } from '../core/rng.js';
import { boundaryFlags } from '../evaluate/value/boundary-value.js';
import { meanWithInterval } from './performance-value.js';

/** The promise's boundary decisions (a decision package's `promise.boundary`). */
export interface PromisedBoundary {
  readonly boundary: number;
  readonly aboveShare: { readonly mean: number; readonly low: number; readonly high: number };
  readonly sideAccuracy: { readonly mean: number; readonly low: number; readonly high: number };
}

/** monitor.json `performance.boundary`. */
export interface BoundaryPerformance {
  /** The boundary the window's decisions are counted at (the policy in force). */
  readonly boundary: number;
  readonly rows: number;
  readonly aboveShare: { readonly value: number; readonly low: number; readonly high: number };
  readonly sideAccuracy: { readonly value: number; readonly low: number; readonly high: number };
  /** The registered promise at the same boundary; null when none was made or it was made at another boundary. */
  readonly promised: PromisedBoundary | null;
  /** The boundary the promise was measured at when it differs from `boundary` (a boundary moved on the server), else null. */
  readonly promisedAtOtherBoundary: number | null;
  /** The whole interval of the side accuracy lies under the promise's lower bound. */
  readonly belowPromise: boolean;
}

/** The boundary decisions of the labelled rows; null without a boundary. */
export function boundaryPerformance(actual: Float64Array, predicted: Float64Array, boundary: number | null, promised: PromisedBoundary | null, rng: Rng, resamples: number, maxRows: number): BoundaryPerformance | null {
  if (boundary === null) return null;
  const flags = boundaryFlags(actual, predicted, boundary);
  const all = Int32Array.from({ length: actual.length }, (_, i) => i);
  const above = meanWithInterval(Float64Array.from(flags.above), all, rng.fork(), resamples, maxRows);
  const right = meanWithInterval(Float64Array.from(flags.right), all, rng.fork(), resamples, maxRows);
  const same = promised !== null && promised.boundary === boundary ? promised : null;
  return {
    boundary,
    rows: actual.length,
    aboveShare: { value: above.perDecision, low: above.low, high: above.high },
    sideAccuracy: { value: right.perDecision, low: right.low, high: right.high },
    promised: same,
    promisedAtOtherBoundary: promised !== null && same === null ? promised.boundary : null,
    belowPromise: same !== null && Number.isFinite(same.sideAccuracy.low) && right.high < same.sideAccuracy.low,
  };
}
