// How many of the rows a challenger and its champion are compared on are rows the champion
// learned from: found by matching each compared row's features against the seeded sample of
// training rows kept at registration, and scaled by the share of training rows the sample holds.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { TrainingOverlapReport } from '../evaluate/retrain-report.js';
import type { ReferenceSampleFile } from './reference-sample.js';
import { sampleFrame } from './reference-sample.js';

export type TrainingOverlap = TrainingOverlapReport;

export function trainingOverlap(sample: ReferenceSampleFile, compared: Frame): TrainingOverlap {
  const reference = sampleFrame(sample);
  const features = reference.names.filter((n) => compared.has(n));
  const key = (frame: Frame, row: number): string => JSON.stringify(features.map((f) => valueAt(frame.column(f), row)));
  const seen = new Set<string>();
  for (let r = 0; r < reference.rowCount; r++) seen.add(key(reference, r));
  let matched = 0;
  for (let r = 0; r < compared.rowCount; r++) if (seen.has(key(compared, r))) matched++;
  const expectedIfAllTraining = sample.sourceRows === 0 ? 0 : sample.rows / sample.sourceRows;
  const rows = compared.rowCount;
  return { matched, rows, expectedIfAllTraining, likely: features.length > 0 && matched >= 5 && rows > 0 && matched / rows >= 0.5 * expectedIfAllTraining };
}
