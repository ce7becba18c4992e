// Runs the shared estimator contract over the random forest: two classes on mixed column kinds,
// a number on the same columns, three classes on wine.

import { runEstimatorContract } from '../contract/contract-suite.js';
import { mixedFrame, readFixtureCsv } from '../tree/test-support.js';
import { forestFromJSON } from './fitted-forest.js';
import { RandomForest } from './forest.js';

runEstimatorContract({
  name: 'random forest (mixed columns, two classes)',
  make: (params) => new RandomForest({ n_estimators: 8, ...params }),
  data: () => ({ frame: mixedFrame(300, 31).drop(['amount']), target: 'label' }),
  loader: forestFromJSON,
  seedParam: 'seed',
});

runEstimatorContract({
  name: 'random forest (mixed columns, regression)',
  make: (params) => new RandomForest({ n_estimators: 8, max_features: 'sqrt', ...params }),
  data: () => ({ frame: mixedFrame(300, 32).drop(['label']), target: 'amount' }),
  loader: forestFromJSON,
  seedParam: 'seed',
});

runEstimatorContract({
  name: 'random forest (wine, three classes)',
  make: (params) => new RandomForest({ n_estimators: 8, ...params }),
  data: () => ({ frame: readFixtureCsv('wine.csv', 'cultivar'), target: 'cultivar' }),
  loader: forestFromJSON,
  seedParam: 'seed',
});
