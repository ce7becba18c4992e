// All trees of a boosted model in one contiguous layout (two int32 per node), built once per
// fitted model, and the row-block traversal that adds every tree's leaf value to raw scores.

import { ROW_MISSING } from './binning.js';
import type { Tree } from './tree.js';

/** word0: threshold bin in bits 0-7, missing-goes-left in bit 8, category split in bit 9, feature in bits 10-30, leaf in bit 31. */
const MISSING_LEFT = 1 << 8;
const CATEGORY = 1 << 9;
const FEATURE_SHIFT = 10;
const FEATURE_MASK = (1 << 21) - 1;
const LEAF = 1 << 31;

/** Rows scored together through every tree: their binned codes stay in L1 while the trees stream. */
const ROW_BLOCK = 64;

/**
 * The trees of one model, output k of tree t being t % outputs. Node i is nodes[2i] (split
 * word, see above) and nodes[2i + 1] (left child; right is left + 1), with global indices. A
 * leaf is a split that always goes left onto itself, so walking a tree's depth from its root ends
 * on the row's leaf whatever its depth, without a data-dependent branch.
 */
export interface FlatEnsemble {
  readonly nodes: Int32Array;
  /** Leaf value per global node (single-output trees). */
  readonly value: Float64Array;
  readonly roots: Int32Array;
  readonly depths: Int32Array;
  /** Category splits: offset of the node's 8-word (256-bit) set of codes going left, else -1. */
  readonly categoryAt: Int32Array;
  readonly categoryBits: Int32Array;
  readonly outputs: number;
}

/** Lays out single-output trees (as boosting grows them) for prediction. */
export function flattenTrees(trees: readonly Tree[], outputs: number): FlatEnsemble {
  let total = 0;
  let categories = 0;
  for (const tree of trees) {
    if (tree.outputs !== 1) throw new Error('flattenTrees needs single-output trees');
    total += tree.feature.length;
    categories += tree.categorical.size;
  }
  const nodes = new Int32Array(2 * total);
  const value = new Float64Array(total);
  const roots = new Int32Array(trees.length);
  const depths = new Int32Array(trees.length);
  const categoryAt = new Int32Array(total).fill(-1);
  const categoryBits = new Int32Array(8 * categories);
  let base = 0;
  let catCount = 0;
  trees.forEach((tree, t) => {
    const n = tree.feature.length;
    const depthOf = new Int32Array(n);
    let depth = 0;
    roots[t] = base;
    for (let i = 0; i < n; i++) {
      const g = base + i;
      value[g] = tree.value[i]!;
      const left = tree.left[i]!;
      if (left < 0) {
        nodes[2 * g] = LEAF | 254 | MISSING_LEFT;
        nodes[2 * g + 1] = g;
        continue;
      }
      if (tree.feature[i]! > FEATURE_MASK) throw new Error('flattenTrees handles at most 2^21 features');
      depthOf[left] = depthOf[left + 1] = depthOf[i]! + 1;
      depth = Math.max(depth, depthOf[i]! + 1);
      const missingLeft = tree.missingLeft[i] === 1;
      const set = tree.categorical.get(i);
      let word = (tree.feature[i]! << FEATURE_SHIFT) | (missingLeft ? MISSING_LEFT : 0);
      if (set === undefined) word |= tree.bin[i]!;
      else {
        word |= CATEGORY;
        const at = 8 * catCount++;
        categoryAt[g] = at;
        for (const c of set) categoryBits[at + (c >>> 5)] |= 1 << (c & 31);
        if (missingLeft) categoryBits[at + (ROW_MISSING >>> 5)] |= 1 << (ROW_MISSING & 31);
      }
      nodes[2 * g] = word;
      nodes[2 * g + 1] = base + left;
    }
    depths[t] = depth;
    base += n;
  });
  return { nodes, value, roots, depths, categoryAt, categoryBits, outputs };
}

/** The child of node g (nodes[2g], nodes[2g + 1]) for a row whose codes start at binned[a]. */
function next(nodes: Int32Array, categoryAt: Int32Array, categoryBits: Int32Array, g: number, binned: Uint8Array, a: number): number {
  const w = nodes[2 * g]!;
  const b = binned[a + ((w >>> FEATURE_SHIFT) & FEATURE_MASK)]!;
  if ((w & CATEGORY) !== 0) {
    const at = categoryAt[g]!;
    return nodes[2 * g + 1]! + (((categoryBits[at + (b >>> 5)]! >>> (b & 31)) & 1) ^ 1);
  }
  // Right when the code is above the threshold, unless it is the missing code and missing goes left.
  const above = ((w & 255) - b) >>> 31;
  const missingLeft = ((b + 1) >>> 8) & (w >>> 8);
  return nodes[2 * g + 1]! + (above & (1 ^ missingLeft));
}

/** The child of node g, whose split word w has no category set, for the row at binned[a]. */
function byThreshold(nodes: Int32Array, g: number, w: number, binned: Uint8Array, a: number): number {
  const b = binned[a + ((w >>> FEATURE_SHIFT) & FEATURE_MASK)]!;
  const above = ((w & 255) - b) >>> 31;
  const missingLeft = ((b + 1) >>> 8) & (w >>> 8);
  return nodes[2 * g + 1]! + (above & (1 ^ missingLeft));
}

/**
 * Adds every tree's leaf value to raw[row × outputs + t % outputs] for rows 0..rowCount-1 of a
 * row-major binned matrix (missing code ROW_MISSING), tree by tree in order for each row, so
 * each row's sum is formed in the same order as when the trees are applied one at a time.
 */
export function addEnsembleToRows(e: FlatEnsemble, binned: Uint8Array, width: number, rowCount: number, raw: Float64Array): void {
  const thresholdsOnly = e.categoryBits.length === 0;
  const whole = rowCount - (rowCount % (thresholdsOnly ? 8 : 4));
  for (let start = 0; start < whole; start += ROW_BLOCK) {
    const end = Math.min(whole, start + ROW_BLOCK);
    if (thresholdsOnly) addBlockByThreshold(e, binned, width, start, end, raw);
    else addBlock(e, binned, width, start, end, raw);
  }
  for (let r = whole; r < rowCount; r++) addRow(e, binned, r * width, raw, r * e.outputs);
}

/** Rows rowStart..rowEnd-1 (a multiple of 8 of them) through trees without category splits, eight rows walking together. */
function addBlockByThreshold(e: FlatEnsemble, binned: Uint8Array, width: number, rowStart: number, rowEnd: number, raw: Float64Array): void {
  const { nodes, value, roots, depths, outputs: K } = e;
  const trees = roots.length;
  for (let t = 0; t < trees; t++) {
    const root = roots[t]!;
    const depth = depths[t]!;
    const k = t % K;
    for (let r = rowStart; r < rowEnd; r += 8) {
      const a0 = r * width;
      const a1 = a0 + width;
      const a2 = a1 + width;
      const a3 = a2 + width;
      const a4 = a3 + width;
      const a5 = a4 + width;
      const a6 = a5 + width;
      const a7 = a6 + width;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      let n4 = root;
      let n5 = root;
      let n6 = root;
      let n7 = root;
      for (let d = 0; d < depth; d++) {
        const w0 = nodes[2 * n0]!;
        const w1 = nodes[2 * n1]!;
        const w2 = nodes[2 * n2]!;
        const w3 = nodes[2 * n3]!;
        const w4 = nodes[2 * n4]!;
        const w5 = nodes[2 * n5]!;
        const w6 = nodes[2 * n6]!;
        const w7 = nodes[2 * n7]!;
        // All eight on leaves (sign bit set in every word): the rest of the walk would stay put.
        if ((w0 & w1 & w2 & w3 & w4 & w5 & w6 & w7) < 0) break;
        n0 = byThreshold(nodes, n0, w0, binned, a0);
        n1 = byThreshold(nodes, n1, w1, binned, a1);
        n2 = byThreshold(nodes, n2, w2, binned, a2);
        n3 = byThreshold(nodes, n3, w3, binned, a3);
        n4 = byThreshold(nodes, n4, w4, binned, a4);
        n5 = byThreshold(nodes, n5, w5, binned, a5);
        n6 = byThreshold(nodes, n6, w6, binned, a6);
        n7 = byThreshold(nodes, n7, w7, binned, a7);
      }
      const o = r * K + k;
      raw[o] += value[n0]!;
      raw[o + K] += value[n1]!;
      raw[o + 2 * K] += value[n2]!;
      raw[o + 3 * K] += value[n3]!;
      raw[o + 4 * K] += value[n4]!;
      raw[o + 5 * K] += value[n5]!;
      raw[o + 6 * K] += value[n6]!;
      raw[o + 7 * K] += value[n7]!;
    }
  }
}

/** Rows rowStart..rowEnd-1 (a multiple of 4 of them) through every tree, four rows walking together. */
function addBlock(e: FlatEnsemble, binned: Uint8Array, width: number, rowStart: number, rowEnd: number, raw: Float64Array): void {
  const { nodes, categoryAt: ca, categoryBits: cb, value, roots, depths, outputs: K } = e;
  const trees = roots.length;
  for (let t = 0; t < trees; t++) {
    const root = roots[t]!;
    const depth = depths[t]!;
    const k = t % K;
    for (let r = rowStart; r < rowEnd; r += 4) {
      const a0 = r * width;
      const a1 = a0 + width;
      const a2 = a1 + width;
      const a3 = a2 + width;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (let d = 0; d < depth; d++) {
        n0 = next(nodes, ca, cb, n0, binned, a0);
        n1 = next(nodes, ca, cb, n1, binned, a1);
        n2 = next(nodes, ca, cb, n2, binned, a2);
        n3 = next(nodes, ca, cb, n3, binned, a3);
      }
      const o = r * K + k;
      raw[o] += value[n0]!;
      raw[o + K] += value[n1]!;
      raw[o + 2 * K] += value[n2]!;
      raw[o + 3 * K] += value[n3]!;
    }
  }
}

/**
 * One row (codes at binned[a..]) through every tree, four trees walking together to their
 * deepest depth (a leaf reached early stays put); leaf values are added in tree order.
 */
function addRow(e: FlatEnsemble, binned: Uint8Array, a: number, raw: Float64Array, o: number): void {
  const { nodes, categoryAt: ca, categoryBits: cb, value, roots, depths, outputs: K } = e;
  const trees = roots.length;
  let t = 0;
  for (; t + 3 < trees; t += 4) {
    let n0 = roots[t]!;
    let n1 = roots[t + 1]!;
    let n2 = roots[t + 2]!;
    let n3 = roots[t + 3]!;
    const depth = Math.max(depths[t]!, depths[t + 1]!, depths[t + 2]!, depths[t + 3]!);
    for (let d = 0; d < depth; d++) {
      // All four on leaves (sign bit set in every word): the rest of the walk would stay put.
      if ((nodes[2 * n0]! & nodes[2 * n1]! & nodes[2 * n2]! & nodes[2 * n3]!) < 0) break;
      n0 = next(nodes, ca, cb, n0, binned, a);
      n1 = next(nodes, ca, cb, n1, binned, a);
      n2 = next(nodes, ca, cb, n2, binned, a);
      n3 = next(nodes, ca, cb, n3, binned, a);
    }
    raw[o + (t % K)] += value[n0]!;
    raw[o + ((t + 1) % K)] += value[n1]!;
    raw[o + ((t + 2) % K)] += value[n2]!;
    raw[o + ((t + 3) % K)] += value[n3]!;
  }
  for (; t < trees; t++) {
    let n = roots[t]!;
    for (let d = depths[t]!; d > 0; d--) n = next(nodes, ca, cb, n, binned, a);
    raw[o + (t % K)] += value[n]!;
  }
}

/**
 * One row's binned codes (binned[0..width-1]) through every tree, adding to raw[0..outputs-1]:
 * the same walk addEnsembleToRows gives a one-row matrix, so the sums are the same bits.
 */
export function addEnsembleToRow(e: FlatEnsemble, binned: Uint8Array, raw: Float64Array): void {
  addRow(e, binned, 0, raw, 0);
}
