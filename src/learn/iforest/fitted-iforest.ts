// A fitted isolation forest: the trees as flat arrays, the training-score threshold that the
// contamination share set, and scoring of new rows; saved as versioned JSON and loaded back.

import type { Frame } from '../../data/frame.js';
import type { FittedModel, InputSignature, ModelJsonHeader, Prediction } from '../estimator.js';
import type { ParamRecord } from '../hyperparams.js';
import { deepFreeze } from '../linear/prepare.js';
import { formatError, modelHeader, readModelHeader, readNumbers, readParams } from '../model-io.js';
import { type FittedPreprocessor, parsePreprocessor, transformFrame } from '../preprocess/preprocessor.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { packRows } from '../kmeans/row-matrix.js';
import { type ForestArrays, scoreRows } from './itree.js';
import { IFOREST, IFOREST_SPECS } from './params.js';

interface ForestState {
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  readonly forest: ForestArrays;
  readonly samplesPerTree: number;
  readonly threshold: number;
}

export class FittedIsolationForest implements FittedModel {
  readonly estimator = IFOREST;
  readonly task = 'anomaly' as const;
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  /** ψ: rows each tree was grown on; c(ψ) normalises path lengths. */
  readonly samplesPerTree: number;
  /** Rows scoring above this are flagged: `contamination` of the training rows did. */
  readonly threshold: number;
  readonly #forest: ForestArrays;

  constructor(state: ForestState) {
    this.params = Object.freeze({ ...state.params });
    this.signature = deepFreeze(state.signature);
    this.preprocessor = deepFreeze(state.preprocessor);
    this.samplesPerTree = state.samplesPerTree;
    this.threshold = state.threshold;
    this.#forest = state.forest;
    Object.freeze(this);
  }

  get treeCount(): number {
    return this.#forest.roots.length;
  }

  /** Anomaly scores in (0, 1]: higher is more anomalous. */
  score(frame: Frame): Float64Array {
    checkFrameAgainstSignature(frame, this.signature, IFOREST);
    const x = packRows(transformFrame(this.preprocessor, frame));
    const out = new Float64Array(x.rows);
    scoreRows(this.#forest, x.values, x.rows, x.cols, this.samplesPerTree, out);
    return out;
  }

  predict(frame: Frame): Prediction {
    const scores = this.score(frame);
    const isAnomaly = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) isAnomaly[i] = scores[i]! > this.threshold ? 1 : 0;
    return { kind: 'anomaly', scores, isAnomaly };
  }

  toJSON(): ModelJsonHeader & Record<string, unknown> {
    const f = this.#forest;
    return {
      ...modelHeader(this, undefined),
      preprocessor: this.preprocessor,
      samplesPerTree: this.samplesPerTree,
      scoreThreshold: this.threshold,
      roots: Array.from(f.roots),
      nodeFeature: Array.from(f.feature),
      nodeThreshold: Array.from(f.threshold),
      nodeLeft: Array.from(f.left),
      nodeValue: Array.from(f.value),
    };
  }
}

/** Loads an isolation forest from the JSON its `toJSON` wrote, checking every node reference. */
export function iforestFromJSON(json: unknown): FittedIsolationForest {
  const record = readModelHeader(json, IFOREST);
  const params = readParams(IFOREST, IFOREST_SPECS, record);
  const preprocessor = parsePreprocessor(record['preprocessor'], 'isolation forest model');
  const width = preprocessor.featureNames.length;
  const feature = Int32Array.from(readNumbers(record, 'nodeFeature'));
  const nodes = feature.length;
  const thresholds = readNumbers(record, 'nodeThreshold', nodes);
  const left = Int32Array.from(readNumbers(record, 'nodeLeft', nodes));
  const value = readNumbers(record, 'nodeValue', nodes);
  const roots = Int32Array.from(readNumbers(record, 'roots', params['n_estimators'] as number));
  for (let i = 0; i < nodes; i++) {
    const f = feature[i]!;
    if (f >= width || f < -1) throw formatError(`nodeFeature[${i}]`, `names feature ${f} of ${width}`);
    if (f >= 0 && !(left[i]! > i && left[i]! + 1 < nodes)) throw formatError(`nodeLeft[${i}]`, `points outside the ${nodes} nodes`);
  }
  for (const r of roots) if (!(r >= 0 && r < nodes)) throw formatError('roots', `holds ${r}, outside the ${nodes} nodes`);
  const samplesPerTree = record['samplesPerTree'];
  const threshold = record['scoreThreshold'];
  if (typeof samplesPerTree !== 'number' || !Number.isInteger(samplesPerTree) || samplesPerTree < 2) throw formatError('samplesPerTree', 'must be a whole number of at least 2');
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) throw formatError('scoreThreshold', 'must be a finite number');
  return new FittedIsolationForest({
    params,
    signature: structuredClone(record.signature),
    preprocessor: structuredClone(preprocessor),
    forest: { feature, threshold: thresholds, left, value, roots },
    samplesPerTree,
    threshold,
  });
}
