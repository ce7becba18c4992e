// A fitted k-means model: centres in the preprocessed feature space, inertia, and the assignment
// of new rows to their nearest centre; saved as versioned JSON and loaded back.

import type { Frame } from '../../data/frame.js';
import type { FittedModel, InputSignature, ModelJsonHeader, Prediction } from '../estimator.js';
import type { ParamRecord } from '../hyperparams.js';
import { deepFreeze } from '../linear/prepare.js';
import { formatError, modelHeader, readModelHeader, readNumbers, readParams } from '../model-io.js';
import { type FittedPreprocessor, parsePreprocessor, transformFrame } from '../preprocess/preprocessor.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { KMEANS, KMEANS_SPECS } from './params.js';
import { type PackedRows, packRows } from './row-matrix.js';
import { distancesToAll } from './seeding.js';

interface KMeansState {
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  readonly centers: Float64Array;
  readonly inertia: number;
  readonly iterations: number;
}

export class FittedKMeans implements FittedModel {
  readonly estimator = KMEANS;
  readonly task = 'clustering' as const;
  readonly params: ParamRecord;
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  /** Sum of squared distances of the training rows to their centres, in the preprocessed space. */
  readonly inertia: number;
  /** Lloyd iterations of the kept restart. */
  readonly iterations: number;
  readonly clusterCount: number;
  readonly #centers: Float64Array;

  constructor(state: KMeansState) {
    this.params = Object.freeze({ ...state.params });
    this.signature = deepFreeze(state.signature);
    this.preprocessor = deepFreeze(state.preprocessor);
    this.#centers = Float64Array.from(state.centers);
    this.inertia = state.inertia;
    this.iterations = state.iterations;
    this.clusterCount = state.centers.length / Math.max(1, state.preprocessor.featureNames.length);
    Object.freeze(this);
  }

  /** Row-major clusters × features (a copy), features named by `preprocessor.featureNames`. */
  get centers(): Float64Array {
    return Float64Array.from(this.#centers);
  }

  /** The preprocessed, row-packed form of `frame` that the centres live in. */
  transform(frame: Frame): PackedRows {
    checkFrameAgainstSignature(frame, this.signature, KMEANS);
    return packRows(transformFrame(this.preprocessor, frame));
  }

  predict(frame: Frame): Prediction {
    return { kind: 'clustering', clusters: this.assign(this.transform(frame)) };
  }

  /** Index of the nearest centre for each packed row. */
  assign(x: PackedRows): Int32Array {
    const out = new Int32Array(x.rows);
    const k = this.clusterCount;
    const dist = new Float64Array(k);
    for (let i = 0; i < x.rows; i++) {
      distancesToAll(x.values, i, this.#centers, k, x.cols, dist);
      let arg = 0;
      for (let c = 1; c < k; c++) if (dist[c]! < dist[arg]!) arg = c;
      out[i] = arg;
    }
    return out;
  }

  toJSON(): ModelJsonHeader & { readonly preprocessor: FittedPreprocessor; readonly centers: number[]; readonly inertia: number; readonly iterations: number } {
    return { ...modelHeader(this, undefined), preprocessor: this.preprocessor, centers: Array.from(this.#centers), inertia: this.inertia, iterations: this.iterations };
  }
}

/** Loads a k-means model from the JSON its `toJSON` wrote. */
export function kmeansFromJSON(json: unknown): FittedKMeans {
  const record = readModelHeader(json, KMEANS);
  const params = readParams(KMEANS, KMEANS_SPECS, record);
  const preprocessor = parsePreprocessor(record['preprocessor'], 'kmeans model');
  const centers = readNumbers(record, 'centers', (params['n_clusters'] as number) * preprocessor.featureNames.length);
  const inertia = record['inertia'];
  const iterations = record['iterations'];
  if (typeof inertia !== 'number' || !(inertia >= 0)) throw formatError('inertia', 'must be a number of at least 0');
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1) throw formatError('iterations', 'must be a whole number of at least 1');
  return new FittedKMeans({ params, signature: structuredClone(record.signature), preprocessor: structuredClone(preprocessor), centers, inertia, iterations });
}
