// A column made ready for drift tests once: numbers sorted without missing values (so every
// numeric test is a merge or a binary search), categories counted per label.

import type { Column } from '../data/column.js';
import { sortFloats } from './sort-floats.js';

export type DriftSample =
  | { readonly kind: 'numeric'; readonly sorted: Float64Array; readonly missing: number }
  | { readonly kind: 'categorical'; readonly labels: readonly string[]; readonly counts: Float64Array; readonly missing: number };

export type SampleKind = DriftSample['kind'];

/** Numbers (NaN = missing) copied without the missing ones and sorted ascending. */
export function numericSample(values: ArrayLike<number>): DriftSample {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
  const sorted = new Float64Array(values.length - missing);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) sorted[k++] = v;
  }
  sortFloats(sorted);
  return { kind: 'numeric', sorted, missing };
}

/** Counts of each code (−1 = missing) under its label. */
export function categoricalSample(codes: ArrayLike<number>, dictionary: readonly string[]): DriftSample {
  const counts = new Float64Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0) missing++;
    else counts[c]!++;
  }
  return { kind: 'categorical', labels: dictionary, counts, missing };
}

/** The sample of a frame column; text columns have none (no distribution test applies). */
export function sampleOfColumn(column: Column): DriftSample | null {
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return numericSample(column.values);
    case 'categorical':
      return categoricalSample(column.codes, column.dictionary);
    case 'boolean':
      return categoricalSample(column.values, ['false', 'true']);
    case 'text':
      return null;
  }
}

/** Distinct values of a sorted sample (for choosing a test: few distinct numbers act as categories). */
export function distinctCount(sorted: Float64Array, stopAt = Infinity): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      count++;
      if (count > stopAt) return count;
    }
  }
  return count;
}

/** A numeric sample seen as categories: each distinct value a label, counted by run length. */
export function asCategorical(sample: DriftSample): Extract<DriftSample, { kind: 'categorical' }> {
  if (sample.kind === 'categorical') return sample;
  const labels: string[] = [];
  const counts: number[] = [];
  const s = sample.sorted;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    labels.push(String(s[i]));
    counts.push(j - i);
    i = j;
  }
  return { kind: 'categorical', labels, counts: Float64Array.from(counts), missing: sample.missing };
}

export interface AlignedCounts {
  readonly labels: readonly string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/** Both samples' counts over the union of their labels (reference labels first, then new ones). */
export function alignCounts(reference: DriftSample, current: DriftSample): AlignedCounts {
  const ref = asCategorical(reference);
  const cur = asCategorical(current);
  const index = new Map<string, number>();
  const labels: string[] = [];
  const add = (label: string): number => {
    let i = index.get(label);
    if (i === undefined) {
      i = labels.length;
      index.set(label, i);
      labels.push(label);
    }
    return i;
  };
  const refIdx = ref.labels.map(add);
  const curIdx = cur.labels.map(add);
  const r = new Float64Array(labels.length);
  const c = new Float64Array(labels.length);
  for (let i = 0; i < refIdx.length; i++) r[refIdx[i]!]! += ref.counts[i]!;
  for (let i = 0; i < curIdx.length; i++) c[curIdx[i]!]! += cur.counts[i]!;
  return { labels, reference: r, current: c };
}

export function sampleSize(sample: DriftSample): number {
  if (sample.kind === 'numeric') return sample.sorted.length;
  let n = 0;
  for (const c of sample.counts) n += c;
  return n;
}
