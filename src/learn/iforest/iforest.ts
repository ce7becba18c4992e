// Isolation forest: trees grown on small row samples isolate unusual rows in few splits; the
// score is 2^(-E[h]/c(ψ)), and `contamination` sets the threshold on the training rows' scores.

import { FramewiseError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions } from '../estimator.js';
import { type ParamRecord, validateParams } from '../hyperparams.js';
import { prepareUnsupervised } from '../kmeans/row-matrix.js';
import { FittedIsolationForest } from './fitted-iforest.js';
import { ForestBuilder, scoreRows } from './itree.js';
import { IFOREST, IFOREST_SPECS } from './params.js';

export { IFOREST, IFOREST_SPECS } from './params.js';

export class IsolationForest implements Estimator<FittedIsolationForest> {
  readonly name = IFOREST;
  readonly specs = IFOREST_SPECS;
  readonly params: ParamRecord;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams(IFOREST, IFOREST_SPECS, params);
  }

  /** `target`, when given, is only left out of the features (the forest learns without labels). */
  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedIsolationForest> {
    // Uniform splits between a node's extremes do not care about scale: never standardise.
    const { signature, preprocessor, x } = prepareUnsupervised(frame, target, IFOREST, { ...this.params, standardize: false });
    const n = x.rows;
    if (n < 2) throw new FramewiseError('NO_DATA_ROWS', `${IFOREST} needs at least 2 training rows, got ${n}.`);
    const trees = this.params['n_estimators'] as number;
    const psi = Math.min(this.params['max_samples'] as number, n);
    const heightLimit = Math.ceil(Math.log2(psi));
    const rng = new Rng(this.params['seed'] as number);
    const builder = new ForestBuilder(trees * (2 * psi - 1));
    const roots = new Int32Array(trees);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    const sample = new Int32Array(psi);
    options.progress?.start('Growing isolation trees', trees);
    for (let t = 0; t < trees; t++) {
      // A partial Fisher–Yates shuffle draws ψ distinct rows in O(ψ).
      for (let s = 0; s < psi; s++) {
        const j = s + rng.int(n - s);
        const row = pool[j]!;
        pool[j] = pool[s]!;
        pool[s] = row;
        sample[s] = row;
      }
      roots[t] = builder.grow(x.values, x.cols, sample, heightLimit, rng);
      options.progress?.update(t + 1);
    }
    options.progress?.stop();
    const forest = builder.finish(roots);
    const training = new Float64Array(n);
    scoreRows(forest, x.values, n, x.cols, psi, training);
    const threshold = upperQuantile(training, this.params['contamination'] as number);
    return new FittedIsolationForest({ params: this.params, signature, preprocessor, forest, samplesPerTree: psi, threshold });
  }
}

/**
 * The score above which a `share` of the values lie: the (1 - share) quantile with linear
 * interpolation between order statistics (numpy's default, as scikit-learn's offset uses).
 */
export function upperQuantile(values: Float64Array, share: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = (1 - share) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (position - lo) * (sorted[hi]! - sorted[lo]!);
}
