// The `decision` column of an anomaly model under a score-threshold policy: 'anomaly' where the
// anomaly score reaches the threshold (the one rule, isFlagged), 'normal' elsewhere.

import { isFlagged } from '../frame/decision-rules.js';
import type { OutputColumn } from './write-predictions.js';

export const FLAGGED = 'anomaly';

export function flagDecisionColumn(scores: Float64Array, threshold: number, taken: readonly string[]): OutputColumn & { readonly positive: string } {
  let name = 'decision';
  for (let i = 2; taken.includes(name); i++) name = `decision_${i}`;
  return { name, positive: FLAGGED, at: (r) => (Number.isFinite(scores[r]!) ? (isFlagged(scores[r]!, threshold) ? FLAGGED : 'normal') : null) };
}
