// Choosing k for k-means by the silhouette on one seeded sample of rows (here, not in learn/,
// because a stage may import only the stages to its left: evaluation fits, learning never scores).

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { permutation } from '../../core/rng.js';
import type { FitOptions } from '../../learn/estimator.js';
import { validateParams } from '../../learn/hyperparams.js';
import { FittedKMeans } from '../../learn/kmeans/fitted-kmeans.js';
import { fitKMeansRows } from '../../learn/kmeans/kmeans.js';
import { KMEANS, KMEANS_SPECS } from '../../learn/kmeans/params.js';
import { prepareUnsupervised } from '../../learn/kmeans/row-matrix.js';
import { silhouetteOnRows } from './clustering.js';

export interface SelectKOptions {
  readonly kMin?: number;
  readonly kMax?: number;
  /** Rows the silhouette is computed on (default 2,000; its cost is quadratic in this). */
  readonly sampleSize?: number;
  /** Seed of the silhouette sample (the k-means seeds come from `params.seed`). */
  readonly seed?: number;
  /** Other k-means parameters, applied to every k. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly target?: string;
  readonly progress?: FitOptions['progress'];
}

export interface KScore {
  readonly k: number;
  readonly silhouette: number;
  readonly inertia: number;
  readonly warnings: readonly string[];
}

export interface SelectKResult {
  readonly k: number;
  readonly model: FittedKMeans;
  /** One entry per k tried, in increasing k. */
  readonly scores: readonly KScore[];
}

export async function selectKBySilhouette(frame: Frame, options: SelectKOptions = {}): Promise<SelectKResult> {
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 10;
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) {
    throw new FramewiseError('INVALID_ARGUMENT', `The k range must be whole numbers with 2 <= kMin <= kMax, got ${kMin}..${kMax}.`, {
      hint: 'The silhouette needs at least two clusters, e.g. kMin=2, kMax=10.',
    });
  }
  const base = validateParams(KMEANS, KMEANS_SPECS, { ...options.params, n_clusters: kMin });
  const { signature, preprocessor, x } = prepareUnsupervised(frame, options.target, KMEANS, base);
  const top = Math.min(kMax, x.rows - 1);
  const sample = permutation(x.rows, options.seed ?? 0).subarray(0, Math.min(x.rows, options.sampleSize ?? 2000));
  const scores: KScore[] = [];
  let best: { k: number; silhouette: number; model: FittedKMeans } | undefined;
  options.progress?.start('Choosing k by silhouette', top - kMin + 1);
  for (let k = kMin; k <= top; k++) {
    const params = validateParams(KMEANS, KMEANS_SPECS, { ...base, n_clusters: k });
    const run = fitKMeansRows(x, params);
    const s = silhouetteOnRows(x, run.labels, sample);
    scores.push({ k, silhouette: s.value, inertia: run.inertia, warnings: s.warnings });
    if (best === undefined || s.value > best.silhouette) {
      best = { k, silhouette: s.value, model: new FittedKMeans({ params, signature, preprocessor, centers: run.centers, inertia: run.inertia, iterations: run.iterations }) };
    }
    options.progress?.update(k - kMin + 1);
  }
  options.progress?.stop();
  if (best === undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `There are too few rows (${x.rows}) to try k from ${kMin}.`, { hint: 'Use more rows or a smaller kMin.' });
  }
  return { k: best.k, model: best.model, scores };
}
