// Runs the shared estimator contract over ridge and logistic regression (binary and multinomial)
// on Palmer Penguins, whose categorical columns and missing values exercise the preprocessing.

import type { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import { runEstimatorContract } from '../contract/contract-suite.js';
import { repoPath } from '../contract/repo-path.js';
import { LogisticRegression, logisticFromJSON } from './logistic.js';
import { Ridge, ridgeFromJSON } from './ridge.js';

let cached: Promise<Frame> | undefined;
function penguins(): Promise<Frame> {
  cached ??= loadFrame(repoPath('src/learn/linear/fixtures/penguins.csv')).then((d) => d.frame);
  return cached;
}

runEstimatorContract({
  name: 'ridge (penguins, body mass)',
  make: (params) => new Ridge(params),
  data: async () => {
    const frame = await penguins();
    // A regression target must be present on every row.
    const rows = [...Array(frame.rowCount).keys()].filter((i) => {
      const c = frame.column('body_mass_g');
      return c.kind === 'numeric' && !Number.isNaN(c.values[i]!);
    });
    return { frame: frame.take(rows), target: 'body_mass_g' };
  },
  loader: ridgeFromJSON,
});

runEstimatorContract({
  name: 'logistic regression (penguins, species: multinomial)',
  make: (params) => new LogisticRegression(params),
  data: async () => ({ frame: await penguins(), target: 'species' }),
  loader: logisticFromJSON,
});

runEstimatorContract({
  name: 'logistic regression (penguins, island, capped one-hot: binary Biscoe or not)',
  make: (params) => new LogisticRegression({ max_categories: 2, ...params }),
  data: async () => {
    const frame = await penguins();
    const island = frame.column('island');
    if (island.kind !== 'categorical') throw new Error('island should load as categories');
    const biscoe = island.dictionary.indexOf('Biscoe');
    const codes = Int32Array.from(island.codes, (c) => (c === biscoe ? 0 : 1));
    return { frame: frame.withColumn({ kind: 'categorical', name: 'island', codes, dictionary: ['Biscoe', 'elsewhere'] }), target: 'island' };
  },
  loader: logisticFromJSON,
});
