// How the assessment chooses the number of groups k for k-means, in one place, so `assess`,
// `brief` and `train card.yaml --model kmeans` arrive at the same k (and the same model) for a card.

import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { type SelectKResult, selectKBySilhouette } from './metrics/select-k.js';

/** Rows the silhouette is measured on (its cost is quadratic in them). */
export const CLUSTER_SAMPLE_SIZE = 2000;

/** The k-means settings every k is fitted with: the card's seed, and three k-means++ starts. */
export function clusterParams(seed: number, k: number): Readonly<Record<string, number>> {
  return { n_clusters: k, seed, n_init: 3 };
}

/** k from 2 to 10 (fewer with fewer rows), the one with the best silhouette on a seeded sample of rows. */
export function chooseClusterCount(frame: Frame, seed: number): Promise<SelectKResult> {
  if (frame.rowCount < 3) {
    return Promise.reject(
      new FramewiseError('NO_DATA_ROWS', `Finding groups needs at least 3 rows (the silhouette compares each row with two groups), and the data has ${frame.rowCount}.`, {
        hint: "Point the card's data.file (or data.sql) at the full data set.",
        location: { field: 'data.file' },
      }),
    );
  }
  const kMax = Math.min(10, Math.max(2, frame.rowCount - 1));
  const { n_clusters: _k, ...params } = clusterParams(seed, 2);
  return selectKBySilhouette(frame, { kMin: 2, kMax, sampleSize: CLUSTER_SAMPLE_SIZE, seed, params });
}
