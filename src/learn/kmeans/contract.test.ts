// Runs the shared estimator contract over k-means on iris (numbers and a categorical column).

import { runEstimatorContract } from '../contract/contract-suite.js';
import { kmeansFromJSON } from './fitted-kmeans.js';
import { readIris } from './iris-fixture.js';
import { KMeans } from './kmeans.js';

runEstimatorContract({
  name: 'kmeans (iris, k=3)',
  make: (params) => new KMeans({ n_clusters: 3, n_init: 2, ...params }),
  data: () => ({ frame: readIris().frame, target: undefined }),
  loader: kmeansFromJSON,
  seedParam: 'seed',
});
