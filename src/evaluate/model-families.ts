// The models the leaderboard tries, per task, each with a short list of settings to search
// (defaults first), and the plain names a report uses for them.

import type { Estimator } from '../learn/estimator.js';
import { RandomForest } from '../learn/forest/forest.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { Ridge } from '../learn/linear/ridge.js';
import type { Supervised } from './oof.js';

export type Family = 'linear' | 'gbdt' | 'forest';

export interface ModelFamily {
  readonly family: Family;
  readonly name: string;
  /** Settings to try, defaults first; later ones are tried only while the budget allows. */
  readonly configs: readonly Readonly<Record<string, number | string | boolean>>[];
  make(params: Readonly<Record<string, number | string | boolean>>): Estimator;
}

export function modelFamilies(task: Supervised, seed: number): ModelFamily[] {
  const linear: ModelFamily =
    task === 'regression'
      ? { family: 'linear', name: 'linear model (ridge regression)', configs: [{ alpha: 1 }, { alpha: 10 }, { alpha: 0.1 }], make: (p) => new Ridge(p) }
      : { family: 'linear', name: 'linear model (logistic regression)', configs: [{ C: 1 }, { C: 0.1 }, { C: 10 }], make: (p) => new LogisticRegression(p) };
  return [
    linear,
    {
      family: 'gbdt',
      name: 'gradient boosting',
      configs: [
        { seed, early_stopping: 'on', max_iter: 200 },
        { seed, early_stopping: 'on', max_iter: 300, learning_rate: 0.05, max_leaves: 15 },
        { seed, early_stopping: 'on', max_iter: 200, max_leaves: 63, min_samples_leaf: 40 },
        { seed, early_stopping: 'on', max_iter: 200, l2_regularization: 1, subsample: 0.8, colsample: 0.8 },
      ],
      make: (p) => new Gbdt(p),
    },
    {
      family: 'forest',
      name: 'random forest',
      configs: [{ seed, n_estimators: 100 }, { seed, n_estimators: 100, min_samples_leaf: 5 }, { seed, n_estimators: 100, max_features: 'all', min_samples_leaf: 3 }],
      make: (p) => new RandomForest(p),
    },
  ];
}
