// Multi-label classification as one binary model per label, all trained on the same feature
// columns; the binary learner is pluggable (logistic regression by default).

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions, FittedModel, InputSignature, ModelJsonHeader, Prediction } from '../estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from '../hyperparams.js';
import { LOGISTIC_SPECS, LogisticRegression } from '../linear/logistic.js';
import { deepFreeze } from '../linear/prepare.js';
import { loadModel } from '../model-io.js';
import { formatError, modelHeader, readModelHeader, readParams, readStrings } from '../model-json.js';
import { buildSignature, checkFrameAgainstSignature } from '../signature.js';
import { encodeMultiLabelTarget } from './multilabel-target.js';

export const MULTILABEL = 'multilabel';

export const MULTILABEL_SPECS: readonly ParamSpec[] = [
  { kind: 'float', name: 'threshold', min: 0, max: 1, default: 0.5, description: 'a label is predicted when its probability is at least this' },
  { kind: 'enum', name: 'delimiter', values: ['|', ',', ';', ' '], default: '|', description: 'separates the labels in a single target column such as "a|b"' },
];

/**
 * The binary learner fitted for each label: its hyperparameter declarations (they join the
 * multi-label learner's own, so `--param C=0.1` reaches the base) and how to make one.
 */
export interface BaseLearner {
  readonly specs: readonly ParamSpec[];
  readonly make: (params: Readonly<Record<string, unknown>>) => Estimator;
}

export const LOGISTIC_BASE: BaseLearner = { specs: LOGISTIC_SPECS, make: (params) => new LogisticRegression(params) };

/** Per label: a fitted binary model, or a fixed probability when training rows all agreed. */
type LabelModel = { readonly kind: 'model'; readonly model: FittedModel } | { readonly kind: 'constant'; readonly probability: number };

/**
 * Fits the base learner once per label on the same feature frame (shared, never copied) with
 * that label as a 0/1 target. Each base model keeps its own preprocessing, identical across
 * labels: a little repeated work, in exchange for any binary learner plugging in unchanged.
 */
export class MultiLabelClassifier implements Estimator<FittedMultiLabel> {
  readonly name = MULTILABEL;
  readonly specs: readonly ParamSpec[];
  readonly params: ParamRecord;
  readonly #base: BaseLearner;
  readonly #baseParams: ParamRecord;

  constructor(params: Readonly<Record<string, unknown>> = {}, base: BaseLearner = LOGISTIC_BASE) {
    const own = new Set(MULTILABEL_SPECS.map((s) => s.name));
    this.specs = [...MULTILABEL_SPECS, ...base.specs.filter((s) => !own.has(s.name))];
    this.params = validateParams(MULTILABEL, this.specs, params);
    this.#base = base;
    this.#baseParams = Object.fromEntries(Object.entries(this.params).filter(([key]) => !own.has(key)));
  }

  /** `target`: one column of delimited labels, or several 0/1 columns joined by commas. */
  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedMultiLabel> {
    if (target === undefined) {
      throw new FramewiseError('INVALID_ARGUMENT', 'multilabel learns from target labels, and none were given.', {
        hint: 'Name a column of delimited labels ("a|b"), or several 0/1 columns separated by commas.',
      });
    }
    const encoded = encodeMultiLabelTarget(frame, target, this.params['delimiter'] as string);
    const features = frame.drop(encoded.columns);
    const signature = deepFreeze(structuredClone(buildSignature(features)));
    const labelColumn = uniqueName(frame, '__label__');
    const models: LabelModel[] = [];
    options.progress?.start('Fitting one model per label', encoded.labels.length);
    for (let k = 0; k < encoded.labels.length; k++) {
      const y = encoded.y[k]!;
      let ones = 0;
      for (const v of y) ones += v;
      if (ones === 0 || ones === y.length) models.push({ kind: 'constant', probability: ones === 0 ? 0 : 1 });
      else {
        const withLabel = features.withColumn({ kind: 'categorical', name: labelColumn, codes: Int32Array.from(y), dictionary: ['0', '1'] });
        models.push({ kind: 'model', model: await this.#base.make(this.#baseParams).fit(withLabel, labelColumn) });
      }
      options.progress?.update(k + 1);
    }
    options.progress?.stop();
    return new FittedMultiLabel({ params: this.params, signature, target, labels: encoded.labels, models });
  }
}

function uniqueName(frame: Frame, base: string): string {
  let name = base;
  for (let i = 2; frame.has(name); i++) name = `${base}${i}`;
  return name;
}

interface MultiLabelState {
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly labels: readonly string[];
  readonly models: readonly LabelModel[];
}

export class FittedMultiLabel implements FittedModel {
  readonly estimator = MULTILABEL;
  readonly task = 'multilabel' as const;
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly target: string;
  readonly labels: readonly string[];
  readonly #models: readonly LabelModel[];

  constructor(state: MultiLabelState) {
    this.params = Object.freeze({ ...state.params });
    this.signature = deepFreeze(state.signature);
    this.target = state.target;
    this.labels = Object.freeze([...state.labels]);
    this.#models = Object.freeze([...state.models]);
    Object.freeze(this);
  }

  predict(frame: Frame): Prediction {
    checkFrameAgainstSignature(frame, this.signature, MULTILABEL);
    const n = frame.rowCount;
    const k = this.labels.length;
    const probabilities = new Float64Array(n * k);
    this.#models.forEach((entry, label) => {
      const p = entry.kind === 'constant' ? undefined : positiveProbability(entry.model.predict(frame), this.labels[label]!);
      for (let i = 0; i < n; i++) probabilities[i * k + label] = p === undefined ? (entry as { probability: number }).probability : p[i]!;
    });
    const threshold = this.params['threshold'] as number;
    const sets: string[][] = [];
    for (let i = 0; i < n; i++) {
      const set: string[] = [];
      for (let label = 0; label < k; label++) if (probabilities[i * k + label]! >= threshold) set.push(this.labels[label]!);
      sets.push(set);
    }
    return { kind: 'multilabel', labels: this.labels, probabilities, sets };
  }

  toJSON(): ModelJsonHeader & { readonly labels: readonly string[]; readonly models: readonly unknown[] } {
    return {
      ...modelHeader(this, this.target),
      labels: this.labels,
      models: this.#models.map((m) => (m.kind === 'constant' ? { constant: m.probability } : m.model.toJSON())),
    };
  }
}

/** The probability of class '1' from a binary model's prediction. */
function positiveProbability(prediction: Prediction, label: string): Float64Array {
  if (prediction.kind !== 'classification') {
    throw new FramewiseError('INVALID_ARGUMENT', `The model for label '${label}' predicts ${prediction.kind}, not classes.`, {
      hint: 'Use a binary classifier as the multi-label base learner.',
    });
  }
  const k = prediction.classes.length;
  const positive = prediction.classes.indexOf('1');
  const n = prediction.labels.length;
  const out = new Float64Array(n);
  if (positive >= 0) for (let i = 0; i < n; i++) out[i] = prediction.probabilities[i * k + positive]!;
  return out;
}

/** Loads a multi-label model; each label's binary model is loaded by its own estimator name. */
export function multiLabelFromJSON(json: unknown): FittedMultiLabel {
  const record = readModelHeader(json, MULTILABEL);
  // The base learner's parameters were checked when its own models were saved and are checked
  // again as they load; here only the multi-label ones are.
  const own = Object.fromEntries(Object.entries(record.params).filter(([key]) => MULTILABEL_SPECS.some((s) => s.name === key)));
  const params = { ...record.params, ...readParams(MULTILABEL, MULTILABEL_SPECS, { ...record, params: own }) };
  const labels = readStrings(record, 'labels');
  const saved = record['models'];
  if (!Array.isArray(saved) || saved.length !== labels.length) throw formatError('models', `must hold one model per label (${labels.length})`);
  const models = saved.map((m: unknown, i): LabelModel => {
    if (typeof m === 'object' && m !== null && 'constant' in m) {
      const p = (m as { constant: unknown }).constant;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw formatError(`models[${i}].constant`, 'must be a probability');
      return { kind: 'constant', probability: p };
    }
    return { kind: 'model', model: loadModel(m) };
  });
  if (record.target === undefined) throw formatError('target', 'is missing');
  return new FittedMultiLabel({ params, signature: structuredClone(record.signature), target: record.target, labels, models });
}
