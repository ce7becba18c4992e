// The hyperparameters of the random forest, declared once (name, type, range, default,
// description); defaults follow scikit-learn's RandomForest*.

import type { ParamSpec } from '../hyperparams.js';

export const FOREST_SPECS: readonly ParamSpec[] = [
  { kind: 'enum', name: 'objective', values: ['auto', 'regression', 'classification'], default: 'auto', description: 'regression or classification; auto reads it from the target (numbers mean regression)' },
  { kind: 'int', name: 'n_estimators', min: 1, max: 100000, default: 100, description: 'trees in the forest' },
  { kind: 'int', name: 'max_depth', min: 0, max: 64, default: 0, description: 'deepest level of a tree; 0 for no limit' },
  { kind: 'int', name: 'max_leaves', min: 0, max: 1e9, default: 0, description: 'most leaves per tree; 0 for no limit' },
  { kind: 'int', name: 'min_samples_leaf', min: 1, max: 1e9, default: 1, description: 'fewest distinct training rows in a leaf' },
  { kind: 'enum', name: 'max_features', values: ['auto', 'sqrt', 'log2', 'all'], default: 'auto', description: 'features drawn for each split; auto is sqrt for classes and all for regression' },
  { kind: 'bool', name: 'bootstrap', default: true, description: 'grow each tree on a bootstrap sample of the rows' },
  { kind: 'float', name: 'max_samples', min: 0, max: 1, exclusiveMin: true, default: 1, description: 'rows drawn for each bootstrap sample, as a fraction of all rows' },
  { kind: 'int', name: 'max_bins', min: 2, max: 255, default: 255, description: 'value bins per feature (one more bin holds missing values)' },
  { kind: 'int', name: 'bin_sample_rows', min: 1000, max: 1e9, default: 200000, description: 'rows sampled to place the bin edges' },
  { kind: 'int', name: 'seed', min: 0, max: 2147483647, default: 0, description: 'seed for bin sampling, bootstrap samples and feature draws' },
];

export interface ForestParams {
  readonly objective: 'auto' | 'regression' | 'classification';
  readonly n_estimators: number;
  readonly max_depth: number;
  readonly max_leaves: number;
  readonly min_samples_leaf: number;
  readonly max_features: 'auto' | 'sqrt' | 'log2' | 'all';
  readonly bootstrap: boolean;
  readonly max_samples: number;
  readonly max_bins: number;
  readonly bin_sample_rows: number;
  readonly seed: number;
  readonly [name: string]: number | string | boolean;
}
