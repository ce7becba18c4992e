// What the tree grower asks of a faster histogram back end (see histogram-wasm.ts): histograms
// it owns, filled over a node's rows, and the partition of a node's rows by a threshold split.

export interface HistogramEngine {
  /** A zeroed histogram the engine can fill, or undefined when all of them are in use. */
  take(): Float64Array | undefined;
  /** Takes back a histogram from take(); false when `hist` is not one of the engine's. */
  give(hist: Float64Array): boolean;
  /**
   * Fills `hist` (from take()) with every feature's sums over rows idx[start, end), gradient
   * pairs read from gh[2r], gh[2r + 1]; `allRows` when idx[start, end) is 0, 1, …, n - 1.
   * Returns false when it cannot (inputs not its own): the caller builds it instead.
   */
  build(hist: Float64Array, gh: Float64Array, idx: Uint32Array, start: number, end: number, allRows: boolean): boolean;
  /**
   * Stable partition of idx[start, end) by a threshold split (codes <= threshold go left, and
   * the missing code when missingLeft); returns where the right side begins, or -1 when it
   * cannot (the caller partitions instead).
   */
  partition(idx: Uint32Array, feature: number, start: number, end: number, threshold: number, missingLeft: boolean): number;
}
