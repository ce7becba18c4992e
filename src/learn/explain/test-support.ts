// Helpers for the explanation tests: Shapley values by enumerating every feature subset (what
// TreeSHAP computes fast), and seeded random trees with every kind of split.

import { Rng } from '../../core/rng.js';
import { type Tree, TreeBuilder } from '../tree/tree.js';

/** Whether a row with bin `code` (255 = missing) goes to the left child of `node`. */
function goesLeft(tree: Tree, node: number, code: number): boolean {
  if (code === 255) return tree.missingLeft[node] === 1;
  const categories = tree.categorical.get(node);
  return categories === undefined ? code <= tree.bin[node]! : categories.includes(code);
}

/**
 * E[f(x) | x_S] for one tree as TreeSHAP defines it: at a split on a known feature follow the
 * row; on an unknown one average both children weighted by their share of the node's cover.
 */
export function conditionalValue(tree: Tree, cover: Float64Array, output: number, codes: ArrayLike<number>, known: (f: number) => boolean, node = 0): number {
  const l = tree.left[node]!;
  if (l < 0) return tree.value[node * tree.outputs + output]!;
  const f = tree.feature[node]!;
  if (known(f)) return conditionalValue(tree, cover, output, codes, known, goesLeft(tree, node, codes[f]!) ? l : l + 1);
  const c = cover[node]!;
  if (c <= 0) return 0;
  return (
    (cover[l]! / c) * conditionalValue(tree, cover, output, codes, known, l) + (cover[l + 1]! / c) * conditionalValue(tree, cover, output, codes, known, l + 1)
  );
}

/**
 * Exact Shapley values of the game S ↦ E[f(x) | x_S] over `features` players, by enumerating
 * all 2^features subsets; phi[f] for each feature and the value of the empty set.
 */
export function bruteForceShapley(tree: Tree, cover: Float64Array, output: number, codes: ArrayLike<number>, features: number): { phi: Float64Array; expected: number } {
  const subsets = 1 << features;
  const v = new Float64Array(subsets);
  for (let s = 0; s < subsets; s++) v[s] = conditionalValue(tree, cover, output, codes, (f) => ((s >>> f) & 1) === 1);
  const factorial = [1];
  for (let i = 1; i <= features; i++) factorial.push(factorial[i - 1]! * i);
  const phi = new Float64Array(features);
  for (let s = 0; s < subsets; s++) {
    let size = 0;
    for (let f = 0; f < features; f++) size += (s >>> f) & 1;
    const weight = (factorial[size]! * factorial[features - size - 1]!) / factorial[features]!;
    for (let f = 0; f < features; f++) if (((s >>> f) & 1) === 0) phi[f] += weight * (v[s | (1 << f)]! - v[s]!);
  }
  return { phi, expected: v[0]! };
}

/**
 * A random tree over `features` features whose codes are 0..7 (255 missing): threshold and
 * category splits, missing sent either way, features repeated along paths, and covers that
 * split at random (sometimes all to one side, leaving a child with no cover at all).
 */
export function randomTree(rng: Rng, features: number, leaves: number, outputs = 1): { tree: Tree; cover: Float64Array } {
  const builder = new TreeBuilder(outputs);
  const cover: number[] = [];
  const root = builder.addNode();
  cover[root] = 50 + rng.int(50);
  const open = [root];
  while (open.length < leaves) {
    const node = open.splice(rng.int(open.length), 1)[0]!;
    const left = builder.addNode();
    const right = builder.addNode();
    const category = rng.next() < 0.3;
    const codes = category ? Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7].filter(() => rng.next() < 0.5)) : undefined;
    builder.setSplit(node, rng.int(features), rng.int(7), rng.next() < 0.5, left, right, 1, codes);
    const share = rng.next() < 0.1 ? (rng.next() < 0.5 ? 0 : 1) : rng.next();
    cover[left] = cover[node]! * share;
    cover[right] = cover[node]! - cover[left]!;
    open.push(left, right);
  }
  for (const leaf of open) for (let k = 0; k < outputs; k++) builder.setValue(leaf, k, rng.normal());
  return { tree: builder.build(), cover: Float64Array.from(cover) };
}

/** Random bin codes for one row: 0..7, or 255 (missing) one time in six. */
export function randomCodes(rng: Rng, features: number): Uint8Array {
  return Uint8Array.from({ length: features }, () => (rng.int(6) === 0 ? 255 : rng.int(8)));
}
