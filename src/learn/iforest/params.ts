// The isolation forest's hyperparameters, declared once; of the shared preprocessing only
// imputation and the one-hot cap apply (uniform splits between extremes ignore scale).

import type { ParamSpec } from '../hyperparams.js';
import { PREPROCESS_SPECS } from '../preprocess/params.js';

export const IFOREST = 'isolation_forest';

export const IFOREST_SPECS: readonly ParamSpec[] = [
  { kind: 'int', name: 'n_estimators', min: 1, max: 10000, default: 100, description: 'number of isolation trees' },
  { kind: 'int', name: 'max_samples', min: 2, max: 1000000, default: 256, description: 'rows drawn (without replacement) to grow each tree; fewer when the data has fewer' },
  {
    kind: 'float',
    name: 'contamination',
    min: 0,
    max: 0.5,
    exclusiveMin: true,
    default: 0.1,
    description: 'expected share of anomalies: the score threshold flags this share of the training rows',
  },
  { kind: 'int', name: 'seed', min: 0, max: 4294967295, default: 0, description: 'seed of the row samples, features and split points' },
  ...PREPROCESS_SPECS.filter((s) => s.name !== 'standardize'),
];
