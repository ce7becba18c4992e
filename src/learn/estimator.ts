// The estimator contract every learner follows: validated, JSON-safe hyperparameters; `fit`
// returns a separate immutable fitted model that predicts in the user's own labels, refuses
// frames that do not match its training signature, and saves to versioned JSON.

import type { ProgressSink } from '../core/progress.js';
import type { Task } from '../core/task.js';
import type { CategoryForm } from '../data/category-form.js';
import type { Frame } from '../data/frame.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { ParamRecord, ParamSpec } from './hyperparams.js';

export type { Task };

/** One input column a model was trained on. */
export interface FeatureSignature {
  readonly name: string;
  readonly type: SemanticType;
  /** The categories seen in training (categorical features only), in code order. */
  readonly categories?: readonly string[];
  /**
   * How values are matched to the categories (categorical features only), decided at training:
   * `number` when the categories are numbers (1, "1.0" and "1" are one category), else `text`.
   * Older models lack it; `categoryFormOfFeature` then decides it from the categories, as training would have.
   */
  readonly categoryForm?: CategoryForm;
  /** Training range (numeric features only). */
  readonly min?: number;
  readonly max?: number;
  /** Whether training data had missing values in this column. */
  readonly hadMissing: boolean;
}

export interface InputSignature {
  readonly features: readonly FeatureSignature[];
  /** Columns present in training data that the model leaves out, each with the reason. */
  readonly ignored: readonly { readonly name: string; readonly reason: string }[];
}

export type Prediction =
  | { readonly kind: 'regression'; readonly values: Float64Array }
  | {
      readonly kind: 'classification';
      /** The user's labels, in the order of the probability columns. */
      readonly classes: readonly string[];
      /** Predicted label per row. */
      readonly labels: readonly string[];
      /** Row-major rows × classes. */
      readonly probabilities: Float64Array;
    }
  | {
      readonly kind: 'multilabel';
      readonly labels: readonly string[];
      /** Row-major rows × labels: probability that each label applies. */
      readonly probabilities: Float64Array;
      /** The predicted label set of each row. */
      readonly sets: readonly (readonly string[])[];
    }
  | { readonly kind: 'clustering'; readonly clusters: Int32Array }
  | { readonly kind: 'anomaly'; readonly scores: Float64Array; readonly isAnomaly: Uint8Array };

/** What every saved model's JSON carries at its top level. */
export interface ModelJsonHeader {
  readonly format: 'framewise-model';
  readonly formatVersion: number;
  readonly estimator: string;
  readonly task: Task;
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target?: string;
}

export interface FittedModel {
  readonly estimator: string;
  readonly task: Task;
  readonly signature: InputSignature;
  readonly params: ParamRecord;
  /** Predicts for the rows of `frame`; throws SCHEMA_MISMATCH naming each mismatched column. */
  predict(frame: Frame): Prediction;
  toJSON(): ModelJsonHeader;
}

export interface FitOptions {
  readonly progress?: ProgressSink;
}

export interface Estimator<M extends FittedModel = FittedModel> {
  readonly name: string;
  readonly specs: readonly ParamSpec[];
  readonly params: ParamRecord;
  /** `target` is undefined for unsupervised learners. */
  fit(frame: Frame, target: string | undefined, options?: FitOptions): Promise<M>;
}
