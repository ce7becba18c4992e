// What each stage of an assessment costs per row on this machine, measured on a small sample
// before the budget is planned: feature power and the bar over a few thousand rows, and each model
// family's default settings fitted on two sizes of one fold, so fixed costs are not scaled up.

import { contentHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import { kFold, stratifiedKFold } from '../data/split.js';
import type { FamilyCost, MeasuredCosts } from './budget-plan.js';
import { bestOneFeatureRuleCandidate, modelCandidate, priorCandidate, teamRuleCandidate } from './candidates.js';
import { crossValidate } from './cross-validate.js';
import { bootstrapLift } from './bootstrap-lift.js';
import { featurePower } from './feature-power.js';
import { modelFamilies } from './model-families.js';
import { takeTruth, type Supervised, type Truth } from './oof.js';
import { sampleRows } from './stage-sample.js';
import { MAIN_METRIC, METRICS } from './task-metrics.js';

/** Training rows of the two probe fits of each family. */
export const PROBE_TRAIN_ROWS = [400, 1_600] as const;

export interface CostInput {
  readonly frame: Frame;
  readonly features: readonly string[];
  readonly target: string;
  readonly truth: Truth;
  readonly task: Supervised;
  readonly folds: number;
  readonly seed: number;
  readonly rules: readonly { readonly name: string; readonly column: string; readonly output: 'class' | 'score' | 'number' }[];
}

export async function measureStageCosts(input: CostInput): Promise<MeasuredCosts> {
  const started = performance.now();
  const { features, target, task, folds: k, seed } = input;
  const large = PROBE_TRAIN_ROWS[1];
  // One fold's worth of test rows beside the larger training set, as in a k-fold split.
  const size = Math.min(input.frame.rowCount, Math.round((large * k) / (k - 1)));
  const sample = sampleRows({ rowCount: input.frame.rowCount, size, seed, classes: input.truth.kind === 'classification' ? input.truth.y : null });
  const frame = input.frame.take(sample.rows);
  const truth = takeTruth(input.truth, sample.rows);
  const n = frame.rowCount;
  const folds = truth.kind === 'classification' ? stratifiedKFold(truth.y, k, seed) : kFold(n, k, seed);
  const all = Int32Array.from({ length: n }, (_, i) => i);

  let start = performance.now();
  await featurePower(frame, features, truth, task, folds, all);
  const featurePowerPerRow = (performance.now() - start) / 1000 / n;

  start = performance.now();
  const metrics = METRICS[task];
  const prior = await crossValidate(priorCandidate(truth), folds, truth, metrics, n);
  const rule = features.length > 0 ? await crossValidate(bestOneFeatureRuleCandidate(frame, features, truth, MAIN_METRIC[task]), folds, truth, metrics, n) : prior;
  for (const r of input.rules) await crossValidate(teamRuleCandidate(frame, r.name, r.column, r.output, truth), folds, truth, metrics, n);
  const barPerRow = (performance.now() - start) / 1000 / n;

  // A paired bootstrap of the lift costs about the same per row and resample whoever is compared.
  start = performance.now();
  const resamples = 20;
  bootstrapLift(MAIN_METRIC[task], truth, rule.oof, prior.oof, all, { resamples, maxRows: n, seed });
  const liftPerRowResample = (performance.now() - start) / 1000 / (n * (resamples + 1));

  // The content hash reads every value of every row: measured here, paid on all rows at the end.
  // Timed on one column's first rows (enough to outweigh the fixed start-up), then scaled to every column.
  const column = input.frame.select([input.frame.columns[0]!.name]);
  const slice = column.take(Int32Array.from({ length: Math.min(column.rowCount, 200_000) }, (_, i) => i));
  contentHash(slice.take(Int32Array.from({ length: Math.min(slice.rowCount, 1_000) }, (_, i) => i)));
  start = performance.now();
  contentHash(slice);
  const hashPerRow = ((performance.now() - start) / 1000 / slice.rowCount) * input.frame.columns.length;

  const modelFrame = frame.select([...features, target]);
  const fold = folds[0]!;
  const families: FamilyCost[] = [];
  for (const family of modelFamilies(task, seed)) {
    const timeOn = async (trainRows: number): Promise<{ rows: number; fit: number; predict: number; tested: number }> => {
      const train = fold.train.subarray(0, Math.min(fold.train.length, trainRows));
      const test = fold.test.subarray(0, Math.min(fold.test.length, Math.max(1, Math.round(train.length / (k - 1)))));
      const candidate = modelCandidate(`probe:${family.family}`, family.name, () => family.make(family.configs[0]!), modelFrame, target, truth);
      const at = performance.now();
      await candidate.fitPredict(train, test);
      const timing = candidate.lastTiming?.() ?? { fit: (performance.now() - at) / 1000, predict: 0 };
      return { rows: train.length, fit: timing.fit, predict: timing.predict, tested: test.length };
    };
    const a = await timeOn(PROBE_TRAIN_ROWS[0]);
    const b = await timeOn(large);
    const slope = b.rows > a.rows ? Math.max(0, (b.fit - a.fit) / (b.rows - a.rows)) : b.fit / Math.max(1, b.rows);
    // A slope below half the larger fit's own average would let fixed costs swallow the growth.
    const secondsPerRow = Math.max(slope, (0.5 * b.fit) / Math.max(1, b.rows));
    families.push({
      family: family.family,
      name: family.name,
      fixedSeconds: Math.max(0, b.fit - secondsPerRow * b.rows),
      secondsPerRow,
      predictSecondsPerRow: b.predict / Math.max(1, b.tested),
      probeRows: b.rows,
      trees: family.family !== 'linear',
    });
  }
  return { families, featurePowerPerRow, barPerRow, liftPerRowResample, hashPerRow, rows: n, seconds: (performance.now() - started) / 1000 };
}
