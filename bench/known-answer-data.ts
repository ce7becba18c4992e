// Known-answer tables for the assessment and lifecycle benchmarks: a seeded binary label driven by
// 8 informative features through interactions and curves (so boosting beats any one feature and a
// linear model), plus 12 noise features, written to CSV a chunk at a time so 10,000,000 rows fit.
// Run: npx tsc -p tsconfig.json && node dist/bench/known-answer-data.js [--rows 100000] [--out DIR]
// (no --rows: the 100,000, 1,000,000 and 10,000,000-row tables and the held-out test file).

import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../src/core/paths.js';
import { Rng } from '../src/core/rng.js';

export const KNOWN_ANSWER_FEATURES = 20;
export const KNOWN_ANSWER_INFORMATIVE = 8;
export const KNOWN_ANSWER_TARGET = 'label';
/** The answer the assessment must reach on these tables. */
export const KNOWN_ANSWER_VERDICT = 'use-ml';
export const KNOWN_ANSWER_SIZES = [100_000, 1_000_000, 10_000_000] as const;
export const KNOWN_ANSWER_TEST_ROWS = 200_000;
/** Seeds of the training tables and of the held-out file: the same distribution, other draws. */
export const KNOWN_ANSWER_SEED = 20261207;
export const KNOWN_ANSWER_TEST_SEED = 20261208;
/** Bump when the distribution or the format changes, so stale files are rewritten. */
const VERSION = 1;

export const knownAnswerColumns: readonly string[] = Array.from({ length: KNOWN_ANSWER_FEATURES }, (_, j) => `x${j + 1}`);

/**
 * The true log-odds of label 1 given the 20 features (x[0] is x1). Only x1..x8 matter: a product,
 * a bowl, a sign-switched slope, a sine and two small linear terms with an interaction. No single
 * feature carries more than about a quarter of the variance, and the linear part only about a sixth.
 */
export function knownAnswerLogOdds(x: ArrayLike<number>): number {
  const f =
    1.3 * x[0]! * x[1]! +
    0.9 * (x[2]! * x[2]! - 1) +
    1.2 * (x[3]! > 0 ? x[4]! : -x[4]!) +
    0.7 * x[5]! +
    1.0 * Math.sin(2 * x[6]!) +
    0.6 * x[7]! +
    0.5 * x[5]! * x[7]!;
  return 1.5 * f;
}

/** File name of a table of `rows` rows (the held-out file is 'known-answer-test.csv'). */
export function knownAnswerFileName(rows: number | 'test'): string {
  return `known-answer-${rows}.csv`;
}

/** Path of the table under bench/data/ (git-ignored). */
export function knownAnswerPath(rows: number | 'test', dir = fromRoot('bench', 'data')): string {
  return join(dir, knownAnswerFileName(rows));
}

/**
 * Writes `rows` rows drawn with `seed` to `path` as CSV (header x1..x20,label; 4 decimals), a
 * megabyte at a time with back-pressure, through a partial file renamed at the end so a killed run
 * never leaves a short table behind. The same rows and seed always give the same bytes.
 */
export async function writeKnownAnswerTable(path: string, rows: number, seed: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const rng = new Rng(seed);
  out.write(`${[...knownAnswerColumns, KNOWN_ANSWER_TARGET].join(',')}\n`);
  const x = new Float64Array(KNOWN_ANSWER_FEATURES);
  const cells = new Array<string>(KNOWN_ANSWER_FEATURES + 1);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < KNOWN_ANSWER_FEATURES; j++) {
      // Rounded before the label is drawn, so the label follows the values in the file exactly.
      const v = Math.round(rng.normal() * 10_000) / 10_000;
      x[j] = v;
      cells[j] = v.toFixed(4);
    }
    const p = 1 / (1 + Math.exp(-knownAnswerLogOdds(x)));
    cells[KNOWN_ANSWER_FEATURES] = rng.next() < p ? '1' : '0';
    buffer += `${cells.join(',')}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      buffer = '';
    }
  }
  out.write(buffer);
  await Promise.race([new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve()))), failed]);
  renameSync(partial, path);
}

/** Writes the table once; a later call with the same rows, seed and format reuses the file. */
export async function ensureKnownAnswerTable(path: string, rows: number, seed: number): Promise<string> {
  const meta = `${path}.meta.json`;
  const expected = JSON.stringify({ rows, seed, features: KNOWN_ANSWER_FEATURES, version: VERSION });
  if (existsSync(path) && statSync(path).size > 0 && existsSync(meta) && readFileSync(meta, 'utf8') === expected) return path;
  await writeKnownAnswerTable(path, rows, seed);
  writeFileSync(meta, expected);
  return path;
}

/** The training table of `rows` rows under dir. */
export function ensureKnownAnswerTrain(rows: number, dir?: string): Promise<string> {
  return ensureKnownAnswerTable(knownAnswerPath(rows, dir), rows, KNOWN_ANSWER_SEED);
}

/** The held-out test file (200,000 rows of the same distribution, its own seed) under dir. */
export function ensureKnownAnswerTest(dir?: string): Promise<string> {
  return ensureKnownAnswerTable(knownAnswerPath('test', dir), KNOWN_ANSWER_TEST_ROWS, KNOWN_ANSWER_TEST_SEED);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = option('--out') ?? fromRoot('bench', 'data');
  const rows = option('--rows');
  const sizes = rows === undefined ? [...KNOWN_ANSWER_SIZES] : [Number(rows)];
  const test = await ensureKnownAnswerTest(dir);
  process.stdout.write(`${test}\n`);
  for (const n of sizes) {
    const start = performance.now();
    const path = await ensureKnownAnswerTrain(n, dir);
    process.stdout.write(`${path} (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  }
}
