// Isolation trees (Liu, Ting & Zhou, 2008) grown into flat typed arrays for a whole forest,
// and the scorer that walks them: random feature, uniform split, height limit ⌈log2 ψ⌉.

import type { Rng } from '../../core/rng.js';

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n keys,
 * 2H(n-1) - 2(n-1)/n with H(i) ≈ ln i + γ; it normalises path lengths and stands in for the
 * unbuilt subtree below a leaf that still holds n rows.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** All trees' nodes; a node's right child is always `left + 1`. Leaves have feature -1. */
export interface ForestArrays {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  /** At a leaf: its depth plus c(rows left in it), the path length it contributes. */
  readonly value: Float64Array;
  /** Index of each tree's root node. */
  readonly roots: Int32Array;
}

export class ForestBuilder {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly value: Float64Array;
  private used = 0;

  constructor(maxNodes: number) {
    this.feature = new Int32Array(maxNodes);
    this.threshold = new Float64Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.value = new Float64Array(maxNodes);
  }

  /**
   * Grows one tree on the rows listed in `rows` (row indices into row-packed `x`, d wide;
   * reordered in place) and returns its root.
   */
  grow(x: Float64Array, d: number, rows: Int32Array, heightLimit: number, rng: Rng): number {
    const root = this.used++;
    const order = new Int32Array(d);
    // Explicit stack of (node, start, end, depth): no recursion on deep trees.
    const stack: number[] = [root, 0, rows.length, 0];
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const node = stack.pop()!;
      const size = end - start;
      if (size <= 1 || depth >= heightLimit) {
        this.makeLeaf(node, depth, size);
        continue;
      }
      // Features in random order until one varies within the node (as scikit-learn, which
      // never spends a split on a constant feature); none varying makes a leaf.
      for (let f = 0; f < d; f++) order[f] = f;
      let chosen = -1;
      let lo = 0;
      let hi = 0;
      for (let tried = 0; tried < d && chosen < 0; tried++) {
        const pick = tried + rng.int(d - tried);
        const f = order[pick]!;
        order[pick] = order[tried]!;
        order[tried] = f;
        lo = Infinity;
        hi = -Infinity;
        for (let r = start; r < end; r++) {
          const v = x[rows[r]! * d + f]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi > lo) chosen = f;
      }
      if (chosen < 0) {
        this.makeLeaf(node, depth, size);
        continue;
      }
      let t = lo + rng.next() * (hi - lo);
      if (!(t < hi)) t = lo;
      // Partition: rows with value <= t to the front.
      let mid = start;
      for (let r = start; r < end; r++) {
        const row = rows[r]!;
        if (x[row * d + chosen]! <= t) {
          rows[r] = rows[mid]!;
          rows[mid] = row;
          mid++;
        }
      }
      const left = this.used;
      this.used += 2;
      this.feature[node] = chosen;
      this.threshold[node] = t;
      this.left[node] = left;
      stack.push(left + 1, mid, end, depth + 1, left, start, mid, depth + 1);
    }
    return root;
  }

  private makeLeaf(node: number, depth: number, size: number): void {
    this.feature[node] = -1;
    this.threshold[node] = 0;
    this.left[node] = -1;
    this.value[node] = depth + averagePathLength(size);
  }

  finish(roots: Int32Array): ForestArrays {
    const n = this.used;
    return { feature: this.feature.slice(0, n), threshold: this.threshold.slice(0, n), left: this.left.slice(0, n), value: this.value.slice(0, n), roots };
  }
}

/** Rows scored together: the block's rows stay in cache while every tree walks them. */
const BLOCK = 1024;

/**
 * Anomaly score of each packed row, 2^(-E[h(x)] / c(ψ)): near 1 for rows isolated in few
 * splits, about 0.5 or below for ordinary rows.
 *
 * Four rows walk a tree in lockstep: their steps do not depend on one another, so the processor
 * overlaps them instead of waiting on one unpredictable branch at a time (about 2.8× faster
 * than one row at a time here, with identical sums: every row still adds its trees in order).
 */
export function scoreRows(forest: ForestArrays, x: Float64Array, rows: number, d: number, samplesPerTree: number, out: Float64Array): void {
  const { feature, threshold, left, value, roots } = forest;
  const trees = roots.length;
  const scale = -1 / (trees * averagePathLength(samplesPerTree));
  const totals = new Float64Array(BLOCK);
  for (let start = 0; start < rows; start += BLOCK) {
    const end = Math.min(rows, start + BLOCK);
    totals.fill(0);
    for (let t = 0; t < trees; t++) {
      const root = roots[t]!;
      let i = start;
      for (; i + 3 < end; i += 4) {
        const b0 = i * d;
        const b1 = b0 + d;
        const b2 = b1 + d;
        const b3 = b2 + d;
        let n0 = root;
        let n1 = root;
        let n2 = root;
        let n3 = root;
        let f0 = feature[root]!;
        let f1 = f0;
        let f2 = f0;
        let f3 = f0;
        // A leaf's feature is -1 (all bits set), so the AND turns negative only once all four are at leaves.
        while ((f0 & f1 & f2 & f3) >= 0) {
          if (f0 >= 0) {
            n0 = left[n0]! + +(x[b0 + f0]! > threshold[n0]!);
            f0 = feature[n0]!;
          }
          if (f1 >= 0) {
            n1 = left[n1]! + +(x[b1 + f1]! > threshold[n1]!);
            f1 = feature[n1]!;
          }
          if (f2 >= 0) {
            n2 = left[n2]! + +(x[b2 + f2]! > threshold[n2]!);
            f2 = feature[n2]!;
          }
          if (f3 >= 0) {
            n3 = left[n3]! + +(x[b3 + f3]! > threshold[n3]!);
            f3 = feature[n3]!;
          }
        }
        const o = i - start;
        totals[o] += value[n0]!;
        totals[o + 1] += value[n1]!;
        totals[o + 2] += value[n2]!;
        totals[o + 3] += value[n3]!;
      }
      for (; i < end; i++) {
        const base = i * d;
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          node = left[node]! + +(x[base + f]! > threshold[node]!);
          f = feature[node]!;
        }
        totals[i - start] += value[node]!;
      }
    }
    for (let i = start; i < end; i++) out[i] = Math.pow(2, totals[i - start]! * scale);
  }
}
