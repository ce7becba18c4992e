// k-means: k-means++ restarts refined by local search, then Hamerly-accelerated Lloyd, on the shared
// preprocessing (numbers standardised unless standardize=false, missing filled, categories one-hot).

import { FramewiseError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions } from '../estimator.js';
import { type ParamRecord, validateParams } from '../hyperparams.js';
import { FittedKMeans } from './fitted-kmeans.js';
import { refineCenters } from './local-search.js';
import { type LloydResult, lloyd } from './lloyd.js';
import { KMEANS, KMEANS_SPECS } from './params.js';
import { type PackedRows, meanVariance, prepareUnsupervised } from './row-matrix.js';
import { kmeansPlusPlus } from './seeding.js';

export { KMEANS, KMEANS_SPECS } from './params.js';

export class KMeans implements Estimator<FittedKMeans> {
  readonly name = KMEANS;
  readonly specs = KMEANS_SPECS;
  readonly params: ParamRecord;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams(KMEANS, KMEANS_SPECS, params);
  }

  /** `target`, when given, is only left out of the features (clustering learns without one). */
  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedKMeans> {
    const { signature, preprocessor, x } = prepareUnsupervised(frame, target, KMEANS, this.params);
    const best = fitKMeansRows(x, this.params, options);
    return new FittedKMeans({ params: this.params, signature, preprocessor, centers: best.centers, inertia: best.inertia, iterations: best.iterations });
  }
}

/**
 * The best of `n_init` starts on packed rows, by inertia. A start is greedy k-means++ (as
 * scikit-learn's) followed by round(local_search × k) local-search swap trials, then Lloyd.
 */
export function fitKMeansRows(x: PackedRows, params: ParamRecord, options: FitOptions = {}): LloydResult {
  const k = params['n_clusters'] as number;
  const nInit = params['n_init'] as number;
  if (k > x.rows) {
    throw new FramewiseError('INVALID_PARAMETER', `n_clusters is ${k} but there are only ${x.rows} training rows.`, {
      hint: `Choose n_clusters of at most ${x.rows}.`,
      location: { field: 'n_clusters' },
    });
  }
  const tol = (params['tol'] as number) * meanVariance(x);
  const rng = new Rng(params['seed'] as number);
  const steps = Math.round((params['local_search'] as number) * k);
  options.progress?.start('Fitting k-means', nInit);
  let best: LloydResult | undefined;
  for (let r = 0; r < nInit; r++) {
    const initial = kmeansPlusPlus(x.values, x.rows, x.cols, k, rng);
    const start = steps > 0 ? refineCenters(x.values, x.rows, x.cols, initial, steps, rng) : undefined;
    const run = lloyd(x.values, x.rows, x.cols, initial, { maxIter: params['max_iter'] as number, tol }, start);
    if (best === undefined || run.inertia < best.inertia) best = run;
    options.progress?.update(r + 1);
  }
  options.progress?.stop();
  return best!;
}
