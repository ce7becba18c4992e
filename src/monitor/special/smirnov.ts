// The one-sided Kolmogorov–Smirnov tail Pr(D+_n ≥ x) (Smirnov; Birnbaum–Tingey sum), each term a
// binomial probability evaluated with Loader's saddle-point form so that large n loses no accuracy.

const LN_SQRT_2PI = 0.9189385332046727418;
const LN_2PI = 1.8378770664093454836;
/** ln of the smallest subnormal double: below it the tail is 0. */
const MIN_LOG = -745.1332191019411;

/** ln(n!) − [(n + ½) ln n − n + ln √(2π)], the error of Stirling's formula, for integer n ≥ 1. */
export function stirlingError(n: number): number {
  if (n <= 15) {
    let factorial = 1;
    for (let i = 2; i <= n; i++) factorial *= i;
    return Math.log(factorial) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const r2 = 1 / (n * n);
  return (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188)))) / n;
}

/** y ln(y / m) + m − y without cancellation when y is close to m. */
function deviance(y: number, m: number): number {
  if (Math.abs(y - m) < 0.1 * (y + m)) {
    const v = (y - m) / (y + m);
    let s = (y - m) * v;
    let ej = 2 * y * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return y * Math.log(y / m) + m - y;
}

/**
 * Binomial probability C(n, k) p^k q^(n−k), 0 < k < n, given n·p and n·q (Loader 2000): the
 * factorials enter through Stirling's error term and the powers through the deviance.
 */
function binomialProbability(k: number, n: number, np: number, nq: number): number {
  const lc = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, np) - deviance(n - k, nq);
  const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(lc - 0.5 * lf);
}

/** ln(n! / n^n) for integer n ≥ 1. */
export function logFactorialOverPower(n: number): number {
  return 0.5 * Math.log(n) - n + LN_SQRT_2PI + stirlingError(n);
}

/**
 * Pr(D+_n ≥ x) = x Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v).
 * All terms are positive, so the sum is summed as it stands (compensated), stopping once the
 * remaining tail cannot change it. For n above one million the closed-form approximation
 * exp(−(6nx + 1)² / 18n) is used, as SciPy does.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(x >= 0 && x <= 1) || !(n >= 1)) return Number.NaN;
  if (x === 0) return 1;
  if (x === 1) return 0;
  if (n === 1) return 1 - x;
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (n * x >= n - 1) return Math.pow(1 - x, n);
  if (n > 1_000_000) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const last = Math.floor(n * (1 - x));
  const nx = n * x;
  // v = 0: (1 − x)^n / x.
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  let compensation = 0;
  for (let v = 1; v <= last; v++) {
    const b = x + v / n;
    const nq = n - v - nx;
    if (!(nq > 0)) continue;
    const term = binomialProbability(v, n, nx + v, nq) / b;
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    if (term * 4 * (last - v + 1) < 2.220446049250313e-16 * sum) break;
  }
  return Math.min(1, Math.max(0, x * (sum + compensation)));
}
