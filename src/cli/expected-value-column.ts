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
