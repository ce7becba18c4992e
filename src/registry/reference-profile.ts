// The reference profile of a model's training data, kept with each registered version so that
// monitoring can compare live inputs with what the model learned from: per feature, a quantile
// histogram and range for numbers, value counts for categories, and the share missing.

import type { Column } from '../data/column.js';
import { missingCount } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { InputSignature } from '../learn/estimator.js';

export const REFERENCE_PROFILE_VERSION = 1;
export const DEFAULT_BINS = 20;

export type FeatureProfile =
  | {
      readonly name: string;
      readonly kind: 'numeric' | 'datetime';
      readonly missingShare: number;
      readonly min: number | null;
      readonly max: number | null;
      /** Bin edges at evenly spaced quantiles (ties collapse, so there may be fewer than `bins` + 1). */
      readonly edges: readonly number[];
      /** Rows in each bin [edges[i], edges[i+1]); the last bin includes its upper edge. */
      readonly counts: readonly number[];
    }
  | {
      readonly name: string;
      readonly kind: 'categorical' | 'boolean' | 'text';
      readonly missingShare: number;
      /** Rows per value, most common first; values beyond `maxValues` are summed into `otherCount`. */
      readonly values: readonly { readonly value: string; readonly count: number }[];
      readonly otherCount: number;
    };

export interface ReferenceProfile {
  readonly kind: 'framewise.reference-profile';
  readonly version: typeof REFERENCE_PROFILE_VERSION;
  readonly rows: number;
  readonly features: readonly FeatureProfile[];
}

export interface ProfileOptions {
  readonly bins?: number;
  /** Most categories counted one by one per feature (the rest are summed). */
  readonly maxValues?: number;
}

/** Profiles the signature's features in `frame`; features the frame lacks are left out. */
export function buildReferenceProfile(frame: Frame, signature: InputSignature, options: ProfileOptions = {}): ReferenceProfile {
  const bins = options.bins ?? DEFAULT_BINS;
  const maxValues = options.maxValues ?? 200;
  const features: FeatureProfile[] = [];
  for (const feature of signature.features) {
    if (!frame.has(feature.name)) continue;
    features.push(profileColumn(frame.column(feature.name), frame.rowCount, bins, maxValues));
  }
  return { kind: 'framewise.reference-profile', version: REFERENCE_PROFILE_VERSION, rows: frame.rowCount, features };
}

function profileColumn(column: Column, rows: number, bins: number, maxValues: number): FeatureProfile {
  const missingShare = rows === 0 ? 0 : missingCount(column) / rows;
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return { name: column.name, kind: column.kind, missingShare, ...quantileHistogram(column.values, bins) };
    case 'categorical': {
      const counts = new Float64Array(column.dictionary.length);
      for (const c of column.codes) if (c >= 0) counts[c]!++;
      return valueCounts(column.name, 'categorical', missingShare, column.dictionary.map((value, i) => ({ value, count: counts[i]! })), maxValues);
    }
    case 'boolean': {
      let yes = 0;
      let no = 0;
      for (const v of column.values) {
        if (v === 1) yes++;
        else if (v === 0) no++;
      }
      return valueCounts(column.name, 'boolean', missingShare, [{ value: 'true', count: yes }, { value: 'false', count: no }], maxValues);
    }
    case 'text': {
      const counts = new Map<string, number>();
      for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      return valueCounts(column.name, 'text', missingShare, [...counts].map(([value, count]) => ({ value, count })), maxValues);
    }
  }
}

function valueCounts(name: string, kind: 'categorical' | 'boolean' | 'text', missingShare: number, all: { value: string; count: number }[], maxValues: number): FeatureProfile {
  const seen = all.filter((v) => v.count > 0).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const kept = seen.slice(0, maxValues);
  const otherCount = seen.slice(maxValues).reduce((sum, v) => sum + v.count, 0);
  return { name, kind, missingShare, values: kept, otherCount };
}

/** Values above which the interior edges come from an evenly spaced sample of this many. */
export const EXACT_QUANTILE_VALUES = 1_000_000;

/**
 * Edges at the 0, 1/bins, …, 1 quantiles of the present values (duplicates dropped), and counts
 * per bin. Up to EXACT_QUANTILE_VALUES present values the edges are exact nearest-rank quantiles;
 * above, the interior edges are those of an evenly spaced sample of that many (sorting tens of
 * millions of numbers per feature would cost minutes at registration), while the outer edges stay
 * the true minimum and maximum and the counts are exact over every value.
 */
export function quantileHistogram(values: Float64Array, bins: number): { min: number | null; max: number | null; edges: number[]; counts: number[] } {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return { min: null, max: null, edges: [], counts: [] };
  // Copied in a loop: a typed array's filter gathers its survivors as boxed numbers first.
  const step = n <= EXACT_QUANTILE_VALUES ? 1 : n / EXACT_QUANTILE_VALUES;
  const sample = new Float64Array(step === 1 ? n : EXACT_QUANTILE_VALUES);
  for (let i = 0, seen = 0, k = 0, next = 0; i < values.length && k < sample.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (seen >= next) {
      sample[k++] = v;
      next = Math.floor(k * step);
    }
    seen++;
  }
  sample.sort();
  const m = sample.length;
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) {
    // Nearest-rank quantile: an edge is always a value that occurs in the data.
    const edge = b === 0 ? min : b === bins ? max : sample[Math.min(m - 1, Math.round((b / bins) * (m - 1)))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  if (edges.length === 1) return { min, max, edges, counts: [n] };
  const counts = new Array<number>(edges.length - 1).fill(0);
  const last = counts.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    // The bin whose lower edge is the largest one at or below v; the top edge closes the last bin.
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (v >= edges[mid]!) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]!++;
  }
  return { min, max, edges, counts };
}
