// Runs the shared estimator contract over the isolation forest on iris (numbers and a category).

import { runEstimatorContract } from '../contract/contract-suite.js';
import { readIris } from '../kmeans/iris-fixture.js';
import { iforestFromJSON } from './fitted-iforest.js';
import { IsolationForest } from './iforest.js';

runEstimatorContract({
  name: 'isolation forest (iris)',
  make: (params) => new IsolationForest({ n_estimators: 20, ...params }),
  data: () => ({ frame: readIris().frame, target: undefined }),
  loader: iforestFromJSON,
  seedParam: 'seed',
});
