// Views of a frame column as learners need them: numbers (booleans as 0/1, times as days since
// 1970) with NaN for missing, or a category key per row for one-hot encoding.

import { FramewiseError } from '../../core/errors.js';
import type { Column } from '../../data/column.js';
import { alignCategories } from '../signature.js';

const MS_PER_DAY = 86_400_000;

export type NumberSource = 'numeric' | 'boolean' | 'datetime';

/**
 * The column as numbers, NaN where missing. Times become days since 1970-01-01 so that an
 * unstandardised model sees values of a sensible size (milliseconds reach 1e12).
 */
export function numericView(column: Column): Float64Array {
  switch (column.kind) {
    case 'numeric':
      return column.values;
    case 'datetime': {
      const out = new Float64Array(column.values.length);
      for (let i = 0; i < out.length; i++) out[i] = column.values[i]! / MS_PER_DAY;
      return out;
    }
    case 'boolean': {
      const out = new Float64Array(column.values.length);
      for (let i = 0; i < out.length; i++) {
        const v = column.values[i]!;
        out[i] = v < 0 ? Number.NaN : v;
      }
      return out;
    }
    default:
      throw new FramewiseError('INTERNAL', `Column '${column.name}' is ${column.kind}, not a number source.`);
  }
}

/**
 * Per row, the index of its category in `categories`: -1 when the value is missing, -2 when it
 * is present but not among `categories` (unseen, or folded into "other").
 */
export function categoryIndex(column: Column, categories: readonly string[]): Int32Array {
  if (column.kind === 'categorical') {
    // alignCategories gives -1 for both missing and unseen values; the codes tell them apart.
    const aligned = alignCategories(column, categories);
    const out = new Int32Array(aligned.length);
    for (let i = 0; i < out.length; i++) out[i] = aligned[i]! >= 0 ? aligned[i]! : column.codes[i]! < 0 ? -1 : -2;
    return out;
  }
  const index = new Map(categories.map((c, i) => [c, i]));
  if (column.kind === 'text') {
    const out = new Int32Array(column.values.length);
    for (let i = 0; i < out.length; i++) {
      const v = column.values[i];
      out[i] = v === null || v === undefined ? -1 : (index.get(v) ?? -2);
    }
    return out;
  }
  throw new FramewiseError('INTERNAL', `Column '${column.name}' is ${column.kind}, not a category source.`);
}

/** Training counts of each present value, most frequent first, ties broken by the value. */
export function categoryCounts(column: Column): { readonly values: string[]; readonly counts: number[]; readonly missing: number } {
  const counts = new Map<string, number>();
  let missing = 0;
  if (column.kind === 'categorical') {
    const byCode = new Float64Array(column.dictionary.length);
    for (const c of column.codes) {
      if (c < 0) missing++;
      else byCode[c] += 1;
    }
    column.dictionary.forEach((d, code) => {
      if (byCode[code]! > 0) counts.set(d, (counts.get(d) ?? 0) + byCode[code]!);
    });
  } else if (column.kind === 'text') {
    for (const v of column.values) {
      if (v === null) missing++;
      else counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  } else {
    throw new FramewiseError('INTERNAL', `Column '${column.name}' is ${column.kind}, not a category source.`);
  }
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { values: entries.map((e) => e[0]), counts: entries.map((e) => e[1]), missing };
}
