// The random forest loop over plain arrays: bin once, then per tree a seeded bootstrap sample
// (as row weights) and a tree with features drawn per split (categories split as ordered codes).
// Leaves hold class shares (Gini reduction is the one-hot variance reduction) or the mean target.

import type { ProgressSink } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { type BinEdges, binColumns, edgeSampleRows, learnEdges } from '../tree/binning.js';
import { Grower } from '../tree/grower.js';
import { histogramLayout } from '../tree/histogram.js';
import type { Tree } from '../tree/tree.js';
import type { ForestParams } from './params.js';

export interface BagInput {
  readonly features: readonly Float64Array[];
  readonly rowCount: number;
  /** Class codes (classes > 0) or numbers (classes = 0, regression). */
  readonly y: ArrayLike<number>;
  readonly classes: number;
  readonly params: ForestParams;
  readonly progress?: ProgressSink;
}

export interface BagResult {
  readonly edges: BinEdges[];
  readonly trees: Tree[];
}

export function featuresPerSplit(setting: ForestParams['max_features'], features: number, classification: boolean): number {
  switch (setting) {
    case 'sqrt':
      return Math.max(1, Math.floor(Math.sqrt(features)));
    case 'log2':
      return Math.max(1, Math.floor(Math.log2(features)));
    case 'all':
      return features;
    case 'auto':
      return classification ? Math.max(1, Math.floor(Math.sqrt(features))) : features;
  }
}

export function bag(input: BagInput): BagResult {
  const { params, rowCount: n, y } = input;
  const outputs = Math.max(1, input.classes);
  const width = outputs + 1;
  const rng = new Rng(params.seed);
  const binRng = rng.fork();
  const sample = edgeSampleRows(n, params.bin_sample_rows, binRng.nextUint32());
  const edges = input.features.map((v) => learnEdges(v, params.max_bins, sample));
  const binned = binColumns(input.features, edges, n);
  const grower = new Grower(binned, histogramLayout(binned.valueBins, outputs));
  const F = input.features.length;
  const allFeatures = Int32Array.from({ length: F }, (_, i) => i);
  const options = {
    maxLeaves: params.max_leaves === 0 ? Number.MAX_SAFE_INTEGER : params.max_leaves,
    maxDepth: params.max_depth,
    minSamplesLeaf: params.min_samples_leaf,
    minHessianLeaf: 0,
    lambda: 0,
    // A leaf limit keeps the best splits anywhere in the tree; otherwise grow until pure.
    order: params.max_leaves > 0 ? ('best-first' as const) : ('depth-first' as const),
    featuresPerSplit: featuresPerSplit(params.max_features, F, input.classes > 0),
  };
  const gh = new Float64Array(n * width);
  const weight = new Float64Array(n);
  const idx = new Uint32Array(n);
  const draws = Math.max(1, Math.round(params.max_samples * n));
  const trees: Tree[] = [];
  input.progress?.start('forest trees', params.n_estimators);
  for (let t = 0; t < params.n_estimators; t++) {
    const treeRng = rng.fork();
    weight.fill(0);
    if (params.bootstrap) for (let d = 0; d < draws; d++) weight[treeRng.int(n)] += 1;
    else weight.fill(1);
    let count = 0;
    gh.fill(0);
    for (let r = 0; r < n; r++) {
      const w = weight[r]!;
      if (w === 0) continue;
      idx[count++] = r;
      const o = r * width;
      if (input.classes > 0) gh[o + y[r]!] = -w;
      else gh[o] = -w * y[r]!;
      gh[o + outputs] = w;
    }
    const grown = grower.grow({ gh, idx, count, allRowsInOrder: false, features: allFeatures }, { ...options, rng: treeRng });
    trees.push(grown.tree);
    input.progress?.update(t + 1);
  }
  input.progress?.stop();
  return { edges, trees };
}
