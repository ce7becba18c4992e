// Seeded row samples for the stages of an assessment that need fewer rows than a large table
// holds: stratified by class, the most recent rows when the card names a time column, else random.

import { Rng } from '../core/rng.js';
import type { Fold } from '../data/split.js';

export type SampleHow = 'stratified' | 'time-ordered' | 'random';

export interface StageSample {
  /** The rows kept: ascending row order, or time order (oldest first) for a time-ordered sample. */
  readonly rows: Int32Array;
  readonly how: SampleHow;
  /** Rows sampled from. */
  readonly of: number;
}

export interface SampleInput {
  /** Rows to sample from. */
  readonly rowCount: number;
  /** Rows wanted (all are kept when this is at least `rowCount`). */
  readonly size: number;
  readonly seed: number;
  /** Class codes per row (classification): each class keeps its share. */
  readonly classes?: ArrayLike<number> | null;
  /** Times per row (NaN for missing) when the card names a time column: the latest rows are kept. */
  readonly times?: ArrayLike<number> | null;
}

/**
 * Rows a class keeps at least (or all it has): enough that every fold of a 5-fold split still
 * sees the class a few times, so a rare class is not sampled away.
 */
export const MIN_ROWS_PER_CLASS = 50;

export function sampleRows(input: SampleInput): StageSample {
  const { rowCount, seed } = input;
  const size = Math.max(0, Math.min(rowCount, Math.floor(input.size)));
  if (input.times !== undefined && input.times !== null) return { rows: latestRows(input.times, size), how: 'time-ordered', of: rowCount };
  if (input.classes !== undefined && input.classes !== null) return { rows: stratifiedRows(input.classes, size, seed), how: 'stratified', of: rowCount };
  return { rows: selectRows(rowCount, size, new Rng(seed)), how: 'random', of: rowCount };
}

/**
 * `size` of `n` rows, each subset equally likely, in ascending order: selection sampling
 * (Knuth's algorithm S), one pass and no shuffle of all rows, so 10,000,000 rows cost one array.
 */
function selectRows(n: number, size: number, rng: Rng): Int32Array {
  const out = new Int32Array(size);
  let kept = 0;
  for (let i = 0; i < n && kept < size; i++) if ((n - i) * rng.next() < size - kept) out[kept++] = i;
  return out;
}

/** Each class keeps its share of `size` (at least MIN_ROWS_PER_CLASS, or all it has); ascending rows. */
function stratifiedRows(classes: ArrayLike<number>, size: number, seed: number): Int32Array {
  const n = classes.length;
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  // Class codes are small whole numbers (0 .. classes − 1): counts live in plain arrays.
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, classes[i]!);
  const left = new Float64Array(top + 1);
  for (let i = 0; i < n; i++) left[classes[i]!]!++;
  const wanted = left.map((count) => Math.min(count, Math.max(Math.round((size * count) / n), MIN_ROWS_PER_CLASS)));
  const rng = new Rng(seed);
  const out = new Int32Array(wanted.reduce((s, w) => s + w, 0));
  let kept = 0;
  // Selection sampling within each class, in one pass over the rows.
  for (let i = 0; i < n; i++) {
    const c = classes[i]!;
    const remaining = left[c]!;
    left[c] = remaining - 1;
    const need = wanted[c]!;
    if (need > 0 && remaining * rng.next() < need) {
      out[kept++] = i;
      wanted[c] = need - 1;
    }
  }
  return out.subarray(0, kept);
}

/**
 * The latest `size` rows by time, oldest first (ties by row; missing times count as oldest).
 * The cut is found on a sorted copy of the times, so only the kept rows are sorted by index.
 */
function latestRows(times: ArrayLike<number>, size: number): Int32Array {
  const n = times.length;
  const key = (i: number): number => {
    const t = times[i]!;
    return t === t ? t : Number.NEGATIVE_INFINITY;
  };
  let rows: Int32Array;
  if (size >= n) rows = Int32Array.from({ length: n }, (_, i) => i);
  else if (size === 0) rows = new Int32Array(0);
  else {
    const sorted = Float64Array.from({ length: n }, (_, i) => key(i)).sort();
    const cut = sorted[n - size]!;
    let above = 0;
    for (let i = 0; i < n; i++) if (key(i) > cut) above++;
    // Rows at the cut time fill what is left, the later rows (by index) first, as a time-ordered split breaks ties.
    let atCut = size - above;
    rows = new Int32Array(size);
    let kept = 0;
    for (let i = n - 1; i >= 0; i--) {
      const t = key(i);
      if (t > cut || (t === cut && atCut-- > 0)) rows[kept++] = i;
    }
    rows.reverse();
  }
  return rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

/**
 * The folds with each one's training rows cut to at most `cap` (the test rows unchanged, so every
 * candidate is still scored on the same rows): stratified by class, the latest rows when the
 * folds are time-ordered (the rows are then in time order), else random; seeded per fold.
 */
export function capTraining(folds: readonly Fold[], cap: number, seed: number, classes: ArrayLike<number> | null, timeOrdered: boolean): Fold[] {
  return folds.map((fold) => {
    if (fold.train.length <= cap) return fold;
    if (timeOrdered) return { ...fold, train: fold.train.slice(fold.train.length - cap) };
    const picked = sampleRows({ rowCount: fold.train.length, size: cap, seed: seed + 7919 * (fold.fold + 1), classes: classes === null ? null : Int32Array.from(fold.train, (r) => classes[r]!) }).rows;
    return { ...fold, train: Int32Array.from(picked, (i) => fold.train[i]!) };
  });
}

/** A short line for the brief and the terminal, e.g. "Models scored on a stratified sample of 200,000 of 10,000,000 rows". */
export function describeSample(what: string, rows: number, of: number, how: SampleHow | null): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  if (how === null || rows >= of) return `${what} on all ${n(of)} rows`;
  const kind = how === 'time-ordered' ? 'the most recent' : `a ${how}`;
  return how === 'time-ordered' ? `${what} on ${kind} ${n(rows)} of ${n(of)} rows` : `${what} on ${kind} sample of ${n(rows)} of ${n(of)} rows`;
}
