// Two-sample Kolmogorov–Smirnov test, two-sided, on already sorted samples: the statistic by one
// merge of the two arrays, the p-value exact (lattice paths) or asymptotic as SciPy's method='auto'.

import { kolmogorovSf } from './special/kolmogorov.js';

/** SciPy's ks_2samp tries the exact distribution when both samples have at most this many values. */
export const KS_EXACT_MAX_N = 10000;

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymptotic';
}

/** sup |F1 − F2| over the pooled values, with right-continuous empirical CDFs. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let max = 0;
  let min = 0;
  while (i < n1 || j < n2) {
    // The next distinct pooled value; step past every copy of it in both samples.
    const va = i < n1 ? a[i]! : Infinity;
    const vb = j < n2 ? b[j]! : Infinity;
    const v = va <= vb ? va : vb;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > max) max = diff;
    else if (diff < min) min = diff;
  }
  return Math.max(max, -min);
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Pr(D ≥ h/n) for two samples of the same size n (reflection: an alternating sum, by Horner). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Pr(D ≥ h/lcm) for sizes m ≠ n: the share of monotone lattice paths from (0, 0) to (m, n) that
 * leave the band |x/m − y/n| < h/lcm (Hodges 1958), carried as that share column by column
 * (Viehmann 2021) so it stays in [0, 1] and small p-values keep their precision. Cells outside
 * the band hold 1; only the band's window of each column is updated.
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  const q = new Float64Array(n + 1).fill(1);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  for (let j = minj; j < maxj; j++) q[j] = 0;
  for (let i = 1; i <= m; i++) {
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let below = minj === 0 ? 0 : 1;
    for (let j = minj; j < maxj; j++) {
      below = (q[j]! * i + below * j) / (i + j);
      q[j] = below;
    }
  }
  return q[maxj - 1]!;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The two-sided test on sorted samples without missing values (SciPy ks_2samp, method='auto'). */
export function ksTwoSample(a: Float64Array, b: Float64Array): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: Number.NaN, pValue: Number.NaN, method: 'asymptotic' };
  let d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p, method: 'exact' };
  }
  const big = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const en = (big * small) / (big + small);
  return { statistic: d, pValue: Math.min(1, Math.max(0, kolmogorovSf(roundHalfEven(en), d))), method: 'asymptotic' };
}
