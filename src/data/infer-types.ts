// Infers each column's semantic type from its values, with the one-line reason the user sees,
// and converts storage where the meaning differs from how the file stored it.

import { type Column, missingCount } from './column.js';
import type { ColumnTypeInfo, SemanticType } from './semantic-type.js';
import { booleanOfWord } from './boolean-words.js';
import { convertColumn } from './convert-column.js';

/** Integer columns with at most this many distinct values are read as categories. */
export const MAX_INTEGER_CATEGORIES = 10;
/** A column whose values are this share distinct (or more) can be an identifier. */
export const IDENTIFIER_DISTINCT_SHARE = 0.95;
/** Strings this long on average, mostly distinct, are free text. */
export const TEXT_MIN_MEAN_LENGTH = 30;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_NAME = /(^id$|^id_|_id$|Id$|^key$|_key$|uuid|guid)/i;

/** A yes/no word as text (digits 0/1 are numbers, read as two categories instead). */
function isYesNoWord(d: string): boolean {
  return !/^\s*[01]\s*$/.test(d) && booleanOfWord(d) !== null;
}

/** Both a true and a false word among the values (two spellings of "yes" are no boolean). */
function bothSides(dictionary: readonly string[]): boolean {
  const seen = new Set(dictionary.map(booleanOfWord));
  return seen.has(true) && seen.has(false);
}

export interface InferredColumn {
  readonly column: Column;
  readonly info: ColumnTypeInfo;
}

export function inferColumnType(column: Column): InferredColumn {
  const n = column.kind === 'categorical' ? column.codes.length : column.values.length;
  const present = n - missingCount(column);
  const keep = (type: SemanticType, reason: string): InferredColumn => ({
    column,
    info: { type, reason, overridden: false },
  });
  const convertTo = (type: SemanticType, reason: string): InferredColumn => ({
    column: convertColumn(column, type),
    info: { type, reason, overridden: false },
  });
  if (present === 0) return keep('constant', 'every value is missing');

  switch (column.kind) {
    case 'numeric': {
      const stats = numericStats(column.values);
      if (stats.fewDistinct === 1) return keep('constant', `every row holds the same value ${stats.first}`);
      if (stats.allIntegers && stats.fewDistinct <= MAX_INTEGER_CATEGORIES && present >= 2 * stats.fewDistinct) {
        return convertTo('categorical', `whole numbers with only ${stats.fewDistinct} distinct values`);
      }
      const sequential = stats.allIntegers && stats.max - stats.min + 1 <= present * 1.05;
      if (stats.allIntegers && present >= 20 && (sequential || ID_NAME.test(column.name)) && allDistinct(column.values, stats)) {
        return keep('identifier', `every value is a distinct whole number${sequential ? ' counting up like a row number' : ''}`);
      }
      return keep('numeric', stats.allIntegers ? 'whole numbers with many distinct values' : 'numbers with fractional values');
    }
    case 'datetime':
      return keep('datetime', 'stored as dates or timestamps');
    case 'boolean':
      return keep('boolean', 'true/false values');
    case 'text':
      return keep('text', 'free text');
    case 'categorical': {
      const dictionary = column.dictionary;
      const used = usedCodes(column.codes, dictionary.length);
      if (used === 1) return keep('constant', `every row holds the same value '${firstUsed(column.codes, dictionary)}'`);
      if (dictionary.every((d) => ISO_DATE.test(d.trim()))) {
        return convertTo('datetime', 'every value is an ISO date or timestamp string');
      }
      if (used >= 2 && dictionary.every(isYesNoWord) && bothSides(dictionary)) {
        return convertTo('boolean', `${used === 2 ? 'two values only' : 'yes/no values only'}: ${dictionary.map((d) => `'${d}'`).join(' and ')}`);
      }
      const meanLength = meanStringLength(column.codes, dictionary);
      const distinctShare = used / present;
      if (meanLength >= TEXT_MIN_MEAN_LENGTH && distinctShare > 0.5 && dictionary.some((d) => d.includes(' '))) {
        return convertTo('text', `long free text (${meanLength.toFixed(0)} characters on average, ${(100 * distinctShare).toFixed(0)}% distinct)`);
      }
      if (present >= 20 && distinctShare >= IDENTIFIER_DISTINCT_SHARE) {
        const uuid = dictionary.slice(0, 50).every((d) => UUID.test(d));
        return keep('identifier', uuid ? 'UUIDs, distinct on every row' : `${(100 * distinctShare).toFixed(0)}% of values are distinct: a label for each row, not a category`);
      }
      return keep('categorical', `text with ${used} distinct values`);
    }
  }
}

interface NumericStats {
  /** Distinct values counted up to MAX_INTEGER_CATEGORIES + 1, which means "more". */
  readonly fewDistinct: number;
  readonly allIntegers: boolean;
  readonly min: number;
  readonly max: number;
  readonly first: number;
}

/** One pass that answers inference's questions without counting every distinct value. */
function numericStats(values: Float64Array): NumericStats {
  const few: number[] = [];
  let allIntegers = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (few.length <= MAX_INTEGER_CATEGORIES && !few.includes(v)) few.push(v);
    if (allIntegers && Math.floor(v) !== v) allIntegers = false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { fewDistinct: few.length, allIntegers, min, max, first: few[0] ?? Number.NaN };
}

/** Whether every present whole number occurs once (a bitmap over the range when it is small). */
function allDistinct(values: Float64Array, stats: NumericStats): boolean {
  const range = stats.max - stats.min + 1;
  if (range <= 64 * values.length) {
    const seen = new Uint8Array(range);
    for (const v of values) {
      if (v !== v) continue;
      const k = v - stats.min;
      if (seen[k] === 1) return false;
      seen[k] = 1;
    }
    return true;
  }
  const set = new Set<number>();
  for (const v of values) {
    if (v !== v) continue;
    if (set.has(v)) return false;
    set.add(v);
  }
  return true;
}

function usedCodes(codes: Int32Array, size: number): number {
  const used = new Uint8Array(size);
  let count = 0;
  for (const c of codes) {
    if (c >= 0 && used[c] === 0) {
      used[c] = 1;
      count++;
    }
  }
  return count;
}

function firstUsed(codes: Int32Array, dictionary: readonly string[]): string {
  for (const c of codes) if (c >= 0) return dictionary[c]!;
  return '';
}

function meanStringLength(codes: Int32Array, dictionary: readonly string[]): number {
  let total = 0;
  let count = 0;
  for (const c of codes) {
    if (c < 0) continue;
    total += dictionary[c]!.length;
    count++;
  }
  return count === 0 ? 0 : total / count;
}
