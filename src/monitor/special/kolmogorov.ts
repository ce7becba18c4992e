// The two-sided Kolmogorov–Smirnov distribution for n observations, Pr(D_n ≥ x), chosen among
// exact and asymptotic forms by the rules of Simard & L'Ecuyer (2011), as SciPy's `kstwo` does.

import { logFactorialOverPower, smirnovSf } from './smirnov.js';

const SCALE = 2 ** 128;
const INV_SCALE = 2 ** -128;
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      const row = k * m;
      const o = i * m;
      for (let j = 0; j < m; j++) out[o + j]! += aik * b[row + j]!;
    }
  }
  return out;
}

/**
 * Pr(D_n ≤ x) by Durbin's matrix (Marsaglia, Tsang & Wang 2003): the k-th diagonal entry of
 * H^n times n!/n^n, with H of size 2k − 1 where k = ⌈nx⌉, powers rescaled by 2^128 as they grow.
 */
export function durbinCdf(n: number, x: number): number {
  if (x >= 1) return 1;
  const nd = n * x;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * factorial;
  }
  v[m - 1] = (1 + Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m)) * factorial;
  let H: Float64Array = new Float64Array(m * m);
  for (let c = 1; c < m; c++) for (let r = c - 1; r < m; r++) H[r * m + c] = w[r - c + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let hExponent = 0;
  let left = n;
  while (left > 0) {
    if (left % 2 === 1) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + k - 1]!) > SCALE) {
      for (let i = 0; i < H.length; i++) H[i]! *= INV_SCALE;
      hExponent += 128;
    }
    left = Math.floor(left / 2);
  }
  let p = power[(k - 1) * m + k - 1]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < INV_SCALE) {
      p *= SCALE;
      exponent -= 128;
    }
  }
  return Math.min(1, Math.max(0, p * Math.pow(2, exponent)));
}

/** Pr(D_n ≤ x) by the Pelz–Good expansion of Li-Chien and Korolyuk's series (large n, small x). */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Sums of c(m) q^(m²) over odd m = 2k − 1, by Horner's rule in q^(8k).
  for (let kk = maxk; kk > 0; kk--) {
    const m = 2 * kk - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = Math.pow(q, 8 * kk);
    s0 = s0 * qp + 1;
    s1 = s1 * qp + (k1a + k1b * m2);
    s2 = s2 * qp + (k2a + k2b * m2 + k2c * m4);
    s3 = s3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const f = q * SQRT_2PI;
  s0 = (s0 * f) / z;
  s1 = (s1 * f) / (6 * z4);
  s2 = (s2 * f) / (72 * z6 * z);
  s3 = (s3 * f) / (6480 * z6 * z4);
  // The terms over all integers k in K2 and K3.
  q = Math.exp(-PI2 / 2 / z2);
  let extra2 = 0;
  let extra3 = 0;
  const sqrt3z = SQRT3 * z;
  for (let kk = maxk; kk > 0; kk--) {
    const k2 = kk * kk;
    const qp = Math.pow(q, k2);
    extra2 += k2 * qp;
    const kpi = Math.PI * kk;
    extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  s2 += (extra2 * PI2 * SQRT_2PI) / (-36 * z2 * z);
  s3 += (extra3 * PI2 * SQRT_2PI) / (216 * z6);
  return s0 + s1 / Math.sqrt(n) + s2 / n + s3 / (n * Math.sqrt(n));
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** Pr(D_n ≥ x): the p-value of a two-sided one-sample KS statistic x on n observations. */
export function kolmogorovSf(n: number, x: number): number {
  if (!(n >= 1) || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0.5 / n) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben & Gambino: Pr(D_n ≤ x) = n!/n^n (2t − 1)^n for 1/2n ≤ x ≤ 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    // Exact for small n: Durbin's matrix (SciPy uses Pomeranz's recursion for 0.754693 < nx² ≤ 4;
    // both are exact, so they agree to rounding).
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * Math.pow(x, 1.5) <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
