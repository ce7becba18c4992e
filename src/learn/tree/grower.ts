// Grows one tree over binned features: one index partition where every node owns [start, end),
// a histogram per open leaf, the smaller child's histogram built and the larger one's obtained
// by subtraction (or, when features are drawn per node, only the drawn features' histograms).
// Best-first (leaf-wise, for boosting and leaf-limited forests) or depth-first. A histogram
// engine (histogram-wasm.ts), when given, builds the histograms and threshold partitions.

import type { Rng } from '../../core/rng.js';
import type { BinnedColumns } from './binning.js';
import {
  gatherGradients,
  type HistogramLayout,
  histogramManyOutputs,
  histogramOneOutput,
  histogramOneOutputAllRows,
  subtractHistogram,
} from './histogram.js';
import type { HistogramEngine } from './histogram-engine.js';
import { histogramRowGroups, ROW_MAJOR_BELOW, rowGroupWords } from './histogram-rows.js';
import { findBestSplit, type Split, type SplitConstraints } from './split.js';
import { type Tree, TreeBuilder } from './tree.js';

export interface GrowOptions extends SplitConstraints {
  readonly maxLeaves: number;
  /** 0 for no limit. */
  readonly maxDepth: number;
  readonly order: 'best-first' | 'depth-first';
  /** Features drawn at random for each split; 0 uses all the tree's features. */
  readonly featuresPerSplit: number;
  /** Needed when featuresPerSplit draws. */
  readonly rng?: Rng;
  /** 1 for features split by category sets rather than thresholds (one output only). */
  readonly categorical?: Uint8Array;
}

export interface GrowInput {
  /** Per row: the outputs' gradients then the hessian (outputs + 1 numbers). */
  readonly gh: Float64Array;
  /** The rows to grow on in idx[0, count); reordered in place by the partition. */
  readonly idx: Uint32Array;
  readonly count: number;
  /** True when idx[0, count) is exactly 0, 1, …, rowCount - 1. */
  readonly allRowsInOrder: boolean;
  /** The features this tree may split on. */
  readonly features: Int32Array;
}

/** A grown tree and, for each leaf, the range of idx it owns (to update training predictions). */
export interface GrownTree {
  readonly tree: Tree;
  readonly leafNodes: Int32Array;
  readonly leafStarts: Int32Array;
  readonly leafEnds: Int32Array;
}

interface OpenLeaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly totals: Float64Array;
  hist: Float64Array | undefined;
  split: Split | undefined;
}

/** Reusable buffers for growing many trees over the same binned data. */
export class Grower {
  // Allocated on first use: with a histogram engine, boosting needs neither.
  private scratchRows: Uint32Array | undefined;
  private orderedGradients: Float64Array | undefined;
  private readonly pool: Float64Array[] = [];
  private readonly width: number;
  /** Which codes go left, for category splits. */
  private readonly lookup = new Uint8Array(256);

  constructor(
    private readonly binned: BinnedColumns,
    private readonly layout: HistogramLayout,
    private readonly engine?: HistogramEngine,
  ) {
    this.width = layout.outputs + 1;
  }

  private get scratch(): Uint32Array {
    return (this.scratchRows ??= new Uint32Array(this.binned.rowCount));
  }

  private get ordered(): Float64Array {
    return (this.orderedGradients ??= new Float64Array(this.binned.rowCount * this.width));
  }

  grow(input: GrowInput, options: GrowOptions): GrownTree {
    const outputs = this.layout.outputs;
    const builder = new TreeBuilder(outputs);
    const root: OpenLeaf = {
      node: builder.addNode(),
      start: 0,
      end: input.count,
      depth: 0,
      totals: this.rowTotals(input),
      hist: undefined,
      split: undefined,
    };
    builder.setCover(root.node, root.totals[outputs]!);
    const open: OpenLeaf[] = [];
    const done: OpenLeaf[] = [];
    // Forests draw a few features per node: then only those get a histogram, built directly,
    // which costs less than every feature's histogram even with subtraction.
    const drawn = options.featuresPerSplit > 0 && options.featuresPerSplit < input.features.length;
    if (this.splittable(root, input, options)) {
      if (drawn) this.evaluateDrawn(root, input, options);
      else {
        root.hist = this.buildHistogram(input, root.start, root.end);
        this.evaluate(root, options, input.features);
      }
    }
    (root.split === undefined ? done : open).push(root);
    if (root.split === undefined) this.release(root);
    let leaves = 1;
    while (leaves < options.maxLeaves && open.length > 0) {
      const at = options.order === 'depth-first' ? open.length - 1 : bestIndex(open);
      const leaf = open[at]!;
      open.splice(at, 1);
      leaves++;
      // The split that fills the tree leaves children that will never be split: no histograms.
      const children = this.applySplit(leaf, builder, input, options, drawn, leaves < options.maxLeaves);
      for (const child of children) (child.split === undefined ? done : open).push(child);
    }
    for (const leaf of open) {
      this.release(leaf);
      done.push(leaf);
    }
    const h = options.lambda;
    const leafNodes = new Int32Array(done.length);
    const leafStarts = new Int32Array(done.length);
    const leafEnds = new Int32Array(done.length);
    done.sort((a, b) => a.start - b.start);
    done.forEach((leaf, i) => {
      const denom = leaf.totals[outputs]! + h;
      for (let k = 0; k < outputs; k++) builder.setValue(leaf.node, k, denom > 0 ? -leaf.totals[k]! / denom : 0);
      leafNodes[i] = leaf.node;
      leafStarts[i] = leaf.start;
      leafEnds[i] = leaf.end;
    });
    return { tree: builder.build(), leafNodes, leafStarts, leafEnds };
  }

  private rowTotals(input: GrowInput): Float64Array {
    const w = this.width;
    const totals = new Float64Array(w + 1);
    const { gh, idx } = input;
    if (w === 2) {
      // The boosting case: the same sums in the same order, on two scalars.
      let g = 0;
      let h = 0;
      for (let i = 0; i < input.count; i++) {
        const r = idx[i]! * 2;
        g += gh[r]!;
        h += gh[r + 1]!;
      }
      totals[0] = g;
      totals[1] = h;
      totals[2] = input.count;
      return totals;
    }
    for (let i = 0; i < input.count; i++) {
      const r = idx[i]! * w;
      for (let c = 0; c < w; c++) totals[c] += gh[r + c]!;
    }
    totals[w] = input.count;
    return totals;
  }

  private splittable(leaf: OpenLeaf, input: GrowInput, options: GrowOptions): boolean {
    return (
      input.features.length > 0 &&
      (options.maxDepth === 0 || leaf.depth < options.maxDepth) &&
      leaf.end - leaf.start >= 2 * Math.max(1, options.minSamplesLeaf) &&
      leaf.totals[this.layout.outputs]! >= 2 * options.minHessianLeaf
    );
  }

  private evaluate(leaf: OpenLeaf, options: GrowOptions, candidates: Int32Array): void {
    leaf.split = findBestSplit(leaf.hist!, this.layout, this.binned.valueBins, candidates, leaf.totals, options, options.categorical);
    if (leaf.split === undefined) this.release(leaf);
  }

  /**
   * Draws featuresPerSplit features, builds their histograms for this node only and splits on
   * the best of them; as in CART forests, when none of them splits the node the other features
   * are tried. The histogram is not kept.
   */
  private evaluateDrawn(leaf: OpenLeaf, input: GrowInput, options: GrowOptions): void {
    const order = options.rng!.shuffleInPlace(input.features.slice());
    const k = options.featuresPerSplit;
    const hist = this.pool.pop() ?? new Float64Array(this.layout.totalBins * this.layout.stride);
    const first = order.subarray(0, k).sort();
    this.fillFeatures(hist, input, leaf.start, leaf.end, first, true);
    leaf.split = findBestSplit(hist, this.layout, this.binned.valueBins, first, leaf.totals, options, options.categorical);
    if (leaf.split === undefined) {
      const rest = order.subarray(k).sort();
      this.fillFeatures(hist, input, leaf.start, leaf.end, rest, false);
      leaf.split = findBestSplit(hist, this.layout, this.binned.valueBins, rest, leaf.totals, options, options.categorical);
    }
    this.pool.push(hist);
  }

  /** Zeroes and fills the histograms of `features` only, for rows idx[start, end). */
  private fillFeatures(hist: Float64Array, input: GrowInput, start: number, end: number, features: Int32Array, gather: boolean): void {
    const stride = this.layout.stride;
    for (const f of features) {
      const from = this.layout.offsets[f]! * stride;
      hist.fill(0, from, from + (this.binned.valueBins[f]! + 1) * stride);
    }
    if (this.layout.outputs === 1) {
      histogramOneOutput(hist, this.layout, this.binned.columns, features, input.idx, start, end, input.gh);
    } else {
      if (gather) gatherGradients(input.gh, this.width, input.idx, start, end, this.ordered);
      histogramManyOutputs(hist, this.layout, this.binned.columns, features, input.idx, start, end, this.ordered);
    }
  }

  private applySplit(leaf: OpenLeaf, builder: TreeBuilder, input: GrowInput, options: GrowOptions, drawn: boolean, more: boolean): OpenLeaf[] {
    const split = leaf.split!;
    const mid = this.partition(input.idx, leaf.start, leaf.end, split);
    const leftNode = builder.addNode();
    const rightNode = builder.addNode();
    builder.setSplit(leaf.node, split.feature, split.bin, split.missingLeft, leftNode, rightNode, split.gain, split.categories);
    const rightTotals = new Float64Array(leaf.totals.length);
    for (let c = 0; c < rightTotals.length; c++) rightTotals[c] = leaf.totals[c]! - split.left[c]!;
    // Counts are exact: take them from the partition rather than from float sums.
    const leftTotals = split.left.slice();
    leftTotals[this.width] = mid - leaf.start;
    rightTotals[this.width] = leaf.end - mid;
    builder.setCover(leftNode, leftTotals[this.layout.outputs]!);
    builder.setCover(rightNode, rightTotals[this.layout.outputs]!);
    const depth = leaf.depth + 1;
    const left: OpenLeaf = { node: leftNode, start: leaf.start, end: mid, depth, totals: leftTotals, hist: undefined, split: undefined };
    const right: OpenLeaf = { node: rightNode, start: mid, end: leaf.end, depth, totals: rightTotals, hist: undefined, split: undefined };
    const leftOk = this.splittable(left, input, options);
    const rightOk = this.splittable(right, input, options);
    if (drawn) {
      // Drawn features consume the random stream: kept as it was, even for the last split.
      if (leftOk) this.evaluateDrawn(left, input, options);
      if (rightOk) this.evaluateDrawn(right, input, options);
    } else if (more && (leftOk || rightOk)) {
      const [small, large] = mid - leaf.start <= leaf.end - mid ? [left, right] : [right, left];
      small.hist = this.buildHistogram(input, small.start, small.end);
      subtractHistogram(leaf.hist!, small.hist);
      large.hist = leaf.hist;
      leaf.hist = undefined;
      if (leftOk) this.evaluate(left, options, input.features);
      else this.release(left);
      if (rightOk) this.evaluate(right, options, input.features);
      else this.release(right);
    } else {
      this.release(leaf);
    }
    return [left, right];
  }

  /**
   * Stable partition of idx[start, end) by the split; returns where the right child begins.
   * Every row is written to both sides and only the counters move, so no branch depends on the
   * data (the left write never overtakes the read, as l <= i).
   */
  private partition(idx: Uint32Array, start: number, end: number, split: Split): number {
    const col = this.binned.columns[split.feature]!;
    const threshold = split.bin;
    if (split.categories === undefined && this.engine !== undefined) {
      const mid = this.engine.partition(idx, split.feature, start, end, threshold, split.missingLeft);
      if (mid >= 0) return mid;
    }
    const scratch = this.scratch;
    let l = start;
    let r = 0;
    if (split.categories !== undefined) {
      const goesLeft = this.lookup;
      goesLeft.fill(0);
      for (const c of split.categories) goesLeft[c] = 1;
      goesLeft[this.binned.valueBins[split.feature]!] = split.missingLeft ? 1 : 0;
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const left = goesLeft[col[row]!]!;
        idx[l] = row;
        scratch[r] = row;
        l += left;
        r += left ^ 1;
      }
    } else if (split.missingLeft) {
      const missing = this.binned.valueBins[split.feature]!;
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const b = col[row]!;
        // 1 when b <= threshold, or when b is the missing code.
        const left = (((threshold - b) >>> 31) ^ 1) | (((b ^ missing) - 1) >>> 31);
        idx[l] = row;
        scratch[r] = row;
        l += left;
        r += left ^ 1;
      }
    } else {
      for (let i = start; i < end; i++) {
        const row = idx[i]!;
        const left = ((threshold - col[row]!) >>> 31) ^ 1;
        idx[l] = row;
        scratch[r] = row;
        l += left;
        r += left ^ 1;
      }
    }
    idx.set(scratch.subarray(0, r), l);
    return l;
  }

  private buildHistogram(input: GrowInput, start: number, end: number): Float64Array {
    const size = this.layout.totalBins * this.layout.stride;
    const owned = this.engine?.take();
    const hist = owned ?? this.pool.pop() ?? new Float64Array(size);
    if (owned === undefined) hist.fill(0);
    const allRows = input.allRowsInOrder && start === 0 && end === this.binned.rowCount;
    // The engine fills every feature; only the tree's own features are read from it.
    if (owned !== undefined && this.engine!.build(hist, input.gh, input.idx, start, end, allRows)) return hist;
    const columns = this.binned.columns;
    const F = columns.length;
    const rowGroups = this.binned.rowGroups;
    const sparse = rowGroups !== undefined && input.features.length === F && end - start < ROW_MAJOR_BELOW * this.binned.rowCount;
    if (this.layout.outputs === 1 && sparse) {
      histogramRowGroups(hist, this.layout, rowGroups!, F, 0, rowGroupWords(F), input.idx, start, end, input.gh);
    } else if (this.layout.outputs === 1) {
      if (allRows) {
        histogramOneOutputAllRows(hist, this.layout, columns, input.features, end, input.gh);
      } else {
        histogramOneOutput(hist, this.layout, columns, input.features, input.idx, start, end, input.gh);
      }
    } else {
      gatherGradients(input.gh, this.width, input.idx, start, end, this.ordered);
      histogramManyOutputs(hist, this.layout, columns, input.features, input.idx, start, end, this.ordered);
    }
    return hist;
  }

  private release(leaf: OpenLeaf): void {
    if (leaf.hist !== undefined) {
      if (this.engine?.give(leaf.hist) !== true) this.pool.push(leaf.hist);
      leaf.hist = undefined;
    }
  }
}

function bestIndex(open: readonly OpenLeaf[]): number {
  let best = 0;
  for (let i = 1; i < open.length; i++) if (open[i]!.split!.gain > open[best]!.split!.gain) best = i;
  return best;
}
