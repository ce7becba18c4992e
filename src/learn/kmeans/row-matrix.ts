// Training and prediction input of the distance-based learners: the shared preprocessing's
// column-major design matrix repacked row by row, so one row's features sit side by side.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { InputSignature } from '../estimator.js';
import type { ParamRecord } from '../hyperparams.js';
import { deepFreeze } from '../linear/prepare.js';
import type { DesignMatrix } from '../preprocess/design-matrix.js';
import { preprocessOptions } from '../preprocess/params.js';
import { type FittedPreprocessor, fitPreprocessor, transformFrame } from '../preprocess/preprocessor.js';
import { buildSignature } from '../signature.js';

/** Row-major data: row i is values[i*cols .. i*cols+cols). */
export interface PackedRows {
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Row-major because distance loops read every feature of one row against every feature of a
 * centre: with rows packed, that inner loop walks memory in order.
 */
export function packRows(matrix: DesignMatrix): PackedRows {
  const { rows, cols, data } = matrix;
  const values = new Float64Array(rows * cols);
  // In blocks of rows, so the strided writes stay within a cache-sized window.
  const block = 2048;
  for (let start = 0; start < rows; start += block) {
    const end = Math.min(rows, start + block);
    for (let j = 0; j < cols; j++) {
      const base = j * rows;
      for (let i = start; i < end; i++) values[i * cols + j] = data[base + i]!;
    }
  }
  return { values, rows, cols };
}

export interface PreparedUnsupervised {
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  readonly x: PackedRows;
}

/**
 * Builds the signature (leaving out `target` when one is named, so a known label can ride along
 * for evaluation), fits the shared preprocessing and packs the training rows.
 */
export function prepareUnsupervised(frame: Frame, target: string | undefined, estimator: string, params: ParamRecord): PreparedUnsupervised {
  if (target !== undefined) frame.column(target);
  if (frame.rowCount === 0) throw new FramewiseError('NO_DATA_ROWS', `${estimator} needs training rows, and the frame has none.`);
  const signature = deepFreeze(structuredClone(buildSignature(frame, { exclude: target === undefined ? [] : [target] })));
  if (signature.features.length === 0) {
    throw new FramewiseError('INVALID_ARGUMENT', `${estimator} found no column to learn from.`, {
      hint: `Every column was left out: ${signature.ignored.map((c) => `${c.name} (${c.reason})`).join(', ') || 'the frame has no columns'}.`,
    });
  }
  const preprocessor = deepFreeze(fitPreprocessor(frame, signature, preprocessOptions(params)));
  return { signature, preprocessor, x: packRows(transformFrame(preprocessor, frame)) };
}

/** Mean over features of the population variance (scikit-learn's scale for k-means' tol). */
export function meanVariance(x: PackedRows): number {
  const { values, rows, cols } = x;
  if (rows === 0 || cols === 0) return 0;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += values[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const dv = values[i * cols + j]! - mean[j]!;
      total += dv * dv;
    }
  }
  return total / rows / cols;
}
