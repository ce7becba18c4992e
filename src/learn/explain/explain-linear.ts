// Exact per-row explanations of linear models (logistic and ridge regression): each feature's
// contribution is its coefficients times how far its encoded value lies from the training mean of
// that encoding, so the contributions plus the expected value add up to the model's raw output.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { FittedModel } from '../estimator.js';
import { type FittedLogistic, LOGISTIC } from '../linear/logistic.js';
import { type FittedRidge, RIDGE } from '../linear/ridge.js';
import type { FittedPreprocessor } from '../preprocess/preprocessor.js';
import { transformFrame } from '../preprocess/preprocessor.js';
import { checkFrameAgainstSignature } from '../signature.js';
import type { ExplanationScale } from './explain-trees.js';

export interface LinearExplanation {
  readonly kind: 'linear';
  readonly estimator: string;
  /** `log-odds` (binary logistic), `raw-score` (each class's softmax score), `prediction` (ridge). */
  readonly scale: ExplanationScale;
  /** The model's signature features, in signature order. */
  readonly features: readonly string[];
  /** What each output is, e.g. "log-odds of yes" or "raw score of Adelie". */
  readonly outputs: readonly string[];
  /**
   * Per output: the raw output at the mean training encoding (intercept plus coefficients times
   * the mean of each design column), which every row's contributions start from.
   */
  readonly expected: Float64Array;
  /** rows × outputs × features, row-major: contribution of feature f to output k of row i. */
  readonly contributions: Float64Array;
  /** Whether the means came from training rows (false: the encoding's own centre, see explainLinear). */
  readonly meansFromTraining: boolean;
}

/** Whether a fitted model is one `explainLinear` explains. */
export function isLinearModel(model: FittedModel): model is FittedLogistic | FittedRidge {
  return model.estimator === LOGISTIC || model.estimator === RIDGE;
}

/** Coefficient rows (one per output) and intercepts of a linear model. */
function weightsOf(model: FittedLogistic | FittedRidge): { rows: Float64Array[]; intercepts: number[]; outputs: string[]; scale: ExplanationScale } {
  if (model.estimator === RIDGE) {
    const ridge = model as FittedRidge;
    return { rows: [ridge.coefficients], intercepts: [ridge.intercept], outputs: [`prediction of ${ridge.target}`], scale: 'prediction' };
  }
  const logistic = model as FittedLogistic;
  const classes = logistic.classes;
  // One block for two classes: the log-odds of the second class (its probability is sigmoid of it).
  if (classes.length === 2) return { rows: logistic.coefficients, intercepts: logistic.intercepts, outputs: [`log-odds of ${classes[1]!}`], scale: 'log-odds' };
  return { rows: logistic.coefficients, intercepts: logistic.intercepts, outputs: classes.map((c) => `raw score of ${c}`), scale: 'raw-score' };
}

/** For each design column, the index of the signature feature it encodes. */
function columnOwners(prep: FittedPreprocessor, features: readonly string[]): Int32Array {
  const index = new Map(features.map((f, i) => [f, i]));
  const owners = new Int32Array(prep.featureNames.length);
  let j = 0;
  for (const step of prep.steps) {
    const width = step.kind === 'number' ? (step.indicator ? 2 : 1) : step.categories.length + (step.other ? 1 : 0) + (step.missing ? 1 : 0);
    const owner = index.get(step.column) ?? -1;
    if (owner < 0) throw new FramewiseError('INTERNAL', `Preprocessing step '${step.column}' is not a feature of the model.`);
    owners.fill(owner, j, j + width);
    j += width;
  }
  return owners;
}

/**
 * The mean of each design column over `background` (the training rows, or a sample of them).
 * Without one: 0 for every column, which is the training mean of a standardised number and
 * leaves one-hot columns and missing-value marks measured from "absent".
 */
function designMeans(prep: FittedPreprocessor, background: Frame | undefined): Float64Array {
  const means = new Float64Array(prep.featureNames.length);
  if (background === undefined || background.rowCount === 0) return means;
  const matrix = transformFrame(prep, background);
  const n = matrix.rows;
  for (let j = 0; j < matrix.cols; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += matrix.data[j * n + i]!;
    means[j] = sum / n;
  }
  return means;
}

/**
 * Explains every row of `frame` for a logistic or ridge regression. `background` is the training
 * data (or a sample of it, such as a registered version's reference sample) whose mean encoding
 * the contributions are measured from; without it, see designMeans. Either way
 * expected + Σ contributions is the model's raw output for the row, exactly.
 */
export function explainLinear(model: FittedModel, frame: Frame, background?: Frame): LinearExplanation {
  if (!isLinearModel(model)) {
    throw new FramewiseError('INVALID_ARGUMENT', `Linear contributions explain logistic and ridge regression models, not '${model.estimator}'.`, {
      hint: 'Explain gradient boosting and random forest models with TreeSHAP (explainTrees).',
    });
  }
  checkFrameAgainstSignature(frame, model.signature, `this ${model.estimator} model`);
  const features = model.signature.features.map((f) => f.name);
  const prep = model.preprocessor;
  const { rows: weights, intercepts, outputs, scale } = weightsOf(model);
  const owners = columnOwners(prep, features);
  const means = designMeans(prep, background);
  const matrix = transformFrame(prep, frame);
  const n = matrix.rows;
  const P = matrix.cols;
  const F = features.length;
  const K = outputs.length;
  const expected = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let e = intercepts[k]!;
    for (let j = 0; j < P; j++) e += weights[k]![j]! * means[j]!;
    expected[k] = e;
  }
  const contributions = new Float64Array(n * K * F);
  for (let k = 0; k < K; k++) {
    const w = weights[k]!;
    for (let j = 0; j < P; j++) {
      const wj = w[j]!;
      if (wj === 0) continue;
      const f = owners[j]!;
      const mean = means[j]!;
      const base = j * n;
      for (let i = 0; i < n; i++) contributions[(i * K + k) * F + f] += wj * (matrix.data[base + i]! - mean);
    }
  }
  return { kind: 'linear', estimator: model.estimator, scale, features, outputs, expected, contributions, meansFromTraining: background !== undefined && background.rowCount > 0 };
}
