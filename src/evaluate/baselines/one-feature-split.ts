// The clustering bar: the best partition of the rows into k groups by one feature alone (k−1 cut
// points on a number, chosen by one-dimensional optimal k-means; the k−1 largest categories and
// the rest on a category), scored exactly as k-means is: silhouette in the same scaled space.

import type { Column } from '../../data/column.js';
import { type RowMatrix, rowDistance, silhouetteOnRows } from '../metrics/clustering.js';

/** One feature's k-group split. */
export interface FeatureSplit {
  readonly feature: string;
  /** Group of each row, 0..k−1 (fewer groups when the feature has fewer distinct values). */
  readonly groups: Int32Array;
  /** The split in words, e.g. "petal_length ≤ 2.45 | petal_length > 2.45". */
  readonly rule: string;
  /** Numbers: the k−1 cut points (a row goes above a cut when its value is greater); empty for categories. */
  readonly cuts: readonly number[];
  /** How many groups the split really has. */
  readonly groupCount: number;
}

/** Distinct values beyond this are pooled into equal-count bins before the dynamic programme (its cost is k × bins²). */
const MAX_BINS = 400;

/**
 * One-dimensional optimal k-means (Jenks' natural breaks): the k−1 cut points that minimise the
 * within-group sum of squares of `values`, found exactly by dynamic programming over the sorted
 * distinct values (weighted by their counts). Missing values are left out of the search and
 * placed in the group of the median, as k-means' median imputation places them.
 */
export function optimalCuts(values: ArrayLike<number>, k: number): number[] {
  const present = Float64Array.from({ length: values.length }, (_, i) => values[i]!).filter((v) => Number.isFinite(v)).sort();
  // Distinct values with their counts, pooled into at most MAX_BINS runs of neighbours.
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of present) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]!++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const bins = poolBins(distinct, counts, MAX_BINS);
  const n = bins.length;
  const groups = Math.min(k, n);
  if (groups < 2) return [];
  // Prefix sums of weight, weighted sum and weighted square: the cost of a run is O(1).
  const w = new Float64Array(n + 1);
  const s = new Float64Array(n + 1);
  const q = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const b = bins[i]!;
    w[i + 1] = w[i]! + b.weight;
    s[i + 1] = s[i]! + b.sum;
    q[i + 1] = q[i]! + b.squares;
  }
  const cost = (from: number, to: number): number => {
    const weight = w[to]! - w[from]!;
    const sum = s[to]! - s[from]!;
    return Math.max(0, q[to]! - q[from]! - (sum * sum) / weight);
  };
  // best[g][i]: least cost of the first i bins in g+1 groups; back[g][i]: where the last group starts.
  let previous = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = 1; i <= n; i++) previous[i] = cost(0, i);
  const back: Int32Array[] = [];
  for (let g = 1; g < groups; g++) {
    const current = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const from = new Int32Array(n + 1);
    for (let i = g + 1; i <= n; i++) {
      for (let j = g; j < i; j++) {
        const c = previous[j]! + cost(j, i);
        if (c < current[i]!) {
          current[i] = c;
          from[i] = j;
        }
      }
    }
    back.push(from);
    previous = current;
  }
  const starts: number[] = [];
  let end = n;
  for (let g = groups - 1; g >= 1; g--) {
    end = back[g - 1]![end]!;
    starts.unshift(end);
  }
  // A cut halfway between the last value of one group and the first of the next.
  return starts.map((start) => (bins[start - 1]!.last + bins[start]!.first) / 2);
}

interface Bin {
  readonly first: number;
  readonly last: number;
  readonly weight: number;
  readonly sum: number;
  readonly squares: number;
}

/** Neighbouring distinct values pooled into at most `max` bins of about equal row counts. */
function poolBins(distinct: readonly number[], counts: readonly number[], max: number): Bin[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const target = distinct.length <= max ? 0 : total / max;
  const bins: Bin[] = [];
  let first = Number.NaN;
  let weight = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < distinct.length; i++) {
    const v = distinct[i]!;
    const c = counts[i]!;
    if (weight === 0) first = v;
    weight += c;
    sum += v * c;
    squares += v * v * c;
    if (weight >= target || i === distinct.length - 1) {
      bins.push({ first, last: v, weight, sum, squares });
      weight = 0;
      sum = 0;
      squares = 0;
    }
  }
  return bins;
}

/** The k-group split of one column: cut points on a number, the largest categories on a category. */
export function splitFeature(column: Column, k: number): FeatureSplit | null {
  const name = column.name;
  if (column.kind === 'numeric' || column.kind === 'datetime') {
    const cuts = optimalCuts(column.values, k);
    if (cuts.length === 0) return null;
    const median = medianOf(column.values);
    const groups = Int32Array.from(column.values, (v) => groupOf(Number.isFinite(v) ? v : median, cuts));
    const show = column.kind === 'datetime' ? (v: number): string => new Date(v).toISOString() : (v: number): string => String(Number(v.toPrecision(4)));
    return { feature: name, groups, rule: ruleText(name, cuts, show), cuts, groupCount: cuts.length + 1 };
  }
  if (column.kind === 'boolean') {
    const groups = Int32Array.from(column.values, (v) => (v === 1 ? 1 : 0));
    if (!groups.includes(0) || !groups.includes(1)) return null;
    return { feature: name, groups, rule: `${name} is false or missing | ${name} is true`, cuts: [], groupCount: 2 };
  }
  if (column.kind === 'categorical') {
    const sizes = new Map<number, number>();
    for (const c of column.codes) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    // The k−1 largest values each form a group; every other value (and missing) the last one.
    const kept = [...sizes].filter(([code]) => code >= 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k - 1).map(([code]) => code);
    const rest = sizes.size > kept.length;
    const groupCount = kept.length + (rest ? 1 : 0);
    if (groupCount < 2) return null;
    const groupOfCode = new Map(kept.map((code, g) => [code, g]));
    const groups = Int32Array.from(column.codes, (c) => groupOfCode.get(c) ?? kept.length);
    const words = kept.map((code) => `${name} = '${column.dictionary[code]}'`);
    return { feature: name, groups, rule: [...words, ...(rest ? [`${name} is any other value`] : [])].join(' | '), cuts: [], groupCount };
  }
  return null;
}

/** A feature's split scored like k-means: mean silhouette on the same rows of the same scaled space. */
export interface ScoredSplit extends FeatureSplit {
  readonly silhouette: number;
}

/** Each cut is moved by up to this many distinct values either way while the silhouette improves. */
const SEARCH_STEPS = 4;
const SEARCH_ROUNDS = 6;
/**
 * Rows the search scores its trial cuts on (the first of the seeded sample): the search costs
 * rows² per trial, and the split it settles on is then scored on the whole sample.
 */
const SEARCH_ROWS = 600;

/**
 * The best one-feature split into k groups. On a number, the cut points start at the optimal
 * one-dimensional k-means cuts and at the k−1 widest gaps between neighbouring values, and each
 * cut is then moved to neighbouring values while the silhouette improves, so the cuts chosen are
 * the ones that score best, not merely the ones that are best along the feature. Every split is
 * scored by the silhouette on `sample` rows of `x` (the model's preprocessed space); the highest wins.
 */
export function bestFeatureSplit(columns: readonly Column[], k: number, x: RowMatrix, sample: ArrayLike<number>): { readonly best: ScoredSplit | null; readonly all: readonly ScoredSplit[] } {
  const searchRows = Array.from({ length: Math.min(sample.length, SEARCH_ROWS) }, (_, i) => sample[i]!);
  const distances = new SampleDistances(x, searchRows);
  const all: ScoredSplit[] = [];
  for (const column of columns) {
    const split = column.kind === 'numeric' ? searchCuts(column.name, column.values, k, distances, searchRows) : splitFeature(column, k);
    if (split === null || !holdsRealGroups(split.groups, split.groupCount)) continue;
    const silhouette = silhouetteOnRows(x, split.groups, sample).value;
    if (Number.isFinite(silhouette)) all.push({ ...split, silhouette });
  }
  const best = all.reduce<ScoredSplit | null>((b, s) => (b === null || s.silhouette > b.silhouette ? s : b), null);
  return { best, all };
}

/**
 * The smallest share of rows a group of the bar must hold: a cut that sets apart a few outliers
 * scores a high silhouette but is no segmentation. 5% of the rows, or a quarter of an even share
 * when there are many groups (2.5% for 10).
 */
export const MIN_GROUP_SHARE = 0.05;

/** True when every one of the split's groups holds at least its least share of the rows (and at least two rows). */
export function holdsRealGroups(groups: Int32Array, groupCount: number): boolean {
  const counts = new Array<number>(groupCount).fill(0);
  for (const g of groups) if (g >= 0 && g < groupCount) counts[g]!++;
  const least = Math.max(2, Math.ceil(Math.min(MIN_GROUP_SHARE, 0.25 / groupCount) * groups.length));
  return counts.every((c) => c >= least);
}

/** Hill-climbing on the cut points of one numeric feature, from the 1-D k-means cuts and the widest gaps. */
function searchCuts(name: string, values: Float64Array, k: number, distances: SampleDistances, sample: ArrayLike<number>): FeatureSplit | null {
  const distinct = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  if (distinct.length < 2) return null;
  const groups = Math.min(k, distinct.length);
  // Candidate cuts sit halfway between neighbouring distinct values; a cut set is indices into them.
  const mids = distinct.slice(1).map((v, i) => (distinct[i]! + v) / 2);
  const median = medianOf(values);
  const sampled = Float64Array.from({ length: sample.length }, (_, r) => {
    const v = values[sample[r]!]!;
    return Number.isFinite(v) ? v : median;
  });
  // Cuts that leave a group with too few rows score as the worst, so the climb moves away from them.
  const score = (cutIdx: readonly number[]): number => {
    const grouped = Int32Array.from(sampled, (v) => groupOf(v, cutIdx.map((i) => mids[i]!)));
    return holdsRealGroups(grouped, cutIdx.length + 1) ? distances.silhouette(grouped) : Number.NEGATIVE_INFINITY;
  };
  const nearest = (cut: number): number => {
    let best = 0;
    for (let i = 1; i < mids.length; i++) if (Math.abs(mids[i]! - cut) < Math.abs(mids[best]! - cut)) best = i;
    return best;
  };
  const gaps = mids.map((_, i) => i).sort((a, b) => distinct[b + 1]! - distinct[b]! - (distinct[a + 1]! - distinct[a]!) || a - b).slice(0, groups - 1).sort((a, b) => a - b);
  const starts = [optimalCuts(values, k).map(nearest), gaps].filter((c) => c.length === groups - 1);
  let best: { cuts: number[]; score: number } | null = null;
  for (const start of starts) {
    let cuts = [...new Set(start)].sort((a, b) => a - b);
    if (cuts.length !== groups - 1) continue;
    let current = score(cuts);
    for (let round = 0; round < SEARCH_ROUNDS; round++) {
      let improved = false;
      for (let c = 0; c < cuts.length; c++) {
        const low = c === 0 ? 0 : cuts[c - 1]! + 1;
        const high = c === cuts.length - 1 ? mids.length - 1 : cuts[c + 1]! - 1;
        for (let step = -SEARCH_STEPS; step <= SEARCH_STEPS; step++) {
          const moved = cuts[c]! + step;
          if (step === 0 || moved < low || moved > high) continue;
          const trial = cuts.map((v, i) => (i === c ? moved : v));
          const s = score(trial);
          if (s > current + 1e-12) {
            cuts = trial;
            current = s;
            improved = true;
          }
        }
      }
      if (!improved) break;
    }
    if (Number.isFinite(current) && (best === null || current > best.score)) best = { cuts, score: current };
  }
  if (best === null) return null;
  const cutValues = best.cuts.map((i) => mids[i]!);
  const show = (v: number): string => String(Number(v.toPrecision(4)));
  return { feature: name, groups: Int32Array.from(values, (v) => groupOf(Number.isFinite(v) ? v : median, cutValues)), rule: ruleText(name, cutValues, show), cuts: cutValues, groupCount: cutValues.length + 1 };
}

/**
 * The Euclidean distances between the sampled rows, computed once so that the many splits tried
 * are scored in O(rows²) each, without the features (the reported score is silhouetteOnRows').
 */
class SampleDistances {
  readonly #d: Float32Array;
  readonly #m: number;

  constructor(x: RowMatrix, sample: ArrayLike<number>) {
    const m = sample.length;
    const cols = x.cols;
    this.#m = m;
    this.#d = new Float32Array(m * m);
    for (let i = 0; i < m; i++) {
      const oi = sample[i]! * cols;
      for (let j = i + 1; j < m; j++) {
        const d = rowDistance(x.values, cols, oi, sample[j]! * cols);
        this.#d[i * m + j] = d;
        this.#d[j * m + i] = d;
      }
    }
  }

  /** Mean silhouette of the sampled rows under `groups` (one group per sampled row); NaN with fewer than 2 groups. */
  silhouette(groups: Int32Array): number {
    const m = this.#m;
    let k = 0;
    for (const g of groups) k = Math.max(k, g + 1);
    const sizes = new Float64Array(k);
    for (const g of groups) sizes[g]++;
    if (sizes.filter((s) => s > 0).length < 2) return Number.NaN;
    const sums = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < m; i++) {
      sums.fill(0);
      const row = i * m;
      for (let j = 0; j < m; j++) sums[groups[j]!] += this.#d[row + j]!;
      const own = groups[i]!;
      if (sizes[own]! <= 1) continue;
      const a = sums[own]! / (sizes[own]! - 1);
      let b = Number.POSITIVE_INFINITY;
      for (let g = 0; g < k; g++) if (g !== own && sizes[g]! > 0) b = Math.min(b, sums[g]! / sizes[g]!);
      total += (b - a) / Math.max(a, b);
    }
    return total / m;
  }
}

function groupOf(v: number, cuts: readonly number[]): number {
  let g = 0;
  while (g < cuts.length && v > cuts[g]!) g++;
  return g;
}

function medianOf(values: Float64Array): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort();
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}

/** "x ≤ 2.45 | x > 2.45", or with a middle group "2.45 < x ≤ 4.75". */
function ruleText(name: string, cuts: readonly number[], f: (v: number) => string): string {
  const parts: string[] = [`${name} ≤ ${f(cuts[0]!)}`];
  for (let i = 1; i < cuts.length; i++) parts.push(`${f(cuts[i - 1]!)} < ${name} ≤ ${f(cuts[i]!)}`);
  parts.push(`${name} > ${f(cuts[cuts.length - 1]!)}`);
  return parts.join(' | ');
}
