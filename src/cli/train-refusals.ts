// What `framewise train` refuses before it fits anything, with the checks assess and brief run
// on a framed problem: no column left to learn from, and a target (or a label) that never changes.

import type { Frame } from '../data/frame.js';
import { IFOREST } from '../learn/iforest/params.js';
import { KMEANS } from '../learn/kmeans/params.js';
import { encodeMultiLabelTarget } from '../learn/multilabel/multilabel-target.js';
import { checkTargetSpread, refuseConstantLabels } from '../frame/target-spread.js';
import { type LeftOutColumn, refuseNoUsableFeatures, typeLeftOut } from '../frame/usable-features.js';
import type { Choice, TargetReading } from './estimator-choice.js';

/**
 * Refuses (exit 2) a training set no model can serve from; returns a warning to print when the
 * target is a nearly constant number, else null. `frame` holds the rows that will be fitted;
 * `where` names the data file or card in messages.
 */
export function refuseUntrainable(frame: Frame, reading: TargetReading, choice: Choice, where: string, delimiter: string): string | null {
  const targets = new Set(choice.targetColumns);
  const leftOut: LeftOutColumn[] = [];
  const features: string[] = [];
  for (const name of frame.names) {
    const reason = targets.has(name) ? 'the target' : typeLeftOut(frame, name);
    if (reason === undefined) features.push(name);
    else leftOut.push({ name, reason });
  }
  refuseNoUsableFeatures(features, leftOut, where);
  // Unsupervised learners keep a target only as a reference, which may hold anything.
  if (choice.fitTarget === undefined || choice.estimator.name === KMEANS || choice.estimator.name === IFOREST) return null;
  if (reading.kind === 'label-columns' || reading.kind === 'label-sets') {
    const encoded = encodeMultiLabelTarget(frame, choice.fitTarget, delimiter);
    refuseConstantLabels(encoded.labels.map((label, k) => ({ label, present: encoded.y[k]!.reduce((s, v) => s + v, 0), rows: frame.rowCount })), where, reading.kind === 'label-sets');
    return null;
  }
  if (reading.kind !== 'column') return null;
  const objective = choice.estimator.params['objective'];
  const asNumbers = objective === 'regression' || (objective !== 'classification' && frame.column(reading.name).kind === 'numeric');
  return checkTargetSpread(frame, reading.name, asNumbers ? 'regression' : 'multiclass', where);
}
