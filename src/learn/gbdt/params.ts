// The hyperparameters of histogram gradient boosting, declared once (name, type, range,
// default, description); defaults follow scikit-learn's HistGradientBoosting*.

import type { ParamSpec } from '../hyperparams.js';

export const GBDT_SPECS: readonly ParamSpec[] = [
  { kind: 'enum', name: 'objective', values: ['auto', 'regression', 'classification'], default: 'auto', description: 'regression or classification; auto reads it from the target (numbers mean regression)' },
  { kind: 'float', name: 'learning_rate', min: 0, max: 1, exclusiveMin: true, default: 0.1, description: 'shrinkage applied to every tree' },
  { kind: 'int', name: 'max_iter', min: 1, max: 100000, default: 100, description: 'boosting rounds (one tree per round, or one per class)' },
  { kind: 'int', name: 'max_leaves', min: 2, max: 65536, default: 31, description: 'most leaves per tree (trees grow leaf-wise)' },
  { kind: 'int', name: 'max_depth', min: 0, max: 64, default: 0, description: 'deepest level of a tree; 0 for no limit' },
  { kind: 'int', name: 'min_samples_leaf', min: 1, max: 1e9, default: 20, description: 'fewest training rows in a leaf' },
  { kind: 'float', name: 'min_hessian_leaf', min: 0, max: 1e9, default: 1e-3, description: 'smallest sum of hessians in a leaf' },
  { kind: 'float', name: 'l2_regularization', min: 0, max: 1e9, default: 0, description: 'L2 penalty (lambda) on leaf values' },
  { kind: 'int', name: 'max_bins', min: 2, max: 255, default: 255, description: 'value bins per feature (one more bin holds missing values)' },
  { kind: 'enum', name: 'categorical_splits', values: ['native', 'ordered'], default: 'native', description: 'split categories by sets (native, up to max_bins categories) or by their codes in order' },
  { kind: 'int', name: 'bin_sample_rows', min: 1000, max: 1e9, default: 200000, description: 'rows sampled to place the bin edges' },
  { kind: 'float', name: 'subsample', min: 0, max: 1, exclusiveMin: true, default: 1, description: 'fraction of rows drawn (without replacement) for each round' },
  { kind: 'float', name: 'colsample', min: 0, max: 1, exclusiveMin: true, default: 1, description: 'fraction of features drawn for each tree' },
  { kind: 'enum', name: 'early_stopping', values: ['auto', 'on', 'off'], default: 'auto', description: 'stop when the validation loss stops improving; auto turns it on above 10,000 rows' },
  { kind: 'int', name: 'n_iter_no_change', min: 1, max: 100000, default: 10, description: 'rounds without improvement before early stopping' },
  { kind: 'float', name: 'validation_fraction', min: 0, max: 0.9, exclusiveMin: true, default: 0.1, description: 'share of rows held out (stratified for classes) to decide early stopping' },
  { kind: 'float', name: 'tol', min: 0, max: 1, default: 1e-7, description: 'smallest loss improvement that counts for early stopping' },
  { kind: 'int', name: 'threads', min: 1, max: 2, default: 1, description: 'threads building histograms; 2 adds a helper thread on data of a million cells or more' },
  { kind: 'int', name: 'seed', min: 0, max: 2147483647, default: 0, description: 'seed for bin sampling, validation split and row/feature subsampling' },
];

export interface GbdtParams {
  readonly objective: 'auto' | 'regression' | 'classification';
  readonly learning_rate: number;
  readonly max_iter: number;
  readonly max_leaves: number;
  readonly max_depth: number;
  readonly min_samples_leaf: number;
  readonly min_hessian_leaf: number;
  readonly l2_regularization: number;
  readonly max_bins: number;
  readonly categorical_splits: 'native' | 'ordered';
  readonly bin_sample_rows: number;
  readonly subsample: number;
  readonly colsample: number;
  readonly early_stopping: 'auto' | 'on' | 'off';
  readonly n_iter_no_change: number;
  readonly validation_fraction: number;
  readonly tol: number;
  readonly threads: number;
  readonly seed: number;
  readonly [name: string]: number | string | boolean;
}
