// The leakage check of `assess` on its own, for a command that trains without assessing (`train`):
// each feature alone over the same folds assess would use, and the suspects `findLeaks` names.

import { permutation } from '../core/rng.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { VouchedFeatures } from '../frame/vouched-features.js';
import { kFold, stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import { buildTruth } from './assess.js';
import { featurePower } from './feature-power.js';
import { findLeaks, type LeakSuspect } from './leakage.js';
import type { Supervised } from './oof.js';

export interface LeakScanInput {
  readonly frame: Frame;
  readonly target: string;
  readonly task: Supervised;
  readonly features: readonly string[];
  readonly timeColumn?: string | null;
  readonly positiveClass?: string;
  readonly unavailable?: readonly { readonly name: string; readonly note: string | null }[];
  readonly seed?: number;
  /** Features the card vouches are known at prediction time (see frame/vouched-features.ts): never suspects. */
  readonly vouched?: VouchedFeatures;
}

const FOLDS = 5;
/** Rows the scan looks at, at most (a seeded sample of a larger file). */
export const MAX_ROWS = 50_000;

/** The leakage suspects among `features` (labelled rows only, a sample of MAX_ROWS above that); none when there are too few rows to judge. */
export async function scanForLeaks(input: LeakScanInput): Promise<LeakSuspect[]> {
  const column = input.frame.column(input.target);
  const labelled: number[] = [];
  for (let i = 0; i < input.frame.rowCount; i++) if (valueAt(column, i) !== null) labelled.push(i);
  if (labelled.length < FOLDS * 4 || input.features.length === 0) return [];
  const seed = input.seed ?? 42;
  // A leak shows in any large sample; a seeded one (kept in file order) bounds the cost on big files.
  let rows = labelled;
  if (rows.length > MAX_ROWS) {
    const order = permutation(rows.length, seed);
    rows = Array.from(order.subarray(0, MAX_ROWS)).sort((a, b) => a - b).map((i) => labelled[i]!);
  }
  const frame = rows.length === input.frame.rowCount ? input.frame : input.frame.take(rows);
  const truth = buildTruth(frame, input.target, input.task, input.positiveClass);
  let folds;
  if (input.timeColumn != null && frame.has(input.timeColumn)) {
    const time = frame.column(input.timeColumn);
    folds = timeSeriesFolds(time.kind === 'datetime' || time.kind === 'numeric' ? time.values : Float64Array.from({ length: frame.rowCount }, (_, i) => i), FOLDS);
  } else folds = truth.kind === 'classification' ? stratifiedKFold(truth.y, FOLDS, seed) : kFold(frame.rowCount, FOLDS, seed);
  const allRows = Int32Array.from({ length: frame.rowCount }, (_, i) => i);
  const power = await featurePower(frame, input.features, truth, input.task, folds, allRows);
  return findLeaks(frame, power, truth, input.task, input.unavailable ?? [], input.vouched ?? new Map());
}
