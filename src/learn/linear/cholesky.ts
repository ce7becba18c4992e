// Solves a symmetric positive-definite system A·x = b by Cholesky factorisation (A = L·Lᵀ),
// as ridge regression's normal equations need; reports failure instead of returning garbage.

/**
 * Solves A·x = b for a dense symmetric n×n matrix A (row-major; only the lower triangle is read).
 * Returns undefined when A is not numerically positive definite.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  // Pivots this small relative to the diagonal mean A is singular to working precision.
  let diagonalScale = 0;
  for (let i = 0; i < n; i++) diagonalScale = Math.max(diagonalScale, Math.abs(a[i * n + i]!));
  const tiny = diagonalScale * n * Number.EPSILON;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    if (!(d > tiny)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  // Forward substitution L·z = b, then back substitution Lᵀ·x = z.
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}
