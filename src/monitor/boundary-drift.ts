// Decision drift for a regression boundary: the share of the window decided above the boundary,
// tested against the promise's share (when it was measured at this boundary) or the share of the
// model's predictions on its reference sample at the same boundary. No labels are needed.

import type { Prediction } from '../learn/estimator.js';
import { isAboveBoundary } from '../frame/decision-rules.js';
import { type DecisionDrift, decisionDrift } from './decision-drift.js';

/** The label monitor.json's `predictions.decisions.positiveClass` gives the above decision. */
export const ABOVE_DECISION = 'above';

export interface BoundaryDriftInput {
  /** The policy in words, with its source. */
  readonly policy: string;
  readonly boundary: number;
  readonly current: Prediction | null;
  readonly reference: Prediction | null;
  /** The registered promise's share decided above, with the rows it was measured on; null when none. */
  readonly promised: { readonly boundary: number; readonly aboveShare: number; readonly rows: number } | null;
}

function countAbove(values: Float64Array, boundary: number): { rows: number; above: number } {
  let rows = 0;
  let above = 0;
  for (const v of values) {
    if (v !== v) continue;
    rows++;
    if (isAboveBoundary(v, boundary)) above++;
  }
  return { rows, above };
}

export function boundaryDecisionDrift(input: BoundaryDriftInput): DecisionDrift | null {
  if (input.current === null || input.current.kind !== 'regression') return null;
  const current = countAbove(input.current.values, input.boundary);
  if (current.rows === 0) return null;
  const p = input.promised;
  let reference: DecisionDrift['reference'] | null = null;
  if (p !== null && p.boundary === input.boundary && p.rows > 0 && Number.isFinite(p.aboveShare)) reference = { rows: p.rows, rate: p.aboveShare, source: 'promise' };
  else if (input.reference !== null && input.reference.kind === 'regression') {
    const r = countAbove(input.reference.values, input.boundary);
    if (r.rows > 0) reference = { rows: r.rows, rate: r.above / r.rows, source: 'reference-sample' };
  }
  if (reference === null) return null;
  return decisionDrift({ policy: input.policy, threshold: input.boundary, positiveClass: ABOVE_DECISION, current: { rows: current.rows, positive: current.above }, reference });
}
