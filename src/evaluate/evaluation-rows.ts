// The rows and folds each stage of a supervised assessment runs on. Small data: every labelled
// row for every stage, as always. Large data: the stage costs are measured, the budget planned,
// and one seeded sample drawn that the bar and the models share (so lifts stay paired), with a
// smaller one inside it for feature power when its share of the budget calls for it.

import type { Budget } from '../core/budget.js';
import type { ProgressSink } from '../core/progress.js';
import type { Frame } from '../data/frame.js';
import { type Fold, kFold, stratifiedKFold, timeSeriesFolds } from '../data/split.js';
import { type Plan, PLAN_ABOVE_ROWS, planBudget, type StageLog } from './budget-plan.js';
import { type Supervised, takeTruth, type Truth } from './oof.js';
import { measureStageCosts } from './stage-costs.js';
import { type SampleHow, sampleRows } from './stage-sample.js';

export type FoldKind = 'stratified' | 'k-fold' | 'time-ordered';

/** A frame, its truth and its folds: what one or more stages are scored on. */
export interface StageRows {
  readonly frame: Frame;
  readonly truth: Truth;
  readonly folds: readonly Fold[];
  readonly foldKind: FoldKind;
  /** How the rows were drawn from the labelled rows (null: all of them). */
  readonly how: SampleHow | null;
}

export interface EvaluationRows {
  /** The bar, the models, the settings search, the lifts and the learning curve. */
  readonly evaluation: StageRows;
  readonly featurePower: StageRows;
  /** Null for small data, where nothing is planned. */
  readonly plan: Plan | null;
}

export interface EvaluationInput {
  /** The labelled rows. */
  readonly frame: Frame;
  readonly truth: Truth;
  readonly features: readonly string[];
  readonly target: string;
  readonly task: Supervised;
  readonly timeColumn: string | null;
  readonly folds: number;
  readonly seed: number;
  readonly rules: readonly { readonly name: string; readonly column: string; readonly output: 'class' | 'score' | 'number' }[];
  readonly budget: Budget;
  readonly progress: ProgressSink;
  readonly stages: StageLog;
  /** Rows of the whole file, which the content hash reads. */
  readonly fileRows: number;
  /** Folds given by the caller: then every row is used, unplanned. */
  readonly givenFolds?: readonly Fold[];
}

export async function evaluationRows(input: EvaluationInput): Promise<EvaluationRows> {
  const { frame, truth, timeColumn, folds: k, seed } = input;
  if (input.givenFolds !== undefined || frame.rowCount <= PLAN_ABOVE_ROWS) {
    const all: StageRows = input.givenFolds !== undefined ? { frame, truth, folds: [...input.givenFolds], foldKind: 'k-fold', how: null } : { frame, truth, ...chooseFolds(frame, truth, timeColumn, k, seed), how: null };
    return { evaluation: all, featurePower: all, plan: null };
  }
  input.progress.start("Measuring each stage's cost on a sample");
  input.stages.begin();
  const costs = await measureStageCosts({ frame, features: input.features, target: input.target, truth, task: input.task, folds: k, seed, rules: input.rules });
  input.progress.stop();
  const plan = planBudget({ rows: frame.rowCount, fileRows: input.fileRows, folds: k, seconds: input.budget.remainingSeconds, costs });
  input.stages.end('planning', costs.rows, frame.rowCount, truth.kind === 'classification' ? 'stratified' : 'random', null);

  const evaluation = draw(frame, truth, plan.evaluationRows, timeColumn, k, seed);
  const power = plan.featurePowerRows >= evaluation.frame.rowCount ? evaluation : draw(evaluation.frame, evaluation.truth, plan.featurePowerRows, timeColumn, k, seed + 1);
  return { evaluation, featurePower: power, plan };
}

/** A seeded sample of `size` rows of `from` (all of them when it holds no more) with its own folds. */
function draw(from: Frame, truth: Truth, size: number, timeColumn: string | null, k: number, seed: number): StageRows {
  // With a time column the rows are always put in time order, so a fold's latest training rows are its last.
  if (size >= from.rowCount && timeColumn === null) return { frame: from, truth, ...chooseFolds(from, truth, timeColumn, k, seed), how: null };
  const sample = sampleRows({ rowCount: from.rowCount, size, seed, classes: truth.kind === 'classification' ? truth.y : null, times: timeColumn === null ? null : timesOf(from, timeColumn) });
  const frame = from.take(sample.rows);
  const sampledTruth = takeTruth(truth, sample.rows);
  return { frame, truth: sampledTruth, ...chooseFolds(frame, sampledTruth, timeColumn, k, seed), how: size >= from.rowCount ? null : sample.how };
}

function timesOf(frame: Frame, timeColumn: string): Float64Array {
  const column = frame.column(timeColumn);
  return column.kind === 'datetime' || column.kind === 'numeric' ? column.values : Float64Array.from({ length: frame.rowCount }, (_, i) => i);
}

export function chooseFolds(frame: Frame, truth: Truth, timeColumn: string | null, k: number, seed: number): { folds: Fold[]; foldKind: FoldKind } {
  if (timeColumn !== null) return { folds: timeSeriesFolds(timesOf(frame, timeColumn), k), foldKind: 'time-ordered' };
  if (truth.kind === 'classification') return { folds: stratifiedKFold(truth.y, k, seed), foldKind: 'stratified' };
  return { folds: kFold(frame.rowCount, k, seed), foldKind: 'k-fold' };
}
