// Out-of-distribution inputs against a version's signature: numbers outside the training range,
// categories never seen, missing values where training had none, and jumps in the missing rate.

import { type Column, isMissingAt, missingCount } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { InputSignature } from '../learn/estimator.js';

/** A rise in a feature's missing share (absolute) at which the jump is flagged. */
export const MISSING_JUMP = 0.1;

export interface FeatureOod {
  readonly name: string;
  readonly type: string;
  /** The feature is not in the current data at all (every row counts as out of distribution). */
  readonly absent: boolean;
  readonly rows: number;
  readonly outOfRange: number;
  readonly unseenCategories: number;
  readonly unexpectedMissing: number;
  /** Rows with any of the three above. */
  readonly oodRows: number;
  readonly oodRate: number;
  readonly trainingMissingShare: number;
  readonly currentMissingShare: number;
  readonly missingJump: boolean;
  /** Up to five values never seen in training (categories) or outside the range (numbers). */
  readonly examples: readonly (string | number)[];
  readonly range: { readonly min: number; readonly max: number } | null;
}

export interface OodReport {
  readonly rows: number;
  /** Rows with at least one out-of-distribution feature. */
  readonly oodRows: number;
  readonly oodRate: number;
  readonly features: readonly FeatureOod[];
}

function rangeOf(column: Column | undefined): { min: number; max: number } | null {
  if (column === undefined || (column.kind !== 'numeric' && column.kind !== 'datetime')) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of column.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * Checks every signature feature of `current`. `reference` (the training sample) gives the
 * training missing share and, for times or when the signature has none, the range.
 */
export function oodReport(signature: InputSignature, current: Frame, reference: Frame | null): OodReport {
  const n = current.rowCount;
  const anyOod = new Uint8Array(n);
  const features: FeatureOod[] = [];
  for (const feature of signature.features) {
    const ref = reference !== null && reference.has(feature.name) ? reference.column(feature.name) : undefined;
    const trainingMissingShare = ref === undefined ? (feature.hadMissing ? NaN : 0) : missingCount(ref) / Math.max(1, ref.kind === 'categorical' ? ref.codes.length : ref.values.length);
    const range = feature.min !== undefined && feature.max !== undefined ? { min: feature.min, max: feature.max } : rangeOf(ref);
    if (!current.has(feature.name)) {
      anyOod.fill(1);
      features.push({ name: feature.name, type: feature.type, absent: true, rows: n, outOfRange: 0, unseenCategories: 0, unexpectedMissing: n, oodRows: n, oodRate: n === 0 ? 0 : 1, trainingMissingShare, currentMissingShare: 1, missingJump: true, examples: [], range });
      continue;
    }
    const column = current.column(feature.name);
    const known = feature.categories === undefined ? null : new Set(feature.categories);
    let outOfRange = 0;
    let unseen = 0;
    let unexpectedMissing = 0;
    let oodRows = 0;
    let missing = 0;
    const examples = new Set<string | number>();
    for (let i = 0; i < n; i++) {
      let flagged = false;
      if (isMissingAt(column, i)) {
        missing++;
        if (!feature.hadMissing) {
          unexpectedMissing++;
          flagged = true;
        }
      } else if ((column.kind === 'numeric' || column.kind === 'datetime') && range !== null) {
        const v = column.values[i]!;
        if (v < range.min || v > range.max) {
          outOfRange++;
          flagged = true;
          if (examples.size < 5) examples.add(v);
        }
      } else if (known !== null && (column.kind === 'categorical' || column.kind === 'text' || column.kind === 'boolean')) {
        const value = column.kind === 'categorical' ? column.dictionary[column.codes[i]!]! : column.kind === 'text' ? column.values[i]! : String(column.values[i] === 1);
        if (!known.has(value)) {
          unseen++;
          flagged = true;
          if (examples.size < 5) examples.add(value);
        }
      }
      if (flagged) {
        oodRows++;
        anyOod[i] = 1;
      }
    }
    const currentMissingShare = n === 0 ? 0 : missing / n;
    features.push({
      name: feature.name,
      type: feature.type,
      absent: false,
      rows: n,
      outOfRange,
      unseenCategories: unseen,
      unexpectedMissing,
      oodRows,
      oodRate: n === 0 ? 0 : oodRows / n,
      trainingMissingShare,
      currentMissingShare,
      missingJump: Number.isFinite(trainingMissingShare) && currentMissingShare - trainingMissingShare >= MISSING_JUMP,
      examples: [...examples],
      range,
    });
  }
  let total = 0;
  for (const flag of anyOod) total += flag;
  return { rows: n, oodRows: total, oodRate: n === 0 ? 0 : total / n, features };
}
