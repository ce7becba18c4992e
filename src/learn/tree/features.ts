// Turns a frame's feature columns into the numbers the tree learners bin: numbers and times as
// they are (ms), booleans as 0/1, categories as their training codes (unseen ones as missing).

import { FramewiseError } from '../../core/errors.js';
import type { Column } from '../../data/column.js';
import type { Frame } from '../../data/frame.js';
import type { FeatureSignature, InputSignature } from '../estimator.js';
import { alignCategories } from '../signature.js';

/** One Float64Array per signature feature, NaN for missing (new arrays only where needed). */
export function featureValues(frame: Frame, signature: InputSignature): Float64Array[] {
  return signature.features.map((feature) => columnValues(frame.column(feature.name), feature));
}

/** The numbers of one feature's column, NaN for missing (the column itself when numeric). */
export function columnValues(column: Column, feature: FeatureSignature): Float64Array {
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return column.values;
    case 'boolean': {
      const out = new Float64Array(column.values.length);
      for (let i = 0; i < out.length; i++) {
        const v = column.values[i]!;
        out[i] = v < 0 ? Number.NaN : v;
      }
      return out;
    }
    case 'categorical': {
      const codes = alignCategories(column, feature.categories ?? column.dictionary);
      const out = new Float64Array(codes.length);
      for (let i = 0; i < out.length; i++) {
        const c = codes[i]!;
        out[i] = c < 0 ? Number.NaN : c;
      }
      return out;
    }
    case 'text':
      throw new FramewiseError('INVALID_ARGUMENT', `Column '${feature.name}' is free text, which tree models cannot split on.`, {
        hint: `Convert '${feature.name}' to a categorical column, or leave it out of the features.`,
        location: { column: feature.name },
      });
  }
}

/**
 * A copy of the signature that shares no array with the training frame (category lists are
 * the frame's own dictionaries otherwise), frozen so the fitted model cannot be changed through it.
 */
export function detachedSignature(signature: InputSignature): InputSignature {
  return Object.freeze({
    features: Object.freeze(
      signature.features.map((f) => Object.freeze(f.categories === undefined ? { ...f } : { ...f, categories: Object.freeze([...f.categories]) })),
    ),
    ignored: Object.freeze(signature.ignored.map((g) => Object.freeze({ ...g }))),
  });
}
