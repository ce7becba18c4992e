// Helpers for the tree learners' tests: the fixture folder, a reader for the numeric CSV
// fixtures, a seeded frame of mixed column kinds, and the few metrics the tests compare.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../../core/rng.js';
import type { Column } from '../../data/column.js';
import { Frame } from '../../data/frame.js';

/** src/learn/tree/fixtures, found from the compiled file in dist/src/learn/tree/. */
export function fixturePath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', '..', '..', 'src', 'learn', 'tree', 'fixtures', name);
}

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(fixturePath(name), 'utf8')) as T;
}

/** A CSV of numbers whose `labelColumn` (if any) is read as categories. */
export function readFixtureCsv(name: string, labelColumn?: string): Frame {
  const lines = readFileSync(fixturePath(name), 'utf8').trim().split('\n');
  const names = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const columns: Column[] = names.map((column, c) => {
    if (column === labelColumn) {
      const values = rows.map((r) => r[c]!);
      const dictionary = [...new Set(values)].sort();
      return { kind: 'categorical', name: column, codes: Int32Array.from(values, (v) => dictionary.indexOf(v)), dictionary };
    }
    return { kind: 'numeric', name: column, values: Float64Array.from(rows, (r) => (r[c] === '' ? Number.NaN : Number(r[c]))) };
  });
  return new Frame(columns);
}

/**
 * n rows of every column kind a tree model reads (numbers with gaps, categories, booleans,
 * times) and a target that depends on them: 'label' (two classes) or 'amount' (a number).
 */
export function mixedFrame(n: number, seed: number): Frame {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const colour = new Int32Array(n);
  const flag = new Int8Array(n);
  const when = new Float64Array(n);
  const label = new Int32Array(n);
  const amount = new Float64Array(n);
  const effect = [0.8, -0.5, 0.1, -1.2];
  for (let i = 0; i < n; i++) {
    x[i] = rng.next() < 0.1 ? Number.NaN : rng.normal();
    colour[i] = rng.next() < 0.05 ? -1 : rng.int(4);
    flag[i] = rng.int(2);
    when[i] = Date.UTC(2024, 0, 1) + rng.int(365) * 86_400_000;
    const day = (when[i]! - Date.UTC(2024, 0, 1)) / 86_400_000;
    const score = (Number.isNaN(x[i]!) ? 0.5 : x[i]!) + (colour[i]! >= 0 ? effect[colour[i]!]! : 0) + (flag[i] ? 0.7 : -0.3) + (day > 180 ? 0.6 : 0);
    amount[i] = 10 * score + rng.normal();
    label[i] = score + 0.5 * rng.normal() > 0.3 ? 1 : 0;
  }
  return new Frame([
    { kind: 'numeric', name: 'x', values: x },
    { kind: 'categorical', name: 'colour', codes: colour, dictionary: ['blue', 'green', 'red', 'yellow'] },
    { kind: 'boolean', name: 'flag', values: flag },
    { kind: 'datetime', name: 'when', values: when },
    { kind: 'categorical', name: 'label', codes: label, dictionary: ['no', 'yes'] },
    { kind: 'numeric', name: 'amount', values: amount },
  ]);
}

/** Rows of 0..n-1 not in `test`. */
export function complement(n: number, test: readonly number[]): number[] {
  const held = new Set(test);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!held.has(i)) out.push(i);
  return out;
}

/** Area under the ROC curve, with ties counted half (the Mann-Whitney statistic). */
export function rocAuc(positive: ArrayLike<boolean>, score: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]!] === score[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        rankSumPos += rank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function rmse(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (truth[i]! - predicted[i]!) ** 2;
  return Math.sqrt(s / truth.length);
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** n rows: a target 'y' = 3·a + b² − 2·[c > 0] + noise, and two columns of pure noise. */
export function signalAndNoiseFrame(n: number, seed: number): Frame {
  const rng = new Rng(seed);
  const col = (): Float64Array => Float64Array.from({ length: n }, () => rng.normal());
  const [a, b, c, noise1, noise2] = [col(), col(), col(), col(), col()];
  const y = Float64Array.from({ length: n }, (_, i) => 3 * a[i]! + b[i]! * b[i]! - 2 * (c[i]! > 0 ? 1 : 0) + 0.3 * rng.normal());
  return new Frame([
    { kind: 'numeric', name: 'noise1', values: noise1 },
    { kind: 'numeric', name: 'a', values: a },
    { kind: 'numeric', name: 'b', values: b },
    { kind: 'numeric', name: 'noise2', values: noise2 },
    { kind: 'numeric', name: 'c', values: c },
    { kind: 'numeric', name: 'y', values: y },
  ]);
}
