// Fits the shared preprocessing on training rows only (fill-ins, standardisation, capped one-hot)
// into a plain JSON object, and applies it to any frame to get a dense design matrix.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import type { InputSignature } from '../estimator.js';
import { type DesignMatrix } from './design-matrix.js';
import { categoryCounts, categoryIndex, type NumberSource, numericView } from './column-values.js';
import type { ImputeStrategy, PreprocessOptions } from './params.js';

/** One input column turned into one or more design-matrix columns. */
export type FeatureStep =
  | {
      readonly kind: 'number';
      readonly column: string;
      readonly source: NumberSource;
      /**
       * Value used where the input is missing or infinite (training median or mean of the finite
       * values; 0 if none was seen). Infinities count as missing: one would otherwise turn every
       * centred value into NaN.
       */
      readonly fill: number;
      /** x ↦ (x − center) / scale; 0 and 1 when not standardising. */
      readonly center: number;
      readonly scale: number;
      /** Whether a 0/1 column follows, marking the rows that were filled in. */
      readonly indicator: boolean;
    }
  | {
      readonly kind: 'onehot';
      readonly column: string;
      /** Categories with their own column, most frequent in training first. */
      readonly categories: readonly string[];
      /** Whether an "other" column exists (training had more categories than the cap). */
      readonly other: boolean;
      /** Whether a "missing" column exists (training had missing values). */
      readonly missing: boolean;
    };

export interface FittedPreprocessor {
  readonly kind: 'preprocessor';
  readonly impute: ImputeStrategy;
  readonly standardize: boolean;
  readonly maxCategories: number;
  readonly missingIndicators: boolean;
  readonly steps: readonly FeatureStep[];
  readonly featureNames: readonly string[];
}

export const OTHER = '(other)';
export const MISSING = '(missing)';

/** Learns every step from the training frame's signature columns. */
export function fitPreprocessor(frame: Frame, signature: InputSignature, options: PreprocessOptions): FittedPreprocessor {
  const steps: FeatureStep[] = [];
  for (const feature of signature.features) {
    const column = frame.column(feature.name);
    if (column.kind === 'categorical' || column.kind === 'text') {
      const { values, missing } = categoryCounts(column);
      const kept = values.slice(0, options.maxCategories);
      steps.push({ kind: 'onehot', column: column.name, categories: kept, other: values.length > kept.length, missing: missing > 0 });
    } else {
      const x = numericView(column);
      const fill = fillValue(x, options.impute);
      const indicator = options.missingIndicators && x.some((v) => !Number.isFinite(v));
      let center = 0;
      let scale = 1;
      if (options.standardize) [center, scale] = meanAndScale(x, fill);
      steps.push({ kind: 'number', column: column.name, source: column.kind, fill, center, scale, indicator });
    }
  }
  return {
    kind: 'preprocessor',
    impute: options.impute,
    standardize: options.standardize,
    maxCategories: options.maxCategories,
    missingIndicators: options.missingIndicators,
    steps,
    featureNames: steps.flatMap(stepNames),
  };
}

function stepNames(step: FeatureStep): string[] {
  if (step.kind === 'number') return step.indicator ? [step.column, `${step.column}=${MISSING}`] : [step.column];
  const names = step.categories.map((c) => `${step.column}=${c}`);
  if (step.other) names.push(`${step.column}=${OTHER}`);
  if (step.missing) names.push(`${step.column}=${MISSING}`);
  return names;
}

function fillValue(x: Float64Array, strategy: ImputeStrategy): number {
  const present = new Float64Array(x.length);
  let m = 0;
  for (const v of x) if (Number.isFinite(v)) present[m++] = v;
  if (m === 0) return 0;
  if (strategy === 'mean') {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += present[i]!;
    return sum / m;
  }
  return median(present.subarray(0, m));
}

/**
 * The median (mean of the middle two for an even count) by quickselect, in linear time: a
 * full sort of every column costs more than fitting a linear model. Reorders `values`.
 */
export function median(values: Float64Array): number {
  const n = values.length;
  const upper = selectInPlace(values, n >> 1);
  if (n % 2 === 1) return upper;
  // After selection everything left of n/2 is at most `upper`: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** Moves the k-th smallest value to index k, smaller ones before it, larger after; returns it. */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as pivot, so sorted or reversed input stays linear.
    const mid = (lo + hi) >> 1;
    const pivot = Math.max(Math.min(a[lo]!, a[mid]!), Math.min(Math.max(a[lo]!, a[mid]!), a[hi]!));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Mean and population standard deviation after filling in (as an imputer then a scaler would). */
function meanAndScale(x: Float64Array, fill: number): [number, number] {
  const n = x.length;
  if (n === 0) return [0, 1];
  let sum = 0;
  for (const v of x) sum += Number.isFinite(v) ? v : fill;
  const mean = sum / n;
  let squares = 0;
  for (const v of x) {
    const d = (Number.isFinite(v) ? v : fill) - mean;
    squares += d * d;
  }
  const sd = Math.sqrt(squares / n);
  // A constant column keeps scale 1, as scikit-learn's StandardScaler does.
  return [mean, sd > 0 && Number.isFinite(sd) ? sd : 1];
}

/** The design matrix of `frame` under a fitted preprocessor (the frame's columns must match). */
export function transformFrame(prep: FittedPreprocessor, frame: Frame): DesignMatrix {
  const rows = frame.rowCount;
  const cols = prep.featureNames.length;
  const data = new Float64Array(rows * cols);
  let j = 0;
  for (const step of prep.steps) {
    const column = frame.column(step.column);
    if (step.kind === 'number') {
      if (column.kind !== step.source) throw kindMismatch(step.column, column.kind, step.source);
      const x = numericView(column);
      const out = data.subarray(j * rows, (j + 1) * rows);
      const { fill, center, scale } = step;
      for (let i = 0; i < rows; i++) {
        const v = x[i]!;
        out[i] = ((Number.isFinite(v) ? v : fill) - center) / scale;
      }
      if (step.indicator) {
        const marks = data.subarray((j + 1) * rows, (j + 2) * rows);
        for (let i = 0; i < rows; i++) if (!Number.isFinite(x[i]!)) marks[i] = 1;
      }
      j += step.indicator ? 2 : 1;
      continue;
    }
    if (column.kind !== 'categorical' && column.kind !== 'text') throw kindMismatch(step.column, column.kind, 'categorical');
    const index = categoryIndex(column, step.categories);
    const otherCol = step.other ? j + step.categories.length : -1;
    const missingCol = step.missing ? j + step.categories.length + (step.other ? 1 : 0) : -1;
    for (let i = 0; i < rows; i++) {
      const k = index[i]!;
      // Unseen categories fall into "other" when it exists, else the row is all zeros here;
      // a missing value gets the "missing" column when training had one, else zeros too.
      const target = k >= 0 ? j + k : k === -2 ? otherCol : missingCol;
      if (target >= 0) data[target * rows + i] = 1;
    }
    j += step.categories.length + (step.other ? 1 : 0) + (step.missing ? 1 : 0);
  }
  return { rows, cols, data, featureNames: prep.featureNames };
}

function kindMismatch(name: string, got: string, expected: string): FramewiseError {
  return new FramewiseError('SCHEMA_MISMATCH', `Column '${name}' is ${got} but the preprocessing was fitted on ${expected}.`, {
    hint: `Load '${name}' with the type it had in training.`,
    location: { column: name },
  });
}

/** Checks a parsed JSON value is a preprocessor, naming the first field that is not. */
export function parsePreprocessor(value: unknown, where: string): FittedPreprocessor {
  const bad = (field: string, why: string): FramewiseError =>
    new FramewiseError('MODEL_FORMAT', `${where}: field '${field}' ${why}.`, { hint: 'The model file is damaged or was not written by framewise.', location: { field } });
  if (typeof value !== 'object' || value === null) throw bad('preprocessor', 'is not an object');
  const p = value as Record<string, unknown>;
  if (p['kind'] !== 'preprocessor') throw bad('preprocessor.kind', `must be "preprocessor", got ${JSON.stringify(p['kind'])}`);
  if (!Array.isArray(p['steps'])) throw bad('preprocessor.steps', 'is not an array');
  if (!Array.isArray(p['featureNames']) || !p['featureNames'].every((n) => typeof n === 'string')) throw bad('preprocessor.featureNames', 'is not a list of names');
  let width = 0;
  (p['steps'] as unknown[]).forEach((s, i) => {
    const step = s as Record<string, unknown>;
    const f = `preprocessor.steps[${i}]`;
    if (typeof step !== 'object' || step === null || typeof step['column'] !== 'string') throw bad(f, 'has no column name');
    if (step['kind'] === 'number') {
      for (const key of ['fill', 'center', 'scale']) if (typeof step[key] !== 'number') throw bad(`${f}.${key}`, 'is not a number');
      if (!['numeric', 'boolean', 'datetime'].includes(step['source'] as string)) throw bad(`${f}.source`, 'is not numeric, boolean or datetime');
      if (typeof step['indicator'] !== 'boolean') throw bad(`${f}.indicator`, 'is not true or false');
      width += step['indicator'] ? 2 : 1;
    } else if (step['kind'] === 'onehot') {
      if (!Array.isArray(step['categories'])) throw bad(`${f}.categories`, 'is not an array');
      if (typeof step['other'] !== 'boolean' || typeof step['missing'] !== 'boolean') throw bad(f, 'lacks the other/missing flags');
      width += step['categories'].length + (step['other'] ? 1 : 0) + (step['missing'] ? 1 : 0);
    } else throw bad(`${f}.kind`, `must be "number" or "onehot", got ${JSON.stringify(step['kind'])}`);
  });
  if (width !== (p['featureNames'] as unknown[]).length) throw bad('preprocessor.featureNames', `has ${(p['featureNames'] as unknown[]).length} names for ${width} columns`);
  return value as FittedPreprocessor;
}
