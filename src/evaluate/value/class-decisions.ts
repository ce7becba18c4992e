// How a decision between more than two classes is valued, the one rule every stage uses: each row
// gets the policy's class (the most likely one, as the server returns it), priced by the cost matrix.

import type { Predictions } from '../oof.js';

/** The rule in words, for reports that say how decisions were valued. */
export const CLASS_DECISION_RULE = 'each row gets its most likely class (the decision policy), valued by the cost matrix';

/** The class a row is decided as: the candidate's own class, or its most likely one where it gives none. */
export function decidedClass(p: Predictions & { kind: 'classification' }, i: number, k: number): number {
  const own = p.labels[i]!;
  if (own >= 0) return own;
  let best = 0;
  for (let c = 1; c < k; c++) if (p.probabilities[i * k + c]! > p.probabilities[i * k + best]!) best = c;
  return best;
}

/**
 * The value of each row's decision: `cell(actual, decided)` for the row's true class and its
 * decided class. `y` and `p` are aligned row for row.
 */
export function classDecisionValues(y: ArrayLike<number>, p: Predictions, k: number, cell: (actual: number, predicted: number) => number): Float64Array {
  if (p.kind !== 'classification') throw new Error('classification predictions expected');
  return Float64Array.from({ length: y.length }, (_, i) => cell(y[i]!, decidedClass(p, i, k)));
}

/** The mean value per decision under the same rule (NaN on no rows). */
export function classDecisionValue(y: ArrayLike<number>, p: Predictions, k: number, cell: (actual: number, predicted: number) => number): number {
  const values = classDecisionValues(y, p, k, cell);
  let total = 0;
  for (const v of values) total += v;
  return values.length === 0 ? Number.NaN : total / values.length;
}
