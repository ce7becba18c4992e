// The input signature of a model: which columns it learns from (and why others are left out),
// their types, categories and ranges; and the check that refuses a frame that does not match.

import { FramewiseError } from '../core/errors.js';
import { type CategoryForm, categoryFormOf } from '../data/category-form.js';
import type { Column } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { FeatureSignature, InputSignature } from './estimator.js';

const LEFT_OUT: Readonly<Record<string, string>> = {
  text: 'free text is left out unless asked for',
  identifier: 'an identifier names a row and carries no general signal',
  constant: 'a constant column carries no signal',
};

export interface SignatureOptions {
  /** Columns not to learn from (the target, an id or time column, features unavailable at prediction time). */
  readonly exclude?: readonly string[];
  /** Text or identifier columns the user asks to keep anyway (as categories). */
  readonly include?: readonly string[];
}

/** Builds the signature from training data: every usable column, every other one with its reason. */
export function buildSignature(frame: Frame, options: SignatureOptions = {}): InputSignature {
  const exclude = new Set(options.exclude ?? []);
  const include = new Set(options.include ?? []);
  const features: FeatureSignature[] = [];
  const ignored: { name: string; reason: string }[] = [];
  for (const column of frame.columns) {
    if (exclude.has(column.name)) continue;
    const type = frame.typeOf(column.name).type;
    const reason = LEFT_OUT[type];
    if (reason !== undefined && !include.has(column.name)) {
      ignored.push({ name: column.name, reason });
      continue;
    }
    features.push(describeFeature(column, type === 'text' || type === 'identifier' || type === 'constant' ? storageType(column) : type));
  }
  return { features, ignored };
}

function storageType(column: Column): FeatureSignature['type'] {
  return column.kind;
}

function describeFeature(column: Column, type: FeatureSignature['type']): FeatureSignature {
  switch (column.kind) {
    case 'numeric':
    case 'datetime': {
      let min = Infinity;
      let max = -Infinity;
      let hadMissing = false;
      for (const v of column.values) {
        if (v !== v) hadMissing = true;
        else {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      return { name: column.name, type, hadMissing, ...(min <= max ? { min, max } : {}) };
    }
    case 'categorical':
      return { name: column.name, type, categories: column.dictionary, categoryForm: categoryFormOf(column.dictionary), hadMissing: column.codes.some((c) => c < 0) };
    case 'boolean':
      return { name: column.name, type, hadMissing: column.values.some((v) => v < 0) };
    case 'text':
      return { name: column.name, type, hadMissing: column.values.some((v) => v === null) };
  }
}

/**
 * Refuses a frame whose columns or storage kinds do not match the signature, naming every
 * mismatch at once. New categories are allowed (models map them to "unseen").
 */
export function checkFrameAgainstSignature(frame: Frame, signature: InputSignature, modelName: string): void {
  const problems: string[] = [];
  for (const feature of signature.features) {
    if (!frame.has(feature.name)) {
      problems.push(`column '${feature.name}' is missing`);
      continue;
    }
    const kind = frame.column(feature.name).kind;
    const expected = expectedStorage(feature);
    if (kind !== expected) problems.push(`column '${feature.name}' is ${kind} but the model was trained on ${expected}`);
  }
  if (problems.length > 0) {
    throw new FramewiseError('SCHEMA_MISMATCH', `The data does not match the columns ${modelName} was trained on: ${problems.join('; ')}.`, {
      hint: `The model expects: ${signature.features.map((f) => `${f.name} (${expectedStorage(f)})`).join(', ')}. Load the data with the same column names and types (--type NAME=TYPE).`,
      location: { column: signature.features.find((f) => !frame.has(f.name) || frame.column(f.name).kind !== expectedStorage(f))?.name ?? '' },
    });
  }
}

function expectedStorage(feature: FeatureSignature): Column['kind'] {
  switch (feature.type) {
    case 'numeric':
      return 'numeric';
    case 'categorical':
    case 'identifier':
      return 'categorical';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'text':
    case 'constant':
      return feature.categories ? 'categorical' : 'text';
  }
}

/** Codes of a categorical column mapped onto the training categories; unseen values become -1. */
export function alignCategories(column: Column, categories: readonly string[]): Int32Array {
  if (column.kind !== 'categorical') throw new FramewiseError('INTERNAL', `alignCategories needs a categorical column, got ${column.kind}`);
  if (column.dictionary === categories) return column.codes;
  const index = new Map(categories.map((c, i) => [c, i]));
  const remap = column.dictionary.map((d) => index.get(d) ?? -1);
  const out = new Int32Array(column.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = column.codes[i]!;
    out[i] = c < 0 ? -1 : remap[c]!;
  }
  return out;
}

/** The types a feature is stored (and a file's column read) as: identifiers and constants are not among them. */
export type StoredType = Exclude<SemanticType, 'identifier' | 'constant'>;

/**
 * The type to read a file's column as so that it matches the feature's storage in training: an
 * identifier, or text or a constant kept as categories, reads as categories; the rest as they were.
 */
export function readTypeOf(feature: FeatureSignature): StoredType {
  if (feature.type === 'identifier') return 'categorical';
  if (feature.type === 'text' || feature.type === 'constant') return feature.categories ? 'categorical' : 'text';
  return feature.type;
}

/** How a feature's values are matched to its categories: as recorded at training, or as training would have decided for an older model. */
export function categoryFormOfFeature(feature: FeatureSignature): CategoryForm {
  return feature.categoryForm ?? categoryFormOf(feature.categories ?? []);
}
