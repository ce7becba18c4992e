// TreeSHAP by leaf patterns for many rows of shallow trees: a row's contributions at a leaf depend
// only on which path features it followed, so each (leaf, pattern) is solved once and reused.

import type { ShapTree } from './tree-shap.js';

/** Leaves with more distinct path features than this use the path walk of ShapWorkspace. */
export const MAX_PATTERN_FEATURES = 12;

/** Per-tree tables for the pattern walk. */
export interface PatternTree {
  /** Per split node: where its feature sits among the distinct features on the root path. */
  readonly slot: Int32Array;
  /** Per split node: 1 when its feature is met for the first time on the root path. */
  readonly fresh: Uint8Array;
  /** Per node: start of a leaf's entries in `features`/`zeros`, and their count (distinct features). */
  readonly leafStart: Int32Array;
  readonly leafCount: Int32Array;
  /** The distinct features of each leaf's path in first-met order, and the share of cover that followed the path on each. */
  readonly features: Int32Array;
  readonly zeros: Float64Array;
  /** Per node: start of a leaf's 2^count memo cells (flags) and of its 2^count × count values. */
  readonly flagStart: Int32Array;
  readonly valueStart: Int32Array;
  readonly flagCells: number;
  readonly valueCells: number;
}

/** The pattern tables of a tree, or undefined when a leaf has too many distinct path features. */
export function patternTree(tree: ShapTree): PatternTree | undefined {
  const n = tree.feature.length;
  const slot = new Int32Array(n);
  const freshAt = new Uint8Array(n);
  const leafStart = new Int32Array(n);
  const leafCount = new Int32Array(n);
  const flagStart = new Int32Array(n);
  const valueStart = new Int32Array(n);
  const features: number[] = [];
  const zeros: number[] = [];
  let flagCells = 0;
  let valueCells = 0;
  let tooDeep = false;
  const pathFeatures: number[] = [];
  const pathZeros: number[] = [];
  const visit = (node: number): void => {
    const l = tree.left[node]!;
    if (l < 0) {
      const d = pathFeatures.length;
      if (d > MAX_PATTERN_FEATURES) tooDeep = true;
      leafStart[node] = features.length;
      leafCount[node] = d;
      features.push(...pathFeatures);
      zeros.push(...pathZeros);
      flagStart[node] = flagCells;
      valueStart[node] = valueCells;
      flagCells += 1 << Math.min(d, MAX_PATTERN_FEATURES);
      valueCells += (1 << Math.min(d, MAX_PATTERN_FEATURES)) * d;
      return;
    }
    const f = tree.feature[node]!;
    let at = pathFeatures.indexOf(f);
    const fresh = at < 0;
    if (fresh) {
      at = pathFeatures.length;
      pathFeatures.push(f);
      pathZeros.push(1);
    }
    slot[node] = at;
    freshAt[node] = fresh ? 1 : 0;
    const before = pathZeros[at]!;
    pathZeros[at] = before * tree.leftShare[node]!;
    visit(l);
    pathZeros[at] = before * tree.rightShare[node]!;
    visit(l + 1);
    pathZeros[at] = before;
    if (fresh) {
      pathFeatures.pop();
      pathZeros.pop();
    }
  };
  visit(0);
  if (tooDeep) return undefined;
  return { slot, fresh: freshAt, leafStart, leafCount, features: Int32Array.from(features), zeros: Float64Array.from(zeros), flagStart, valueStart, flagCells, valueCells };
}

/** Memo cells and path scratch reused across trees and rows. */
export class PatternWorkspace {
  private flags = new Uint8Array(0);
  private values = new Float64Array(0);
  private readonly weight = new Float64Array(MAX_PATTERN_FEATURES + 2);
  private tree!: ShapTree;
  private table!: PatternTree;
  private patterns = new Int32Array(0);
  private phi!: Float64Array;
  private phiBase = 0;
  private phiStride = 0;

  /** Starts a tree: clears the memo. */
  begin(tree: ShapTree, table: PatternTree): void {
    if (this.flags.length < table.flagCells) this.flags = new Uint8Array(table.flagCells);
    else this.flags.fill(0, 0, table.flagCells);
    // Memo values are kept multiplied by the leaf's outputs: K numbers per feature.
    const cells = table.valueCells * tree.outputs;
    if (this.values.length < cells) this.values = new Float64Array(cells);
    if (this.patterns.length < tree.left.length) this.patterns = new Int32Array(tree.left.length);
    this.tree = tree;
    this.table = table;
  }

  /** As ShapWorkspace.explainRow, for the tree given to begin(). */
  explainRow(codes: Uint8Array, rowBase: number, phi: Float64Array, phiBase: number, phiStride: number): void {
    this.phi = phi;
    this.phiBase = phiBase;
    this.phiStride = phiStride;
    const tree = this.tree;
    const table = this.table;
    const { left: lefts, feature, goesLeft, leftShare, rightShare } = tree;
    const { slot, fresh } = table;
    const patterns = this.patterns;
    // Children come after their parent, so one pass in node order carries every node's pattern
    // down: bit s is set while the row has followed every split on the path's s-th distinct
    // feature; -1 marks a node the row reaches with no weight (a side that had no cover).
    patterns[0] = 0;
    const n = lefts.length;
    for (let node = 0; node < n; node++) {
      const l = lefts[node]!;
      const pattern = patterns[node]!;
      if (l < 0) {
        if (pattern >= 0) this.addLeaf(node, pattern);
        continue;
      }
      if (pattern < 0) {
        patterns[l] = patterns[l + 1] = -1;
        continue;
      }
      const code = codes[rowBase + feature[node]!]!;
      const goLeft = (goesLeft[8 * node + (code >>> 5)]! >>> (code & 31)) & 1;
      const bit = 1 << slot[node]!;
      // A fresh feature's bit is clear on arrival, so OR-ing sets it; a repeated one keeps its
      // bit only if the row followed the earlier splits too.
      const hotPattern = fresh[node] === 1 ? pattern | bit : pattern;
      const coldPattern = pattern & ~bit;
      if (goLeft === 1) {
        patterns[l] = hotPattern;
        patterns[l + 1] = rightShare[node] !== 0 ? coldPattern : -1;
      } else {
        patterns[l] = leftShare[node] !== 0 ? coldPattern : -1;
        patterns[l + 1] = hotPattern;
      }
    }
  }

  /** Adds the memoised contributions of (leaf, pattern), computing them on first use. */
  private addLeaf(node: number, pattern: number): void {
    const table = this.table;
    const d = table.leafCount[node]!;
    if (d === 0) return;
    const K = this.tree.outputs;
    const cell = table.flagStart[node]! + pattern;
    const at = (table.valueStart[node]! + pattern * d) * K;
    if (this.flags[cell] === 0) {
      this.flags[cell] = 1;
      this.solve(node, d, pattern, at);
    }
    const values = this.values;
    const features = table.features;
    const phi = this.phi;
    const phiBase = this.phiBase;
    const start = table.leafStart[node]!;
    if (K === 1) {
      for (let i = 0; i < d; i++) phi[phiBase + features[start + i]!] += values[at + i]!;
      return;
    }
    const stride = this.phiStride;
    for (let i = 0; i < d; i++) {
      const base = phiBase + features[start + i]!;
      const from = at + i * K;
      for (let k = 0; k < K; k++) phi[base + k * stride] += values[from + k]!;
    }
  }

  /**
   * The contributions of each of a leaf's d features for one pattern: build the path's
   * permutation weights with every feature (zero fraction z, one fraction from the pattern),
   * then sum them with each feature taken out again, times (one − zero), times the leaf's values.
   */
  private solve(node: number, d: number, pattern: number, out: number): void {
    const zeros = this.table.zeros;
    const start = this.table.leafStart[node]!;
    const w = this.weight;
    w[0] = 1;
    for (let i = 0; i < d; i++) {
      const last = i + 1;
      const z = zeros[start + i]!;
      const o = (pattern >>> i) & 1;
      const inv = 1 / (last + 1);
      w[last] = 0;
      for (let j = last - 1; j >= 0; j--) {
        const wj = w[j]!;
        w[j + 1] += o * wj * (j + 1) * inv;
        w[j] = z * wj * (last - j) * inv;
      }
    }
    const size = d + 1;
    // Features the row did not follow all get the same sum (their z cancels).
    let shared = 0;
    for (let j = d - 1; j >= 0; j--) shared += w[j]! / (d - j);
    shared *= size;
    for (let i = 0; i < d; i++) {
      if (((pattern >>> i) & 1) === 0) {
        this.store(node, out + i * this.tree.outputs, -shared);
        continue;
      }
      const z = zeros[start + i]!;
      const zs = z / size;
      let next = w[d]!;
      let total = 0;
      for (let j = d - 1; j >= 0; j--) {
        const t = (next * size) / (j + 1);
        total += t;
        next = w[j]! - t * zs * (d - j);
      }
      this.store(node, out + i * this.tree.outputs, total * (1 - z));
    }
  }

  /** Writes factor × the leaf's outputs at values[at…]. */
  private store(node: number, at: number, factor: number): void {
    const tree = this.tree;
    const K = tree.outputs;
    for (let k = 0; k < K; k++) this.values[at + k] = factor * tree.value[node * K + k]!;
  }
}
