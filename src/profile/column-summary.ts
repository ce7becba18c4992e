// Per-column summary statistics for `inspect`: missing share, distinct count, range and mean
// for numbers and times, and the most frequent values for categories.

import { type Column, missingCount } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { SemanticType } from '../data/semantic-type.js';

export interface ValueCount {
  readonly value: string;
  readonly count: number;
  readonly share: number;
}

export interface NumericStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
}

export interface ColumnSummary {
  readonly name: string;
  readonly storage: Column['kind'];
  readonly type: SemanticType;
  readonly reason: string;
  readonly typeOverridden: boolean;
  readonly missing: { readonly count: number; readonly share: number };
  readonly distinct: number;
  /** Numbers only; null when every value is missing. */
  readonly numeric?: NumericStats | null;
  /** Times only, as ISO strings. */
  readonly datetime?: { readonly min: string; readonly max: string } | null;
  /** Categories, booleans and text: the most frequent values, most frequent first. */
  readonly top?: readonly ValueCount[];
}

export function summarizeColumn(frame: Frame, column: Column, topCount = 5): ColumnSummary {
  const n = frame.rowCount;
  const type = frame.typeOf(column.name);
  const missing = missingCount(column);
  const base = {
    name: column.name,
    storage: column.kind,
    type: type.type,
    reason: type.reason,
    typeOverridden: type.overridden,
    missing: { count: missing, share: n === 0 ? 0 : missing / n },
  };
  switch (column.kind) {
    case 'numeric':
      return { ...base, distinct: distinctNumbers(column.values), numeric: numericStats(column.values) };
    case 'datetime': {
      const stats = numericStats(column.values);
      return {
        ...base,
        distinct: distinctNumbers(column.values),
        datetime: stats === null ? null : { min: new Date(stats.min).toISOString(), max: new Date(stats.max).toISOString() },
      };
    }
    case 'categorical': {
      const counts = new Float64Array(column.dictionary.length);
      for (const c of column.codes) if (c >= 0) counts[c]!++;
      const entries = column.dictionary.map((value, i) => ({ value, count: counts[i]! })).filter((e) => e.count > 0);
      return { ...base, distinct: entries.length, top: topValues(entries, n, topCount) };
    }
    case 'boolean': {
      let t = 0;
      let f = 0;
      for (const v of column.values) {
        if (v === 1) t++;
        else if (v === 0) f++;
      }
      // Shown in the data's own words (yes/no) when it wrote them so.
      const [no, yes] = column.words ?? ['false', 'true'];
      const entries = [{ value: yes, count: t }, { value: no, count: f }].filter((e) => e.count > 0);
      return { ...base, distinct: entries.length, top: topValues(entries, n, topCount) };
    }
    case 'text': {
      const counts = new Map<string, number>();
      for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      const entries = [...counts].map(([value, count]) => ({ value, count }));
      return { ...base, distinct: counts.size, top: topValues(entries, n, topCount) };
    }
  }
}

function topValues(entries: { value: string; count: number }[], n: number, limit: number): ValueCount[] {
  return entries
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, limit)
    .map((e) => ({ value: e.value, count: e.count, share: e.count / n }));
}

function distinctNumbers(values: Float64Array): number {
  const seen = new Set<number>();
  for (const v of values) if (v === v) seen.add(v);
  return seen.size;
}

/** Min, max, mean and sample standard deviation (Welford), ignoring NaN. */
export function numericStats(values: Float64Array): NumericStats | null {
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v !== v) continue;
    count++;
    const delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return null;
  return { min, max, mean, std: count > 1 ? Math.sqrt(m2 / (count - 1)) : 0 };
}

/** The q-quantile (0..1) of the non-missing values, linear between order statistics. */
export function quantile(sortedValues: Float64Array, q: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  const position = (sortedValues.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sortedValues[low]! + (sortedValues[high]! - sortedValues[low]!) * (position - low);
}
