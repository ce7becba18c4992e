// Exact TreeSHAP on one tree (the path-dependent algorithm of Lundberg, Erion and Lee): Shapley
// values of E[f(x) | x_S] over the training cover, in O(leaves × depth²) per row, not O(2^features).

import type { Tree } from '../tree/tree.js';

/** A tree ready for explanation: decisions as bit sets, cover as child fractions, chosen outputs. */
export interface ShapTree {
  /** Split feature per node; -1 on leaves. */
  readonly feature: Int32Array;
  /** Left child per node (the right child is left + 1); -1 on leaves. */
  readonly left: Int32Array;
  /** Eight words per node: bit c set when bin code c goes left (code 255 is missing). */
  readonly goesLeft: Uint32Array;
  /** Share of the node's cover that reached its left and right child (0 when it had none). */
  readonly leftShare: Float64Array;
  readonly rightShare: Float64Array;
  /** Values explained per leaf (`outputs` numbers per node). */
  readonly value: Float64Array;
  readonly outputs: number;
  /** Edges on the longest root-to-leaf path. */
  readonly depth: number;
  /** The cover-weighted mean of the leaf values: what the tree gives when nothing is known. */
  readonly expected: Float64Array;
}

/**
 * Prepares a tree. `pick` chooses and scales the explained values: explained output k of node i
 * is scale × tree.value[i × tree.outputs + pick[k]]. Routing follows the model's own traversal:
 * codes 0..bin go left on a threshold split, the listed codes on a category split, and the
 * missing code (255) goes where missingLeft says.
 */
export function prepareShapTree(tree: Tree, cover: Float64Array, pick: readonly number[], scale: number): ShapTree {
  const n = tree.feature.length;
  const outputs = pick.length;
  const goesLeft = new Uint32Array(8 * n);
  const leftShare = new Float64Array(n);
  const rightShare = new Float64Array(n);
  const value = new Float64Array(n * outputs);
  const depthOf = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < outputs; k++) value[i * outputs + k] = scale * tree.value[i * tree.outputs + pick[k]!]!;
    const l = tree.left[i]!;
    if (l < 0) continue;
    depthOf[l] = depthOf[l + 1] = depthOf[i]! + 1;
    depth = Math.max(depth, depthOf[i]! + 1);
    const c = cover[i]!;
    leftShare[i] = c > 0 ? cover[l]! / c : 0;
    rightShare[i] = c > 0 ? cover[l + 1]! / c : 0;
    const set = (code: number): void => {
      goesLeft[8 * i + (code >>> 5)] |= 1 << (code & 31);
    };
    const categories = tree.categorical.get(i);
    if (categories === undefined) for (let b = 0; b <= tree.bin[i]!; b++) set(b);
    else for (const code of categories) set(code);
    if (tree.missingLeft[i] === 1) set(255);
  }
  const partial: Omit<ShapTree, 'expected'> = { feature: tree.feature, left: tree.left, goesLeft, leftShare, rightShare, value, outputs, depth };
  return { ...partial, expected: expectedValue(partial) };
}

/** Sum over leaves of value × the product of cover shares on the way: v(∅) of the game. */
function expectedValue(tree: Omit<ShapTree, 'expected'>): Float64Array {
  const out = new Float64Array(tree.outputs);
  const visit = (node: number, weight: number): void => {
    const l = tree.left[node]!;
    if (l < 0) {
      for (let k = 0; k < tree.outputs; k++) out[k] += weight * tree.value[node * tree.outputs + k]!;
      return;
    }
    visit(l, weight * tree.leftShare[node]!);
    visit(l + 1, weight * tree.rightShare[node]!);
  };
  visit(0, 1);
  return out;
}

/** 1/k for k < length: the walk multiplies by these instead of dividing. */
function inverses(length: number): Float64Array {
  return Float64Array.from({ length }, (_, k) => (k === 0 ? 0 : 1 / k));
}

/**
 * Scratch space for the paths of one tree walk. The path of each recursion level is a copy of
 * its parent's plus one element, stored one level after another, so a depth-D tree needs
 * (D + 2)(D + 3) / 2 slots and nothing is allocated per row. A path element is a feature, the
 * share of cover that followed the path (zero fraction), whether the row itself followed it
 * (one fraction, 0 or 1), and the weight of the permutations of its size.
 */
export class ShapWorkspace {
  private feature: Int32Array = new Int32Array(0);
  private zero: Float64Array = new Float64Array(0);
  private one: Float64Array = new Float64Array(0);
  private weight: Float64Array = new Float64Array(0);
  /** 1/k up to the longest path's size plus one. */
  private inverse: Float64Array = inverses(64);
  private tree!: ShapTree;
  private codes!: Uint8Array;
  private rowBase = 0;
  private phi!: Float64Array;
  private phiBase = 0;
  private phiStride = 0;

  /**
   * Adds the row's SHAP values for `tree` to phi[phiBase + k × phiStride + f] (output k, feature
   * f). The row is codes[rowBase + f], its features' bin codes with 255 for missing.
   */
  explainRow(tree: ShapTree, codes: Uint8Array, rowBase: number, phi: Float64Array, phiBase: number, phiStride: number): void {
    const slots = ((tree.depth + 2) * (tree.depth + 3)) / 2;
    if (this.weight.length < slots) {
      this.feature = new Int32Array(slots);
      this.zero = new Float64Array(slots);
      this.one = new Float64Array(slots);
      this.weight = new Float64Array(slots);
    }
    if (this.inverse.length < tree.depth + 3) this.inverse = inverses(tree.depth + 3);
    this.tree = tree;
    this.codes = codes;
    this.rowBase = rowBase;
    this.phi = phi;
    this.phiBase = phiBase;
    this.phiStride = phiStride;
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  /**
   * Visits `node` with the parent's path of `length` elements stored at `from`; the node was
   * reached with zero fraction z and one fraction o for feature `splitFeature`.
   */
  private recurse(node: number, from: number, length: number, z: number, o: number, splitFeature: number): void {
    const at = from + length;
    const pf = this.feature;
    const pz = this.zero;
    const po = this.one;
    const pw = this.weight;
    // Paths are short: a plain loop beats four copyWithin calls.
    for (let i = 0; i < length; i++) {
      pf[at + i] = pf[from + i]!;
      pz[at + i] = pz[from + i]!;
      po[at + i] = po[from + i]!;
      pw[at + i] = pw[from + i]!;
    }
    this.extend(at, length, z, o, splitFeature);
    const last = length;
    const tree = this.tree;
    const l = tree.left[node]!;
    if (l < 0) {
      this.addLeaf(node, at, last);
      return;
    }
    const f = tree.feature[node]!;
    const code = this.codes[this.rowBase + f]!;
    const left = (tree.goesLeft[8 * node + (code >>> 5)]! >>> (code & 31)) & 1;
    const hot = left === 1 ? l : l + 1;
    const cold = left === 1 ? l + 1 : l;
    const hotShare = left === 1 ? tree.leftShare[node]! : tree.rightShare[node]!;
    const coldShare = left === 1 ? tree.rightShare[node]! : tree.leftShare[node]!;
    // A feature met again on the path keeps one element: take its fractions out first.
    let iz = 1;
    let io = 1;
    let kept = last + 1;
    for (let i = 1; i <= last; i++) {
      if (pf[at + i] === f) {
        iz = pz[at + i]!;
        io = po[at + i]!;
        this.unwind(at, last, i);
        kept = last;
        break;
      }
    }
    if (iz * hotShare !== 0 || io !== 0) this.recurse(hot, at, kept, iz * hotShare, io, f);
    // With both fractions zero every weight below would be zero: the cold side adds nothing.
    if (iz * coldShare !== 0) this.recurse(cold, at, kept, iz * coldShare, 0, f);
  }

  /** Adds element `last` (feature f, fractions z and o) to the path at `at`, updating weights. */
  private extend(at: number, last: number, z: number, o: number, f: number): void {
    const inverse = this.inverse;
    const w = this.weight;
    this.feature[at + last] = f;
    this.zero[at + last] = z;
    this.one[at + last] = o;
    w[at + last] = last === 0 ? 1 : 0;
    const inv = inverse[last + 1]!;
    for (let i = last - 1; i >= 0; i--) {
      const wi = w[at + i]!;
      w[at + i + 1] += o * wi * (i + 1) * inv;
      w[at + i] = z * wi * (last - i) * inv;
    }
  }

  /** Removes element `index` from the path at `at` whose last element is `last`, in place. */
  private unwind(at: number, last: number, index: number): void {
    const inverse = this.inverse;
    const w = this.weight;
    const o = this.one[at + index]!;
    const z = this.zero[at + index]!;
    const size = last + 1;
    if (o !== 0) {
      // One fractions are 0 or 1, so o = 1 here.
      let next = w[at + last]!;
      const zs = z * inverse[size]!;
      for (let j = last - 1; j >= 0; j--) {
        const t = w[at + j]!;
        const u = next * size * inverse[j + 1]!;
        w[at + j] = u;
        next = t - u * zs * (last - j);
      }
    } else {
      const s = size / z;
      for (let j = last - 1; j >= 0; j--) w[at + j] = w[at + j]! * s * inverse[last - j]!;
    }
    for (let j = index; j < last; j++) {
      this.feature[at + j] = this.feature[at + j + 1]!;
      this.zero[at + j] = this.zero[at + j + 1]!;
      this.one[at + j] = this.one[at + j + 1]!;
    }
  }

  /**
   * At a leaf every feature on the path gets its share of the leaf's value: the weights summed
   * as if its element were unwound, times (one − zero). For the elements the row did not follow
   * (o = 0) that sum is a shared sum divided by their z, so it is computed once.
   */
  private addLeaf(node: number, at: number, last: number): void {
    const inverse = this.inverse;
    const tree = this.tree;
    const K = tree.outputs;
    const w = this.weight;
    const pz = this.zero;
    const po = this.one;
    const size = last + 1;
    let shared = Number.NaN;
    for (let i = 1; i <= last; i++) {
      const z = pz[at + i]!;
      let total = 0;
      if (po[at + i] !== 0) {
        let next = w[at + last]!;
        const zs = z * inverse[size]!;
        for (let j = last - 1; j >= 0; j--) {
          const t = next * size * inverse[j + 1]!;
          total += t;
          next = w[at + j]! - t * zs * (last - j);
        }
        total *= 1 - z;
      } else {
        if (shared !== shared) {
          shared = 0;
          for (let j = last - 1; j >= 0; j--) shared += w[at + j]! * inverse[last - j]!;
          shared *= size;
        }
        total = -shared;
      }
      const f = this.feature[at + i]!;
      const base = this.phiBase + f;
      const v = node * K;
      for (let k = 0; k < K; k++) this.phi[base + k * this.phiStride] += total * tree.value[v + k]!;
    }
  }
}
