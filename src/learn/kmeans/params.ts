// The k-means hyperparameters, declared once; the shared preprocessing ones (imputation,
// standardisation, one-hot cap) come after them.

import type { ParamSpec } from '../hyperparams.js';
import { PREPROCESS_SPECS } from '../preprocess/params.js';

export const KMEANS = 'kmeans';

export const KMEANS_SPECS: readonly ParamSpec[] = [
  { kind: 'int', name: 'n_clusters', min: 1, max: 10000, default: 8, description: 'number of clusters k' },
  { kind: 'int', name: 'n_init', min: 1, max: 1000, default: 10, description: 'k-means++ restarts; the one with the lowest inertia is kept' },
  { kind: 'int', name: 'max_iter', min: 1, max: 100000, default: 300, description: 'most Lloyd iterations per restart' },
  {
    kind: 'float',
    name: 'tol',
    min: 0,
    max: 1,
    default: 1e-4,
    description: 'stop when the centres move (sum of squared shifts) by at most tol × the mean feature variance, as scikit-learn',
  },
  {
    kind: 'float',
    name: 'local_search',
    min: 0,
    max: 100,
    default: 2,
    description: 'local-search swap trials per cluster that refine each k-means++ start (LocalSearch++); 0 keeps plain greedy k-means++, as scikit-learn',
  },
  { kind: 'int', name: 'seed', min: 0, max: 4294967295, default: 0, description: 'seed of the k-means++ draws' },
  ...PREPROCESS_SPECS,
];
