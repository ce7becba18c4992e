// A smaller training sample that still holds every class: the learning curve's 10% and 25% draws
// of a fold with rare positives could otherwise hold none, and no learner can fit one class.

import type { Truth } from './oof.js';

/**
 * The first `take` rows of `shuffled` (a random order), with rows of any class that has fewer
 * than `least` of them there (and more further on) swapped in for rows of the class most common
 * there. When every class is already present often enough the draw is left exactly as it was.
 * Rearranges `shuffled` in place and returns its first `take` rows.
 */
export function keepEveryClass(shuffled: Int32Array, take: number, truth: Truth, least = 2): Int32Array {
  const n = Math.min(take, shuffled.length);
  if (truth.kind !== 'classification' || n >= shuffled.length) return shuffled.subarray(0, n);
  const k = truth.classes.length;
  const inside = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) inside[truth.y[shuffled[i]!]!]!++;
  for (let j = n; j < shuffled.length; j++) {
    const c = truth.y[shuffled[j]!]!;
    if (inside[c]! >= Math.min(least, n)) continue;
    // Swap out a row of the class that has the most rows in the sample, from its end.
    const common = inside.indexOf(Math.max(...inside));
    if (common === c || inside[common]! <= least) continue;
    for (let i = n - 1; i >= 0; i--) {
      if (truth.y[shuffled[i]!] !== common) continue;
      const row = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = row;
      inside[common]!--;
      inside[c]!++;
      break;
    }
  }
  return shuffled.subarray(0, n);
}
