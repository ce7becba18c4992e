// Histogram kernels: for the rows a node owns, sum each output's gradient, the hessian and the
// row count per (feature, bin). One small function per loop variant, no branch inside the loop.

/**
 * Where each feature's bins sit in a histogram. A histogram is a Float64Array of
 * totalBins × stride numbers; bin b of feature f starts at (offsets[f] + b) × stride and holds
 * [gradient_0 … gradient_{K-1}, hessian, count]. Every feature has valueBins[f] + 1 bins
 * (the last one for missing).
 */
export interface HistogramLayout {
  readonly offsets: Int32Array;
  readonly totalBins: number;
  /** Outputs per row (1 for boosting, the number of classes for a classification forest). */
  readonly outputs: number;
  /** outputs + 2 */
  readonly stride: number;
}

export function histogramLayout(valueBins: Int32Array, outputs: number): HistogramLayout {
  const offsets = new Int32Array(valueBins.length);
  let total = 0;
  for (let f = 0; f < valueBins.length; f++) {
    offsets[f] = total;
    total += valueBins[f]! + 1;
  }
  return { offsets, totalBins: total, outputs, stride: outputs + 2 };
}

/**
 * Copies the gradient rows of idx[start, end) next to each other (width numbers per row: the
 * outputs' gradients then the hessian), so the kernels read them in order.
 */
export function gatherGradients(gh: Float64Array, width: number, idx: Uint32Array, start: number, end: number, out: Float64Array): void {
  if (width === 2) {
    let j = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i]! * 2;
      out[j] = gh[r]!;
      out[j + 1] = gh[r + 1]!;
      j += 2;
    }
    return;
  }
  let j = 0;
  for (let i = start; i < end; i++) {
    const r = idx[i]! * width;
    for (let c = 0; c < width; c++) out[j++] = gh[r + c]!;
  }
}

/**
 * One output, rows idx[start, end), gradient pairs read from gh[2r], gh[2r + 1]. Features go
 * four at a time: each row's index and gradient pair are loaded once for four histograms,
 * which still fit in the first-level cache together (about twice as fast as one at a time).
 */
export function histogramOneOutput(
  hist: Float64Array,
  layout: HistogramLayout,
  columns: readonly Uint8Array[],
  features: Int32Array,
  idx: Uint32Array,
  start: number,
  end: number,
  gh: Float64Array,
): void {
  const offsets = layout.offsets;
  let k = 0;
  for (; k + 3 < features.length; k += 4) {
    const f0 = features[k]!;
    const f1 = features[k + 1]!;
    const f2 = features[k + 2]!;
    const f3 = features[k + 3]!;
    histogramFour(hist, offsets[f0]! * 3, offsets[f1]! * 3, offsets[f2]! * 3, offsets[f3]! * 3, columns[f0]!, columns[f1]!, columns[f2]!, columns[f3]!, idx, start, end, gh);
  }
  if (k + 1 < features.length) {
    const f0 = features[k]!;
    const f1 = features[k + 1]!;
    histogramTwo(hist, offsets[f0]! * 3, offsets[f1]! * 3, columns[f0]!, columns[f1]!, idx, start, end, gh);
    k += 2;
  }
  for (; k < features.length; k++) {
    const f = features[k]!;
    histogramOne(hist, offsets[f]! * 3, columns[f]!, idx, start, end, gh);
  }
}

function histogramTwo(hist: Float64Array, b0: number, b1: number, c0: Uint8Array, c1: Uint8Array, idx: Uint32Array, start: number, end: number, gh: Float64Array): void {
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    let p = b0 + c0[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b1 + c1[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
  }
}

function histogramFour(
  hist: Float64Array,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  c0: Uint8Array,
  c1: Uint8Array,
  c2: Uint8Array,
  c3: Uint8Array,
  idx: Uint32Array,
  start: number,
  end: number,
  gh: Float64Array,
): void {
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    let p = b0 + c0[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b1 + c1[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b2 + c2[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b3 + c3[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
  }
}

function histogramOne(hist: Float64Array, base: number, col: Uint8Array, idx: Uint32Array, start: number, end: number, gh: Float64Array): void {
  for (let i = start; i < end; i++) {
    const r = idx[i]!;
    const p = base + col[r]! * 3;
    hist[p] += gh[2 * r]!;
    hist[p + 1] += gh[2 * r + 1]!;
    hist[p + 2] += 1;
  }
}

/** One output, every row 0..n-1 in order (the root of a tree grown on all rows), four features at a time. */
export function histogramOneOutputAllRows(
  hist: Float64Array,
  layout: HistogramLayout,
  columns: readonly Uint8Array[],
  features: Int32Array,
  n: number,
  gh: Float64Array,
): void {
  const offsets = layout.offsets;
  let k = 0;
  for (; k + 3 < features.length; k += 4) {
    const f0 = features[k]!;
    const f1 = features[k + 1]!;
    const f2 = features[k + 2]!;
    const f3 = features[k + 3]!;
    histogramFourAllRows(hist, offsets[f0]! * 3, offsets[f1]! * 3, offsets[f2]! * 3, offsets[f3]! * 3, columns[f0]!, columns[f1]!, columns[f2]!, columns[f3]!, n, gh);
  }
  for (; k < features.length; k++) {
    const f = features[k]!;
    const base = offsets[f]! * 3;
    const col = columns[f]!;
    for (let r = 0; r < n; r++) {
      const p = base + col[r]! * 3;
      hist[p] += gh[2 * r]!;
      hist[p + 1] += gh[2 * r + 1]!;
      hist[p + 2] += 1;
    }
  }
}

function histogramFourAllRows(
  hist: Float64Array,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  c0: Uint8Array,
  c1: Uint8Array,
  c2: Uint8Array,
  c3: Uint8Array,
  n: number,
  gh: Float64Array,
): void {
  for (let r = 0; r < n; r++) {
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    let p = b0 + c0[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b1 + c1[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b2 + c2[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b3 + c3[r]! * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
  }
}

/** Any number of outputs, rows idx[start, end) with gradients gathered into `ordered`. */
export function histogramManyOutputs(
  hist: Float64Array,
  layout: HistogramLayout,
  columns: readonly Uint8Array[],
  features: Int32Array,
  idx: Uint32Array,
  start: number,
  end: number,
  ordered: Float64Array,
): void {
  const stride = layout.stride;
  const width = layout.outputs + 1;
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    const base = layout.offsets[f]! * stride;
    const col = columns[f]!;
    let j = 0;
    for (let i = start; i < end; i++) {
      const p = base + col[idx[i]!]! * stride;
      for (let c = 0; c < width; c++) hist[p + c] += ordered[j + c]!;
      hist[p + width] += 1;
      j += width;
    }
  }
}

/** parent -= child, leaving the sibling's histogram in the parent's buffer. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i]!;
}
