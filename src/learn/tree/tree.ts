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
  /** Category splits: node → the value bins (category codes) that go left, ascending. */
  readonly categorical: ReadonlyMap<number, Uint8Array>;
}

export interface TreeJson {
  readonly outputs: number;
  readonly feature: readonly number[];
  readonly bin: readonly number[];
  readonly missingLeft: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
  readonly categorical: readonly { readonly node: number; readonly left: readonly number[] }[];
}

/** Collects nodes while a tree grows; node 0 is the root. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly bin: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];
  private readonly categorical = new Map<number, Uint8Array>();

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

  /** A split on `feature`: by threshold `bin`, or by the set `categories` when given. */
  setSplit(node: number, feature: number, bin: number, missingLeft: boolean, left: number, right: number, categories?: Uint8Array): void {
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

  build(): Tree {
    return {
      outputs: this.outputs,
      feature: Int32Array.from(this.feature),
      bin: Int32Array.from(this.bin),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      categorical: new Map(this.categorical),
    };
  }
}

/** Int32 words per packed node: feature, left child, then 256 bits saying which codes go left. */
const PACKED = 10;

/**
 * The nodes packed for traversal, PACKED int32 per node: feature (-1 on a leaf), left child (the
 * right child is always left + 1), and a 256-bit set of the codes that go left. A threshold
 * split sets bits 0..bin; a category split sets its categories; bit 255 (ROW_MISSING) is set
 * when missing values go left. Every node is then walked the same way, without a branch.
 */
export function packTree(tree: Tree): Int32Array {
  const n = tree.feature.length;
  const packed = new Int32Array(PACKED * n);
  for (let i = 0; i < n; i++) {
    const o = PACKED * i;
    packed[o] = tree.feature[i]!;
    packed[o + 1] = tree.left[i]!;
    if (tree.left[i]! < 0) continue;
    const set = (code: number): void => {
      packed[o + 2 + (code >>> 5)] |= 1 << (code & 31);
    };
    const categories = tree.categorical.get(i);
    if (categories === undefined) for (let b = 0; b <= tree.bin[i]!; b++) set(b);
    else for (const c of categories) set(c);
    if (tree.missingLeft[i] === 1) set(255);
  }
  return packed;
}

/**
 * Adds the leaf values of a packed tree to out[row × outStride + outOffset + k] for rows
 * rowStart..rowEnd-1 of a row-major binned matrix whose missing code is ROW_MISSING (255).
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
      const o = node * PACKED;
      const b = binned[base + f]!;
      node = packed[o + 1]! + (((packed[o + 2 + (b >>> 5)]! >>> (b & 31)) & 1) ^ 1);
      f = packed[node * PACKED]!;
    }
    const o = r * outStride + outOffset;
    const v = node * outputs;
    for (let k = 0; k < outputs; k++) out[o + k] += value[v + k]!;
  }
}

/**
 * Same as addTreeToRows for one output over column-major binned features (whose missing code
 * is valueBins[f]) and the rows listed in `rows`.
 */
export function addTreeToColumnRows(
  packed: Int32Array,
  value: Float64Array,
  columns: readonly Uint8Array[],
  missingCode: Int32Array,
  rows: Uint32Array,
  count: number,
  out: Float64Array,
  outStride: number,
  outOffset: number,
): void {
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    let node = 0;
    let f = packed[0]!;
    while (f >= 0) {
      const o = node * PACKED;
      const raw = columns[f]![r]!;
      const b = raw === missingCode[f] ? 255 : raw;
      node = packed[o + 1]! + (((packed[o + 2 + (b >>> 5)]! >>> (b & 31)) & 1) ^ 1);
      f = packed[node * PACKED]!;
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
    categorical: [...tree.categorical].map(([node, left]) => ({ node, left: Array.from(left) })),
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
  return {
    categorical,
    outputs,
    feature: Int32Array.from(feature),
    bin: Int32Array.from(bin),
    missingLeft: Uint8Array.from(missingLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value as number[]),
  };
}
