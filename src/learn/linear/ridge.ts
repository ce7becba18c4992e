// Ridge regression: least squares with an L2 penalty α·‖w‖² on the coefficients (the intercept is
// not penalised), solved in closed form through the centred normal equations and Cholesky.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions, FittedModel, InputSignature, ModelJsonHeader, Prediction } from '../estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from '../hyperparams.js';
import { formatError, modelHeader, readModelHeader, readNumbers, readParams } from '../model-json.js';
import { multiplyInto } from '../preprocess/design-matrix.js';
import { PREPROCESS_SPECS } from '../preprocess/params.js';
import { type FittedPreprocessor, parsePreprocessor, transformFrame } from '../preprocess/preprocessor.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { encodeTarget } from '../target.js';
import { choleskySolve } from './cholesky.js';
import { deepFreeze, prepareTraining } from './prepare.js';

export const RIDGE = 'ridge';

export const RIDGE_SPECS: readonly ParamSpec[] = [
  { kind: 'float', name: 'alpha', min: 0, max: 1e12, default: 1, description: 'strength of the L2 penalty α·‖w‖² on the coefficients, as scikit-learn Ridge' },
  { kind: 'bool', name: 'fit_intercept', default: true, description: 'learn an unpenalised intercept' },
  ...PREPROCESS_SPECS,
];

export class Ridge implements Estimator<FittedRidge> {
  readonly name = RIDGE;
  readonly specs = RIDGE_SPECS;
  readonly params: ParamRecord;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams(RIDGE, RIDGE_SPECS, params);
  }

  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedRidge> {
    const { signature, preprocessor, matrix } = prepareTraining(frame, target, RIDGE, this.params);
    const encoded = encodeTarget(frame, target!, 'regression');
    if (encoded.task !== 'regression') throw new FramewiseError('INTERNAL', 'regression target expected');
    options.progress?.start('Fitting ridge regression');
    const { coefficients, intercept } = solveRidge(matrix.data, matrix.rows, matrix.cols, encoded.y, this.params['alpha'] as number, this.params['fit_intercept'] as boolean);
    options.progress?.stop();
    return new FittedRidge({ params: this.params, signature, target: target!, preprocessor, coefficients, intercept });
  }
}

/** Solves the ridge problem on a column-major n×p matrix. */
export function solveRidge(x: Float64Array, n: number, p: number, y: Float64Array, alpha: number, fitIntercept: boolean): { coefficients: Float64Array; intercept: number } {
  const means = new Float64Array(p);
  let yMean = 0;
  if (fitIntercept) {
    for (let i = 0; i < n; i++) yMean += y[i]!;
    yMean /= n;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[j * n + i]!;
      means[j] = s / n;
    }
  }
  // Centring removes the intercept from the system, so the penalty never touches it.
  const centred = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) centred[j * n + i] = x[j * n + i]! - means[j]!;
  const yc = new Float64Array(n);
  for (let i = 0; i < n; i++) yc[i] = y[i]! - yMean;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const cj = centred.subarray(j * n, (j + 1) * n);
    for (let k = 0; k <= j; k++) {
      const ck = centred.subarray(k * n, (k + 1) * n);
      let s = 0;
      for (let i = 0; i < n; i++) s += cj[i]! * ck[i]!;
      gram[j * p + k] = s;
      gram[k * p + j] = s;
    }
    gram[j * p + j] += alpha;
    let r = 0;
    for (let i = 0; i < n; i++) r += cj[i]! * yc[i]!;
    rhs[j] = r;
  }
  const coefficients = p === 0 ? new Float64Array(0) : choleskySolve(gram, rhs, p);
  if (coefficients === undefined) {
    throw new FramewiseError('INVALID_PARAMETER', `ridge cannot solve with alpha=${alpha}: the features are collinear (some are exact combinations of others).`, {
      hint: 'Set alpha above 0 (e.g. alpha=1), or drop the duplicated features.',
      location: { field: 'alpha' },
    });
  }
  let intercept = yMean;
  for (let j = 0; j < p; j++) intercept -= means[j]! * coefficients[j]!;
  return { coefficients, intercept };
}

interface RidgeState {
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly preprocessor: FittedPreprocessor;
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

export class FittedRidge implements FittedModel {
  readonly estimator = RIDGE;
  readonly task = 'regression' as const;
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly preprocessor: FittedPreprocessor;
  readonly intercept: number;
  readonly #coefficients: Float64Array;

  constructor(state: RidgeState) {
    this.params = Object.freeze({ ...state.params });
    this.signature = deepFreeze(state.signature);
    this.target = state.target;
    this.preprocessor = deepFreeze(state.preprocessor);
    this.#coefficients = Float64Array.from(state.coefficients);
    this.intercept = state.intercept;
    Object.freeze(this);
  }

  /** The coefficient of each design-matrix feature (a copy), named by `preprocessor.featureNames`. */
  get coefficients(): Float64Array {
    return Float64Array.from(this.#coefficients);
  }

  predict(frame: Frame): Prediction {
    checkFrameAgainstSignature(frame, this.signature, RIDGE);
    const matrix = transformFrame(this.preprocessor, frame);
    const values = new Float64Array(matrix.rows);
    multiplyInto(matrix, this.#coefficients, 0, this.intercept, values);
    return { kind: 'regression', values };
  }

  toJSON(): ModelJsonHeader & { readonly preprocessor: FittedPreprocessor; readonly coefficients: number[]; readonly intercept: number } {
    return { ...modelHeader(this, this.target), preprocessor: this.preprocessor, coefficients: Array.from(this.#coefficients), intercept: this.intercept };
  }
}

/** Loads a ridge model from the JSON its `toJSON` wrote. */
export function ridgeFromJSON(json: unknown): FittedRidge {
  const record = readModelHeader(json, RIDGE);
  const params = readParams(RIDGE, RIDGE_SPECS, record);
  const preprocessor = parsePreprocessor(record['preprocessor'], 'ridge model');
  const coefficients = readNumbers(record, 'coefficients', preprocessor.featureNames.length);
  const intercept = record['intercept'];
  if (typeof intercept !== 'number' || !Number.isFinite(intercept)) throw formatError('intercept', 'must be a finite number');
  if (record.target === undefined) throw formatError('target', 'is missing');
  return new FittedRidge({ params, signature: structuredClone(record.signature), target: record.target, preprocessor: structuredClone(preprocessor), coefficients, intercept });
}
