// predict's `decision` column under an expected-value policy: each row's class with the highest
// expected value under the registered cost matrix, by the one rule the server decides with.

import { expectedValueClass } from '../frame/decision-rules.js';
import type { CostMatrix } from '../registry/decision-package.js';
import type { OutputColumn } from './write-predictions.js';

/** The column; `positive` is empty, as for top-k (no class is the positive one). */
export function expectedValueColumn(name: string, probabilities: Float64Array, classes: readonly string[], costMatrix: CostMatrix): OutputColumn & { readonly positive: string } {
  const K = classes.length;
  return { name, positive: '', at: (r) => classes[expectedValueClass(probabilities, r * K, classes, costMatrix)]! };
}

/**
 * The decisions in words for predict's summary: rows decided as each class, and how many differ
 * from the most likely class (`prediction`), e.g. "class_0 27, class_1 18, class_2 14; 7 rows differ
 * from the most likely class".
 */
export function expectedValueSummary(column: OutputColumn, prediction: OutputColumn, rows: number): string {
  const counts = new Map<string, number>();
  let differs = 0;
  for (let r = 0; r < rows; r++) {
    const d = String(column.at(r));
    counts.set(d, (counts.get(d) ?? 0) + 1);
    if (d !== String(prediction.at(r))) differs++;
  }
  const each = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([c, n]) => `${c} ${n}`).join(', ');
  return `${each}; ${differs} row${differs === 1 ? '' : 's'} differ${differs === 1 ? 's' : ''} from the most likely class`;
}
