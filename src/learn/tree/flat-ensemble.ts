// All trees of a boosted model in one contiguous layout (two int32 per node), built once per
// fitted model, and the row-block traversal that adds every tree's leaf value to raw scores.

import { ROW_MISSING } from './binning.js';
import type { Tree } from './tree.js';

/** word0 layout: threshold bin in bits 0-7, missing-goes-left in bit 8, category split in bit 9, feature from bit 10. */
const MISSING_LEFT = 1 << 8;
const CATEGORY = 1 << 9;
const FEATURE_SHIFT = 10;

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
        nodes[2 * g] = 254 | MISSING_LEFT;
        nodes[2 * g + 1] = g;
        continue;
      }
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

/** The child of global node g for a row whose codes start at binned[a]. */
function next(e: FlatEnsemble, g: number, binned: Uint8Array, a: number): number {
  const nodes = e.nodes;
  const w = nodes[2 * g]!;
  const b = binned[a + (w >>> FEATURE_SHIFT)]!;
  if ((w & CATEGORY) !== 0) {
    const at = e.categoryAt[g]!;
    return nodes[2 * g + 1]! + (((e.categoryBits[at + (b >>> 5)]! >>> (b & 31)) & 1) ^ 1);
  }
  // Right when the code is above the threshold, unless it is the missing code and missing goes left.
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
  for (let start = 0; start < rowCount; start += ROW_BLOCK) addBlock(e, binned, width, start, Math.min(rowCount, start + ROW_BLOCK), raw);
}

function addBlock(e: FlatEnsemble, binned: Uint8Array, width: number, rowStart: number, rowEnd: number, raw: Float64Array): void {
  const { value, roots, depths, outputs: K } = e;
  const trees = roots.length;
  for (let t = 0; t < trees; t++) {
    const root = roots[t]!;
    const depth = depths[t]!;
    const k = t % K;
    let r = rowStart;
    for (; r + 3 < rowEnd; r += 4) {
      const a0 = r * width;
      const a1 = a0 + width;
      const a2 = a1 + width;
      const a3 = a2 + width;
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (let d = 0; d < depth; d++) {
        n0 = next(e, n0, binned, a0);
        n1 = next(e, n1, binned, a1);
        n2 = next(e, n2, binned, a2);
        n3 = next(e, n3, binned, a3);
      }
      const o = r * K + k;
      raw[o] += value[n0]!;
      raw[o + K] += value[n1]!;
      raw[o + 2 * K] += value[n2]!;
      raw[o + 3 * K] += value[n3]!;
    }
    for (; r < rowEnd; r++) {
      const a = r * width;
      let n = root;
      for (let d = 0; d < depth; d++) n = next(e, n, binned, a);
      raw[r * K + k] += value[n]!;
    }
  }
}
