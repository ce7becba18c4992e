// What every linear learner does before solving: check the target, build the input signature,
// fit the shared preprocessing on the training rows and produce the design matrix.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { InputSignature } from '../estimator.js';
import type { ParamRecord } from '../hyperparams.js';
import { buildSignature } from '../signature.js';
import type { DesignMatrix } from '../preprocess/design-matrix.js';
import { preprocessOptions } from '../preprocess/params.js';
import { type FittedPreprocessor, fitPreprocessor, transformFrame } from '../preprocess/preprocessor.js';

export interface PreparedTraining {
  readonly signature: InputSignature;
  readonly preprocessor: FittedPreprocessor;
  readonly matrix: DesignMatrix;
}

/** Refuses a missing or unknown target, then fits the preprocessing on `frame`. */
export function prepareTraining(frame: Frame, target: string | undefined, estimator: string, params: ParamRecord): PreparedTraining {
  if (target === undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `${estimator} learns from a target column, and none was given.`, {
      hint: 'Name the column to predict (--target NAME).',
    });
  }
  frame.column(target);
  if (frame.rowCount === 0) throw new FramewiseError('NO_DATA_ROWS', `${estimator} needs training rows, and the frame has none.`);
  // Copies, so the model never shares arrays with a frame the caller may change later.
  const signature = deepFreeze(structuredClone(buildSignature(frame, { exclude: [target] })));
  const preprocessor = deepFreeze(fitPreprocessor(frame, signature, preprocessOptions(params)));
  return { signature, preprocessor, matrix: transformFrame(preprocessor, frame) };
}

/** Freezes a plain JSON-like object and everything inside it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
