// One grown tree as flat typed arrays (node i: feature, threshold bin or category set, missing
// direction, children, leaf values), its traversal over binned rows, and its JSON form.

import { FramewiseError } from '../../core/errors.js';

export interface Tree {
  /** Values per leaf (1 for boosting, classes for a classification forest). */
  readonly outputs: number;
  /** Split feature per node; -1 marks a leaf. */
  readonly feature: Int32Array;
  /** Rows whose bin is <= this go left (at most 254). */
  readonly bin: Int32Array;
  /** 1 when the missing code goes left. */
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  /** Always left + 1 on a split node (children are added in pairs). */
  readonly right: Int32Array;
  /** outputs numbers per node (meaningful on leaves). */
  readonly value: Float64Array;
  /** Objective reduction of each split (0 on leaves), for feature importances. */
  readonly gain: Float64Array;
  /** Category splits: node → the value bins (category codes) that go left, ascending. */
  readonly categorical: ReadonlyMap<number, Uint8Array>;
  /**
   * Training weight that reached each node: the sum of hessians (boosting) or of bootstrap
   * weights (forests). TreeSHAP needs it; trees saved before it was recorded lack it.
   */
  readonly cover?: Float64Array;
}

export interface TreeJson {
  readonly outputs: number;
  readonly feature: readonly number[];
  readonly bin: readonly number[];
  readonly missingLeft: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
  readonly gain: readonly number[];
  readonly categorical: readonly { readonly node: number; readonly left: readonly number[] }[];
  readonly cover?: readonly number[];
}

/** Collects nodes while a tree grows; node 0 is the root. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly bin: number[] = [];
  private readonly gain: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];
  private readonly cover: number[] = [];
  private readonly categorical = new Map<number, Uint8Array>();

  constructor(private readonly outputs: number) {}

  /** Adds a leaf (to be split or not later) and returns its id. */
  addNode(): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.gain.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.cover.push(0);
    for (let k = 0; k < this.outputs; k++) this.value.push(0);
    return this.feature.length - 1;
  }

  /** A split on `feature`: by threshold `bin`, or by the set `categories` when given. */
  setSplit(node: number, feature: number, bin: number, missingLeft: boolean, left: number, right: number, gain: number, categories?: Uint8Array): void {
    this.gain[node] = gain;
    if (categories !== undefined) this.categorical.set(node, categories);
    this.feature[node] = feature;
    this.bin[node] = bin;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = left;
    this.right[node] = right;
  }

  setValue(node: number, k: number, v: number): void {
    this.value[node * this.outputs + k] = v;
  }

  /** Records the training weight (hessian sum) that reached `node`. */
  setCover(node: number, weight: number): void {
    // A child's sum comes from a subtraction, which may land a hair below zero.
    this.cover[node] = Math.max(0, weight);
  }

  build(): Tree {
    return {
      outputs: this.outputs,
      feature: Int32Array.from(this.feature),
      bin: Int32Array.from(this.bin),
      gain: Float64Array.from(this.gain),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      categorical: new Map(this.categorical),
      cover: Float64Array.from(this.cover),
    };
  }
}

/** Int32 words per packed node: feature, left child, then 256 bits saying which codes go left. */
const PACKED = 10;

/** A tree laid out for prediction: PACKED int32 per node, and the depth of its deepest leaf. */
export interface PackedTree {
  readonly nodes: Int32Array;
  readonly depth: number;
}

/**
 * Packs a tree for traversal: per node its feature, left child (the right child is always
 * left + 1) and a 256-bit set of the codes that go left. A threshold split sets bits 0..bin; a
 * category split sets its categories; bit 255 (ROW_MISSING) is set when missing values go left.
 * A leaf points to itself on every code, so walking `depth` steps from the root ends on the
 * row's leaf whatever its depth: the walk has no data-dependent branch at all.
 */
export function packTree(tree: Tree): PackedTree {
  const n = tree.feature.length;
  const nodes = new Int32Array(PACKED * n);
  const depthOf = new Int32Array(n);
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const o = PACKED * i;
    if (tree.left[i]! < 0) {
      nodes[o + 1] = i;
      nodes.fill(-1, o + 2, o + PACKED);
      continue;
    }
    nodes[o] = tree.feature[i]!;
    nodes[o + 1] = tree.left[i]!;
    depthOf[tree.left[i]!] = depthOf[tree.left[i]! + 1] = depthOf[i]! + 1;
    depth = Math.max(depth, depthOf[i]! + 1);
    const set = (code: number): void => {
      nodes[o + 2 + (code >>> 5)] |= 1 << (code & 31);
    };
    const categories = tree.categorical.get(i);
    if (categories === undefined) for (let b = 0; b <= tree.bin[i]!; b++) set(b);
    else for (const c of categories) set(c);
    if (tree.missingLeft[i] === 1) set(255);
  }
  return { nodes, depth };
}

/**
 * Adds the leaf values of a packed tree to out[row × outStride + outOffset + k] for rows
 * rowStart..rowEnd-1 of a row-major binned matrix whose missing code is ROW_MISSING (255).
 * Eight rows walk the tree together, so their chains of dependent loads overlap.
 */
export function addTreeToRows(
  packed: PackedTree,
  value: Float64Array,
  outputs: number,
  binned: Uint8Array,
  width: number,
  rowStart: number,
  rowEnd: number,
  out: Float64Array,
  outStride: number,
  outOffset: number,
): void {
  const { nodes, depth } = packed;
  let r = rowStart;
  for (; r + 7 < rowEnd; r += 8) {
    const a0 = r * width;
    const a1 = a0 + width;
    const a2 = a1 + width;
    const a3 = a2 + width;
    const a4 = a3 + width;
    const a5 = a4 + width;
    const a6 = a5 + width;
    const a7 = a6 + width;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let n4 = 0;
    let n5 = 0;
    let n6 = 0;
    let n7 = 0;
    for (let d = 0; d < depth; d++) {
      n0 = step(nodes, n0 * PACKED, binned[a0 + nodes[n0 * PACKED]!]!);
      n1 = step(nodes, n1 * PACKED, binned[a1 + nodes[n1 * PACKED]!]!);
      n2 = step(nodes, n2 * PACKED, binned[a2 + nodes[n2 * PACKED]!]!);
      n3 = step(nodes, n3 * PACKED, binned[a3 + nodes[n3 * PACKED]!]!);
      n4 = step(nodes, n4 * PACKED, binned[a4 + nodes[n4 * PACKED]!]!);
      n5 = step(nodes, n5 * PACKED, binned[a5 + nodes[n5 * PACKED]!]!);
      n6 = step(nodes, n6 * PACKED, binned[a6 + nodes[n6 * PACKED]!]!);
      n7 = step(nodes, n7 * PACKED, binned[a7 + nodes[n7 * PACKED]!]!);
    }
    if (outputs === 1) {
      const o = r * outStride + outOffset;
      out[o] += value[n0]!;
      out[o + outStride] += value[n1]!;
      out[o + 2 * outStride] += value[n2]!;
      out[o + 3 * outStride] += value[n3]!;
      out[o + 4 * outStride] += value[n4]!;
      out[o + 5 * outStride] += value[n5]!;
      out[o + 6 * outStride] += value[n6]!;
      out[o + 7 * outStride] += value[n7]!;
    } else {
      const leaves = [n0, n1, n2, n3, n4, n5, n6, n7];
      for (let j = 0; j < 8; j++) addLeaf(value, outputs, leaves[j]!, out, (r + j) * outStride + outOffset);
    }
  }
  for (; r < rowEnd; r++) {
    const a = r * width;
    let node = 0;
    for (let d = 0; d < depth; d++) node = step(nodes, node * PACKED, binned[a + nodes[node * PACKED]!]!);
    addLeaf(value, outputs, node, out, r * outStride + outOffset);
  }
}

/** The child of the node at word offset o for code b: left + 1 unless b's bit is set. */
function step(nodes: Int32Array, o: number, b: number): number {
  return nodes[o + 1]! + (((nodes[o + 2 + (b >>> 5)]! >>> (b & 31)) & 1) ^ 1);
}

function addLeaf(value: Float64Array, outputs: number, node: number, out: Float64Array, at: number): void {
  const v = node * outputs;
  for (let k = 0; k < outputs; k++) out[at + k] += value[v + k]!;
}

/**
 * Same as addTreeToRows for one output over column-major binned features (whose missing code
 * is valueBins[f]) and the rows listed in `rows`.
 */
export function addTreeToColumnRows(
  packed: PackedTree,
  value: Float64Array,
  columns: readonly Uint8Array[],
  missingCode: Int32Array,
  rows: Uint32Array,
  count: number,
  out: Float64Array,
  outStride: number,
  outOffset: number,
): void {
  const { nodes, depth } = packed;
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    let node = 0;
    for (let d = 0; d < depth; d++) {
      const o = node * PACKED;
      const f = nodes[o]!;
      const raw = columns[f]![r]!;
      node = step(nodes, o, raw === missingCode[f] ? 255 : raw);
    }
    out[r * outStride + outOffset] += value[node]!;
  }
}

export function treeToJson(tree: Tree): TreeJson {
  return {
    outputs: tree.outputs,
    feature: Array.from(tree.feature),
    bin: Array.from(tree.bin),
    gain: Array.from(tree.gain),
    missingLeft: Array.from(tree.missingLeft),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    categorical: [...tree.categorical].map(([node, left]) => ({ node, left: Array.from(left) })),
    ...(tree.cover === undefined ? {} : { cover: Array.from(tree.cover) }),
  };
}

/** Reads a tree back, checking that its arrays agree and every child index is in range. */
export function treeFromJson(json: unknown, features: number, where: string): Tree {
  const bad = (why: string): FramewiseError =>
    new FramewiseError('MODEL_FORMAT', `${where} is not a valid tree: ${why}.`, { hint: 'Load a model file saved by framewise, unedited.' });
  if (typeof json !== 'object' || json === null) throw bad('expected an object');
  const o = json as Record<string, unknown>;
  const outputs = o['outputs'];
  if (typeof outputs !== 'number' || !Number.isInteger(outputs) || outputs < 1) throw bad("'outputs' must be a positive whole number");
  const ints = (key: string): number[] => {
    const v = o[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) throw bad(`'${key}' must be an array of whole numbers`);
    return v as number[];
  };
  const feature = ints('feature');
  const n = feature.length;
  if (n === 0) throw bad('it has no nodes');
  const bin = ints('bin');
  const gain = o['gain'];
  if (!Array.isArray(gain) || gain.length !== n || !gain.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw bad("'gain' must hold one non-negative number per node");
  }
  const missingLeft = ints('missingLeft');
  const left = ints('left');
  const right = ints('right');
  const value = o['value'];
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) throw bad("'value' must be an array of finite numbers");
  if (bin.length !== n || missingLeft.length !== n || left.length !== n || right.length !== n || value.length !== n * outputs) {
    throw bad('its node arrays have different lengths');
  }
  for (let i = 0; i < n; i++) {
    const isLeaf = left[i]! < 0;
    if (isLeaf ? right[i]! >= 0 : !(left[i]! > i && right[i] === left[i]! + 1 && right[i]! < n)) throw bad(`node ${i} has invalid children`);
    if (!isLeaf && !(bin[i]! >= 0 && bin[i]! <= 254)) throw bad(`node ${i} has threshold bin ${bin[i]}, outside 0..254`);
    if (missingLeft[i] !== 0 && missingLeft[i] !== 1) throw bad(`node ${i} has missingLeft ${missingLeft[i]}, expected 0 or 1`);
    if (!isLeaf && !(feature[i]! >= 0 && feature[i]! < features)) throw bad(`node ${i} splits on feature ${feature[i]}, outside 0..${features - 1}`);
  }
  const categorical = new Map<number, Uint8Array>();
  const cats = o['categorical'];
  if (!Array.isArray(cats)) throw bad("'categorical' must be a list of category splits");
  for (const c of cats as unknown[]) {
    const node = (c as Record<string, unknown> | null)?.['node'];
    const bins = (c as Record<string, unknown> | null)?.['left'];
    if (typeof node !== 'number' || !Number.isInteger(node) || node < 0 || node >= n || left[node]! < 0 || categorical.has(node)) {
      throw bad('a category split names a node that is not a split node');
    }
    if (!Array.isArray(bins) || !bins.every((b, j) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 254 && (j === 0 || b > (bins[j - 1] as number)))) {
      throw bad(`the categories of node ${node} must be increasing codes in 0..254`);
    }
    categorical.set(node, Uint8Array.from(bins as number[]));
  }
  const cover = o['cover'];
  if (cover !== undefined && (!Array.isArray(cover) || cover.length !== n || !cover.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0))) {
    throw bad("'cover' must hold one non-negative number per node");
  }
  return {
    ...(cover === undefined ? {} : { cover: Float64Array.from(cover as number[]) }),
    categorical,
    outputs,
    feature: Int32Array.from(feature),
    bin: Int32Array.from(bin),
    gain: Float64Array.from(gain as number[]),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value as number[]),
  };
}

/** Total split gain per feature over the trees, scaled to sum to 1 (all zeros without splits). */
export function gainImportance(trees: readonly Tree[], features: number): Float64Array {
  const out = new Float64Array(features);
  for (const tree of trees) for (let i = 0; i < tree.feature.length; i++) if (tree.left[i]! >= 0) out[tree.feature[i]!] += tree.gain[i]!;
  const total = out.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < features; f++) out[f] = out[f]! / total;
  return out;
}
