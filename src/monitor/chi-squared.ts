// Chi-squared test of homogeneity on the 2 × k table of reference and current category counts,
// as scipy.stats.chi2_contingency(table) with its defaults (Yates' correction when dof = 1).

import { chiSquaredSf } from './special/gamma.js';

export interface ChiSquaredResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

/**
 * Categories seen in neither sample are left out (their expected count would be 0, which
 * chi2_contingency refuses). One category left, or an empty sample: statistic 0, p-value 1.
 */
export function chiSquaredHomogeneity(reference: Float64Array, current: Float64Array): ChiSquaredResult {
  const cols: number[] = [];
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < reference.length; i++) {
    if (reference[i]! + current[i]! > 0) cols.push(i);
    nr += reference[i]!;
    nc += current[i]!;
  }
  const n = nr + nc;
  const dof = cols.length - 1;
  if (dof <= 0 || nr === 0 || nc === 0) return { statistic: 0, pValue: 1, dof: Math.max(dof, 0) };
  let statistic = 0;
  for (const i of cols) {
    const colSum = reference[i]! + current[i]!;
    for (const [observed, rowSum] of [
      [reference[i]!, nr],
      [current[i]!, nc],
    ] as const) {
      const expected = (rowSum * colSum) / n;
      let o = observed;
      if (dof === 1) {
        // Yates: move each count toward its expectation by 0.5, never past it.
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      const d = o - expected;
      statistic += (d * d) / expected;
    }
  }
  return { statistic, pValue: chiSquaredSf(statistic, dof), dof };
}
