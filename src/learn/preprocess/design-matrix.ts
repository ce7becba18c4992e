// A dense design matrix: learners' numeric input after preprocessing, stored column-major
// (feature j occupies data[j*rows .. (j+1)*rows)), with one name per column.

/**
 * Column-major because frames are columnar: each feature is written as one contiguous run
 * straight from its source column, and linear learners' two hot operations, X·w (a sum of
 * scaled columns) and Xᵀ·r (one dot product per column), both walk memory in order.
 */
export interface DesignMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  readonly featureNames: readonly string[];
}

/** The values of feature `j` as a view (no copy). */
export function featureColumn(matrix: DesignMatrix, j: number): Float64Array {
  return matrix.data.subarray(j * matrix.rows, (j + 1) * matrix.rows);
}

/** out[i] = offset + Σ_j X[i, j]·w[wOffset + j]; out is overwritten. */
export function multiplyInto(matrix: DesignMatrix, w: ArrayLike<number>, wOffset: number, offset: number, out: Float64Array): void {
  const n = matrix.rows;
  const data = matrix.data;
  out.fill(offset);
  for (let j = 0; j < matrix.cols; j++) {
    const wj = w[wOffset + j]!;
    if (wj === 0) continue;
    const base = j * n;
    for (let i = 0; i < n; i++) out[i] += wj * data[base + i]!;
  }
}

/** out[outOffset + j] = Σ_i X[i, j]·r[i] for every column j. */
export function transposeMultiplyInto(matrix: DesignMatrix, r: Float64Array, out: Float64Array, outOffset: number): void {
  const n = matrix.rows;
  const data = matrix.data;
  for (let j = 0; j < matrix.cols; j++) {
    const base = j * n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[base + i]! * r[i]!;
    out[outOffset + j] = sum;
  }
}
