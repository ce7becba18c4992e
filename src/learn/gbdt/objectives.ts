// Boosting objectives: starting score, gradients and hessians written into buffers the caller
// owns (one [g, h] pair per row for each output), the mean loss, and the link to predictions.

export type ObjectiveName = 'squared_error' | 'log_loss' | 'softmax';

export interface Objective {
  readonly name: ObjectiveName;
  /** Scores per row (trees per boosting round). */
  readonly outputs: number;
  /** The constant starting score per output, from the training targets of `rows`. */
  baseline(y: ArrayLike<number>, rows: Int32Array): Float64Array;
  /**
   * Writes gradient and hessian of every row into gh[k][2r], gh[k][2r + 1], from the raw
   * scores (rows × outputs, row-major).
   */
  gradients(raw: Float64Array, y: ArrayLike<number>, gh: readonly Float64Array[]): void;
  /** Mean loss over `rows` given raw scores stored for those rows in order (count × outputs). */
  loss(raw: Float64Array, y: ArrayLike<number>, rows: Int32Array): number;
}

export const squaredError: Objective = {
  name: 'squared_error',
  outputs: 1,
  baseline(y, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += y[rows[i]!]!;
    return Float64Array.of(s / rows.length);
  },
  gradients(raw, y, gh) {
    const out = gh[0]!;
    for (let r = 0; r < raw.length; r++) {
      out[2 * r] = raw[r]! - y[r]!;
      out[2 * r + 1] = 1;
    }
  },
  loss(raw, y, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const d = raw[i]! - y[rows[i]!]!;
      s += d * d;
    }
    return s / (2 * rows.length);
  },
};

const EPS = 1e-15;

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export const logLoss: Objective = {
  name: 'log_loss',
  outputs: 1,
  baseline(y, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += y[rows[i]!]!;
    const p = Math.min(1 - EPS, Math.max(EPS, s / rows.length));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, y, gh) {
    const out = gh[0]!;
    for (let r = 0; r < raw.length; r++) {
      const p = sigmoid(raw[r]!);
      out[2 * r] = p - y[r]!;
      out[2 * r + 1] = p * (1 - p);
    }
  },
  loss(raw, y, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const z = raw[i]!;
      // log(1 + e^z) - y z, computed without overflow.
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      s += softplus - y[rows[i]!]! * z;
    }
    return s / rows.length;
  },
};

export function softmaxObjective(classes: number): Objective {
  const p = new Float64Array(classes);
  return {
    name: 'softmax',
    outputs: classes,
    baseline(y, rows) {
      const counts = new Float64Array(classes);
      for (let i = 0; i < rows.length; i++) counts[y[rows[i]!]!] += 1;
      return counts.map((c) => Math.log(Math.max(EPS, c / rows.length)));
    },
    gradients(raw, y, gh) {
      const n = raw.length / classes;
      for (let r = 0; r < n; r++) {
        softmaxInto(raw, r * classes, classes, p);
        const label = y[r]!;
        for (let k = 0; k < classes; k++) {
          const pk = p[k]!;
          const out = gh[k]!;
          out[2 * r] = pk - (k === label ? 1 : 0);
          out[2 * r + 1] = pk * (1 - pk);
        }
      }
    },
    loss(raw, y, rows) {
      let s = 0;
      for (let i = 0; i < rows.length; i++) {
        const o = i * classes;
        let max = -Infinity;
        for (let k = 0; k < classes; k++) max = Math.max(max, raw[o + k]!);
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += Math.exp(raw[o + k]! - max);
        s += max + Math.log(sum) - raw[o + y[rows[i]!]!]!;
      }
      return s / rows.length;
    },
  };
}

/** Softmax of raw[offset, offset + k) into out. */
export function softmaxInto(raw: Float64Array, offset: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, raw[offset + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(raw[offset + c]! - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = out[c]! / sum;
}
