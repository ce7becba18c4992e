// Out-of-fold predictions: what every candidate (baseline, team rule or model) produces on the
// rows it did not learn from, in one shape per task, aligned to the assessment's row order.

export type Supervised = 'regression' | 'binary' | 'multiclass';

export type Predictions =
  | { readonly kind: 'regression'; readonly values: Float64Array }
  | {
      readonly kind: 'classification';
      /** Row-major rows × classes, over the assessment's class list. */
      readonly probabilities: Float64Array;
      /** Predicted class code per row. */
      readonly labels: Int32Array;
      /** False when the candidate gives hard classes only (a team rule): probability metrics are then not shown. */
      readonly calibrated: boolean;
    };

/** The truth the candidates are scored against. */
export type Truth =
  | { readonly kind: 'regression'; readonly y: Float64Array }
  | { readonly kind: 'classification'; readonly y: Int32Array; readonly classes: readonly string[]; readonly positive: number };

export function emptyPredictions(truth: Truth, rows: number): Predictions {
  if (truth.kind === 'regression') return { kind: 'regression', values: new Float64Array(rows).fill(Number.NaN) };
  return { kind: 'classification', probabilities: new Float64Array(rows * truth.classes.length), labels: new Int32Array(rows).fill(-1), calibrated: true };
}

/** Copies predictions for `rows` (in test order) into the full out-of-fold arrays. */
export function scatterPredictions(into: Predictions, part: Predictions, rows: ArrayLike<number>, classes: number): Predictions {
  if (into.kind === 'regression' && part.kind === 'regression') {
    for (let i = 0; i < rows.length; i++) into.values[rows[i]!] = part.values[i]!;
    return into;
  }
  if (into.kind === 'classification' && part.kind === 'classification') {
    // Element by element: a subarray view per row costs more than the copy at millions of rows.
    const from = part.probabilities;
    const to = into.probabilities;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      into.labels[r] = part.labels[i]!;
      for (let c = 0; c < classes; c++) to[r * classes + c] = from[i * classes + c]!;
    }
    return part.calibrated ? into : { ...into, calibrated: false };
  }
  throw new Error('prediction kinds differ');
}

/** The rows of a prediction, in the order given (for bootstrap resamples and subsets). */
export function takePredictions(p: Predictions, rows: ArrayLike<number>, classes: number): Predictions {
  if (p.kind === 'regression') {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = p.values[rows[i]!]!;
    return { kind: 'regression', values };
  }
  // Plain loops: a bootstrap takes thousands of these, and a view or a callback per row dominates.
  const probabilities = new Float64Array(rows.length * classes);
  const labels = new Int32Array(rows.length);
  const from = p.probabilities;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    labels[i] = p.labels[r]!;
    for (let c = 0; c < classes; c++) probabilities[i * classes + c] = from[r * classes + c]!;
  }
  return { kind: 'classification', probabilities, labels, calibrated: p.calibrated };
}

export function takeTruth(t: Truth, rows: ArrayLike<number>): Truth {
  if (t.kind === 'regression') {
    const y = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) y[i] = t.y[rows[i]!]!;
    return { kind: 'regression', y };
  }
  const y = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) y[i] = t.y[rows[i]!]!;
  return { ...t, y };
}

/** Rows present in both ascending row lists (the rows two candidates both predicted). */
export function commonRows(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return Int32Array.from(out);
}
