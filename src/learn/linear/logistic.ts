// L2-regularised logistic regression, binary or multinomial (softmax), solved to convergence with
// L-BFGS; scikit-learn's C (penalty ‖w‖²/(2C), intercept free); predicts the user's own labels.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions, FittedModel, InputSignature, ModelJsonHeader, Prediction } from '../estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from '../hyperparams.js';
import { formatError, modelHeader, readModelHeader, readNumbers, readParams, readStrings } from '../model-json.js';
import { PREPROCESS_SPECS } from '../preprocess/params.js';
import { type FittedPreprocessor, parsePreprocessor, transformFrame } from '../preprocess/preprocessor.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { encodeTarget } from '../target.js';
import { minimizeLbfgs, type StopReason } from './lbfgs.js';
import { balancedClassWeights, logisticObjective, logisticProbabilities } from './logistic-loss.js';
import { deepFreeze, prepareTraining } from './prepare.js';

export const LOGISTIC = 'logistic_regression';

export const LOGISTIC_SPECS: readonly ParamSpec[] = [
  { kind: 'float', name: 'C', min: 0, exclusiveMin: true, max: 1e12, default: 1, description: 'inverse penalty strength: the L2 penalty is ‖w‖²/(2C), as in scikit-learn' },
  { kind: 'int', name: 'max_iter', min: 1, max: 100000, default: 1000, description: 'most L-BFGS iterations before giving up on convergence' },
  { kind: 'float', name: 'tol', min: 0, exclusiveMin: true, max: 1, default: 1e-8, description: 'converged when every gradient component of the per-row objective is at most this' },
  { kind: 'bool', name: 'fit_intercept', default: true, description: 'learn unpenalised intercepts' },
  { kind: 'enum', name: 'class_weight', values: ['none', 'balanced'], default: 'none', description: "'balanced' weighs each class inversely to its frequency, as scikit-learn does" },
  ...PREPROCESS_SPECS,
];

/** How the solver stopped; saved with the model. */
export interface Convergence {
  readonly converged: boolean;
  /**
   * 'gradient': every gradient component fell to `tol`; 'function': the objective stopped
   * falling to machine precision (scikit-learn's ftol rule), which also counts as converged;
   * 'max_iterations' or 'line_search': stopped short, and `converged` is false.
   */
  readonly reason: StopReason;
  readonly iterations: number;
  /** Largest absolute gradient component of the per-row objective at the solution. */
  readonly gradientNorm: number;
  readonly objective: number;
}

export class LogisticRegression implements Estimator<FittedLogistic> {
  readonly name = LOGISTIC;
  readonly specs = LOGISTIC_SPECS;
  readonly params: ParamRecord;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams(LOGISTIC, LOGISTIC_SPECS, params);
  }

  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedLogistic> {
    const { signature, preprocessor, matrix } = prepareTraining(frame, target, LOGISTIC, this.params);
    const encoded = encodeTarget(frame, target!, frame.column(target!).kind === 'numeric' ? 'binary' : undefined);
    if (encoded.task === 'regression') throw new FramewiseError('INTERNAL', 'class target expected');
    const k = encoded.classes.length;
    const blocks = k === 2 ? 1 : k;
    const weights = this.params['class_weight'] === 'balanced' ? balancedClassWeights(encoded.y, k) : undefined;
    const objective = logisticObjective(matrix, encoded.y, k, this.params['C'] as number, this.params['fit_intercept'] as boolean, weights);
    const maxIterations = this.params['max_iter'] as number;
    options.progress?.start('Fitting logistic regression', maxIterations);
    const result = minimizeLbfgs(objective, new Float64Array(blocks * (matrix.cols + 1)), {
      maxIterations,
      gradientTolerance: this.params['tol'] as number,
    });
    options.progress?.stop();
    const theta = result.x;
    if (blocks > 1) centreIntercepts(theta, blocks, matrix.cols);
    const convergence: Convergence = {
      converged: result.converged,
      reason: result.reason,
      iterations: result.iterations,
      gradientNorm: result.gradientNorm,
      objective: result.value,
    };
    return new FittedLogistic({ params: this.params, signature, target: target!, preprocessor, classes: encoded.classes, theta, convergence });
  }
}

/**
 * Softmax intercepts are only defined up to a common shift (the penalty does not pin them), so
 * they are stored summing to zero, as L-BFGS started from zero leaves them; probabilities are
 * unchanged.
 */
function centreIntercepts(theta: Float64Array, blocks: number, p: number): void {
  let mean = 0;
  for (let k = 0; k < blocks; k++) mean += theta[k * (p + 1) + p]!;
  mean /= blocks;
  for (let k = 0; k < blocks; k++) theta[k * (p + 1) + p] -= mean;
}

interface LogisticState {
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly preprocessor: FittedPreprocessor;
  readonly classes: readonly string[];
  /** Per block [w…, b]; one block for two classes, else one per class. */
  readonly theta: Float64Array;
  readonly convergence: Convergence;
}

export class FittedLogistic implements FittedModel {
  readonly estimator = LOGISTIC;
  readonly task: 'binary' | 'multiclass';
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly preprocessor: FittedPreprocessor;
  /** The user's labels, in the order of the probability columns. */
  readonly classes: readonly string[];
  readonly convergence: Convergence;
  readonly #theta: Float64Array;

  constructor(state: LogisticState) {
    this.task = state.classes.length === 2 ? 'binary' : 'multiclass';
    this.params = Object.freeze({ ...state.params });
    this.signature = deepFreeze(state.signature);
    this.target = state.target;
    this.preprocessor = deepFreeze(state.preprocessor);
    this.classes = Object.freeze([...state.classes]);
    this.convergence = Object.freeze({ ...state.convergence });
    this.#theta = Float64Array.from(state.theta);
    Object.freeze(this);
  }

  /**
   * Coefficients per block (rows) over the design-matrix features named by
   * `preprocessor.featureNames`; one row for a binary model (the log-odds of classes[1]).
   */
  get coefficients(): Float64Array[] {
    const p = this.preprocessor.featureNames.length;
    return this.blocks().map((k) => this.#theta.slice(k * (p + 1), k * (p + 1) + p));
  }

  get intercepts(): number[] {
    const p = this.preprocessor.featureNames.length;
    return this.blocks().map((k) => this.#theta[k * (p + 1) + p]!);
  }

  private blocks(): number[] {
    const count = this.classes.length === 2 ? 1 : this.classes.length;
    return Array.from({ length: count }, (_, k) => k);
  }

  predict(frame: Frame): Prediction {
    checkFrameAgainstSignature(frame, this.signature, LOGISTIC);
    const matrix = transformFrame(this.preprocessor, frame);
    const k = this.classes.length;
    const probabilities = logisticProbabilities(matrix, this.#theta, k);
    const labels = new Array<string>(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
      labels[i] = this.classes[best]!;
    }
    return { kind: 'classification', classes: this.classes, labels, probabilities };
  }

  toJSON(): ModelJsonHeader & {
    readonly preprocessor: FittedPreprocessor;
    readonly classes: readonly string[];
    readonly coefficients: number[];
    readonly convergence: Convergence;
  } {
    return {
      ...modelHeader(this, this.target),
      preprocessor: this.preprocessor,
      classes: this.classes,
      coefficients: Array.from(this.#theta),
      convergence: this.convergence,
    };
  }
}

/** Loads a logistic regression from the JSON its `toJSON` wrote. */
export function logisticFromJSON(json: unknown): FittedLogistic {
  const record = readModelHeader(json, LOGISTIC);
  const params = readParams(LOGISTIC, LOGISTIC_SPECS, record);
  const preprocessor = parsePreprocessor(record['preprocessor'], 'logistic regression model');
  const classes = readStrings(record, 'classes');
  if (classes.length < 2) throw formatError('classes', `must name at least two classes, got ${classes.length}`);
  const blocks = classes.length === 2 ? 1 : classes.length;
  const theta = readNumbers(record, 'coefficients', blocks * (preprocessor.featureNames.length + 1));
  const c = record['convergence'] as Partial<Convergence> | undefined;
  if (typeof c !== 'object' || c === null || typeof c.converged !== 'boolean' || typeof c.iterations !== 'number' || typeof c.gradientNorm !== 'number') {
    throw formatError('convergence', 'must record converged, iterations and gradientNorm');
  }
  if (record.target === undefined) throw formatError('target', 'is missing');
  return new FittedLogistic({
    params,
    signature: structuredClone(record.signature),
    target: record.target,
    preprocessor: structuredClone(preprocessor),
    classes,
    theta,
    convergence: c as Convergence,
  });
}
