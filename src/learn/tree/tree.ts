// One grown tree as flat typed arrays (node i: feature, threshold bin, missing direction,
// children, leaf values), its traversal over binned rows, and its JSON form.

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
}

export interface TreeJson {
  readonly outputs: number;
  readonly feature: readonly number[];
  readonly bin: readonly number[];
  readonly missingLeft: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** Collects nodes while a tree grows; node 0 is the root. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly bin: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly outputs: number) {}

  /** Adds a leaf (to be split or not later) and returns its id. */
  addNode(): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    for (let k = 0; k < this.outputs; k++) this.value.push(0);
    return this.feature.length - 1;
  }

  setSplit(node: number, feature: number, bin: number, missingLeft: boolean, left: number, right: number): void {
    this.feature[node] = feature;
    this.bin[node] = bin;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = left;
    this.right[node] = right;
  }

  setValue(node: number, k: number, v: number): void {
    this.value[node * this.outputs + k] = v;
  }

  build(): Tree {
    return {
      outputs: this.outputs,
      feature: Int32Array.from(this.feature),
      bin: Int32Array.from(this.bin),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

/**
 * The nodes packed for traversal, four int32 per node: feature (-1 on a leaf), threshold bin,
 * left child (the right child is always left + 1), 1 when missing values go left.
 */
export function packTree(tree: Tree): Int32Array {
  const n = tree.feature.length;
  const packed = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    packed[4 * i] = tree.feature[i]!;
    packed[4 * i + 1] = tree.bin[i]!;
    packed[4 * i + 2] = tree.left[i]!;
    packed[4 * i + 3] = tree.missingLeft[i]!;
  }
  return packed;
}

/**
 * Adds scale × the leaf values of a packed tree to out[row × outStride + outOffset + k] for
 * rows rowStart..rowEnd-1 of a row-major binned matrix whose missing code is ROW_MISSING (255).
 * Each step picks the child arithmetically: right when bin > threshold (a value bin is at most
 * 254, so missing is "above" every threshold), flipped for missing values that go left.
 */
export function addTreeToRows(
  packed: Int32Array,
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
  for (let r = rowStart; r < rowEnd; r++) {
    const base = r * width;
    let node = 0;
    let f = packed[0]!;
    while (f >= 0) {
      const o = node << 2;
      const b = binned[base + f]!;
      node = packed[o + 2]! + (((packed[o + 1]! - b) >>> 31) ^ (((b + 1) >> 8) & packed[o + 3]!));
      f = packed[node << 2]!;
    }
    const o = r * outStride + outOffset;
    const v = node * outputs;
    for (let k = 0; k < outputs; k++) out[o + k] += value[v + k]!;
  }
}

/** Same as addTreeToRows for one output, over column-major binned features and chosen rows. */
export function addTreeToColumnRows(
  tree: Tree,
  columns: readonly Uint8Array[],
  missingCode: Int32Array,
  rows: Uint32Array,
  count: number,
  out: Float64Array,
  outStride: number,
  outOffset: number,
): void {
  const { feature, bin, missingLeft, left, right, value } = tree;
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    let node = 0;
    while (left[node]! >= 0) {
      const f = feature[node]!;
      const b = columns[f]![r]!;
      node = b <= bin[node]! || (b === missingCode[f] && missingLeft[node] === 1) ? left[node]! : right[node]!;
    }
    out[r * outStride + outOffset] += value[node]!;
  }
}

export function treeToJson(tree: Tree): TreeJson {
  return {
    outputs: tree.outputs,
    feature: Array.from(tree.feature),
    bin: Array.from(tree.bin),
    missingLeft: Array.from(tree.missingLeft),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
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
  return {
    outputs,
    feature: Int32Array.from(feature),
    bin: Int32Array.from(bin),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value as number[]),
  };
}
