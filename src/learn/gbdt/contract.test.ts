// Runs the shared estimator contract over gradient boosting: two classes on mixed column kinds
// (numbers with gaps, categories, booleans, times), three classes on wine, a number on diabetes.

import { runEstimatorContract } from '../contract/contract-suite.js';
import { mixedFrame, readFixtureCsv } from '../tree/test-support.js';
import { gbdtFromJSON } from './fitted-gbdt.js';
import { Gbdt } from './gbdt.js';

runEstimatorContract({
  name: 'gbdt (mixed columns, two classes, sampled rows and features)',
  make: (params) => new Gbdt({ max_iter: 15, subsample: 0.8, colsample: 0.75, ...params }),
  data: () => ({ frame: mixedFrame(300, 21).drop(['amount']), target: 'label' }),
  loader: gbdtFromJSON,
  seedParam: 'seed',
});

runEstimatorContract({
  name: 'gbdt (wine, three classes)',
  make: (params) => new Gbdt({ max_iter: 10, ...params }),
  data: () => ({ frame: readFixtureCsv('wine.csv', 'cultivar'), target: 'cultivar' }),
  loader: gbdtFromJSON,
  seedParam: 'seed',
});

runEstimatorContract({
  name: 'gbdt (diabetes, regression with early stopping)',
  make: (params) => new Gbdt({ max_iter: 30, early_stopping: 'on', ...params }),
  data: () => ({ frame: readFixtureCsv('diabetes.csv'), target: 'target' }),
  loader: gbdtFromJSON,
  seedParam: 'seed',
});
