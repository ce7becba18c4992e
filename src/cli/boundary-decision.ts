// The `decision` column of a regression model whose policy has a boundary: `above` where the
// predicted number is at or above it, else `below` (the rule in frame/decision-rules.ts, as the
// server decides and the brief and monitor value).

import { isAboveBoundary } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';

export const ABOVE = 'above';
export const BELOW = 'below';

/** The column (an output column of write-predictions.ts), or null when the prediction is not a number or there is no boundary. */
export function boundaryDecisionColumn(name: string, prediction: Prediction, boundary: number | null): { readonly name: string; readonly positive: string; readonly at: (row: number) => string | null } | null {
  if (prediction.kind !== 'regression' || boundary === null) return null;
  const values = prediction.values;
  // A missing prediction decides nothing.
  return { name, positive: ABOVE, at: (r) => (values[r]! === values[r]! ? (isAboveBoundary(values[r]!, boundary) ? ABOVE : BELOW) : null) };
}
