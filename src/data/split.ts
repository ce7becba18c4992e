// Row splits for evaluation: seeded shuffles, train/test, k-fold, stratified k-fold and a
// time-ordered split. The same seed gives the same split on every run and machine.

import { FramewiseError } from '../core/errors.js';
import { permutation } from '../core/rng.js';

export interface TrainTest {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface Fold extends TrainTest {
  readonly fold: number;
}

function checkShare(name: string, share: number): void {
  if (!(share > 0 && share < 1)) {
    throw new FramewiseError('INVALID_ARGUMENT', `${name} must be between 0 and 1 (exclusive), got ${share}.`, {
      hint: 'Use a share such as 0.2 for a 20% test set.',
      location: { field: name },
    });
  }
}

function checkFolds(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new FramewiseError('INVALID_ARGUMENT', `The number of folds must be a whole number from 2 to the row count ${n}, got ${k}.`, {
      hint: 'Five folds is the usual choice.',
      location: { field: 'folds' },
    });
  }
}

function sorted(rows: Int32Array): Int32Array {
  return rows.slice().sort();
}

/** A seeded random split; `testShare` of the rows (rounded up) go to the test set. */
export function trainTestSplit(n: number, testShare: number, seed: number): TrainTest {
  checkShare('testShare', testShare);
  const order = permutation(n, seed);
  const testSize = Math.min(n - 1, Math.max(1, Math.ceil(n * testShare)));
  return { test: sorted(order.subarray(0, testSize)), train: sorted(order.subarray(testSize)) };
}

/** k folds of near-equal size over a seeded shuffle; each row is in exactly one test fold. */
export function kFold(n: number, k: number, seed: number): Fold[] {
  checkFolds(k, n);
  const order = permutation(n, seed);
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) assignment[order[i]!] = i % k;
  return foldsFromAssignment(assignment, k);
}

/**
 * k folds that keep each class's share in every fold: within each class the rows are shuffled
 * and dealt round-robin, continuing the deal across classes so fold sizes stay balanced.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Fold[] {
  const n = labels.length;
  checkFolds(k, n);
  const order = permutation(n, seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    const label = labels[row]!;
    let rows = byClass.get(label);
    if (rows === undefined) byClass.set(label, (rows = []));
    rows.push(row);
  }
  const assignment = new Int32Array(n);
  let dealt = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of byClass.get(label)!) assignment[row] = dealt++ % k;
  }
  return foldsFromAssignment(assignment, k);
}

function foldsFromAssignment(assignment: Int32Array, k: number): Fold[] {
  const folds: Fold[] = [];
  const n = assignment.length;
  for (let f = 0; f < k; f++) {
    let testCount = 0;
    for (let i = 0; i < n; i++) if (assignment[i] === f) testCount++;
    const test = new Int32Array(testCount);
    const train = new Int32Array(n - testCount);
    let t = 0;
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) test[t++] = i;
      else train[r++] = i;
    }
    folds.push({ fold: f, train, test });
  }
  return folds;
}

/** Rows ordered by time (missing times first, ties by row); ties never straddle the cut. */
function timeOrder(times: Float64Array): Int32Array {
  const order = new Int32Array(times.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const ta = times[a]!;
    const tb = times[b]!;
    const na = Number.isNaN(ta);
    const nb = Number.isNaN(tb);
    if (na || nb) return na === nb ? a - b : na ? -1 : 1;
    return ta - tb || a - b;
  });
  return order;
}

/** The earliest rows train, the latest `testShare` test: no future leaks into training. */
export function timeSplit(times: Float64Array, testShare: number): TrainTest {
  checkShare('testShare', testShare);
  const missing = times.reduce((m, t) => m + (Number.isNaN(t) ? 1 : 0), 0);
  if (missing > 0) {
    throw new FramewiseError('INVALID_ARGUMENT', `The time column has ${missing} missing value(s), so rows cannot be put in time order.`, {
      hint: 'Fill or drop rows with a missing time before a time-ordered split.',
    });
  }
  const order = timeOrder(times);
  let cut = Math.max(1, Math.floor(order.length * (1 - testShare)));
  while (cut > 1 && times[order[cut]!] === times[order[cut - 1]!]) cut--;
  return { train: sorted(order.subarray(0, cut)), test: sorted(order.subarray(cut)) };
}

/**
 * Expanding-window folds in time order (like scikit-learn's TimeSeriesSplit): the rows are cut
 * into k + 1 blocks; fold f trains on blocks 0..f and tests on block f + 1.
 */
export function timeSeriesFolds(times: Float64Array, k: number): Fold[] {
  checkFolds(k + 1, times.length);
  const order = timeOrder(times);
  const n = order.length;
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const trainEnd = Math.floor(((f + 1) * n) / (k + 1));
    const testEnd = Math.floor(((f + 2) * n) / (k + 1));
    folds.push({ fold: f, train: sorted(order.subarray(0, trainEnd)), test: sorted(order.subarray(trainEnd, testEnd)) });
  }
  return folds;
}
