// The boosting benchmark's data, generated deterministically like scikit-learn's
// make_classification (2 classes, 2 Gaussian clusters per class on hypercube vertices,
// 10 informative + 4 redundant + 14 noise features, flip_y = 0.05), written once as raw
// float32 rows (x.f32) and uint8 labels (y.u8) that both framewise and the Python peers read.

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';

export const FEATURES = 28;
const INFORMATIVE = 10;
const REDUNDANT = 4;
const CLUSTERS = 4;
const FLIP_Y = 0.05;
const SEED = 20240601;

export interface GbdtData {
  readonly dir: string;
  readonly rows: number;
}

/** Writes the data set of `rows` rows into dir (once; reused when already there). */
export function ensureGbdtData(dir: string, rows: number): GbdtData {
  const meta = join(dir, 'meta.json');
  const expected = JSON.stringify({ rows, features: FEATURES, seed: SEED, version: 1 });
  if (existsSync(meta) && readFileSync(meta, 'utf8') === expected) return { dir, rows };
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(SEED);
  // Cluster centres on distinct hypercube vertices (class_sep 1), a random linear map per cluster.
  const vertices = new Set<number>();
  while (vertices.size < CLUSTERS) vertices.add(rng.int(1 << INFORMATIVE));
  const centres = [...vertices].map((v) => Float64Array.from({ length: INFORMATIVE }, (_, d) => ((v >> d) & 1 ? 1 : -1)));
  const maps = centres.map(() => Float64Array.from({ length: INFORMATIVE * INFORMATIVE }, () => 2 * rng.next() - 1));
  const redundantMap = Float64Array.from({ length: INFORMATIVE * REDUNDANT }, () => 2 * rng.next() - 1);
  const columnOrder = rng.shuffleInPlace(Int32Array.from({ length: FEATURES }, (_, i) => i));
  const xFile = openSync(join(dir, 'x.f32'), 'w');
  const labels = new Uint8Array(rows);
  const chunk = 50_000;
  const z = new Float64Array(INFORMATIVE);
  const row = new Float64Array(FEATURES);
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const out = new Float32Array((end - start) * FEATURES);
    for (let r = start; r < end; r++) {
      const cluster = rng.int(CLUSTERS);
      const map = maps[cluster]!;
      const centre = centres[cluster]!;
      for (let d = 0; d < INFORMATIVE; d++) z[d] = rng.normal();
      for (let d = 0; d < INFORMATIVE; d++) {
        let s = centre[d]!;
        for (let e = 0; e < INFORMATIVE; e++) s += z[e]! * map[e * INFORMATIVE + d]!;
        row[d] = s;
      }
      for (let j = 0; j < REDUNDANT; j++) {
        let s = 0;
        for (let d = 0; d < INFORMATIVE; d++) s += row[d]! * redundantMap[d * REDUNDANT + j]!;
        row[INFORMATIVE + j] = s;
      }
      for (let j = INFORMATIVE + REDUNDANT; j < FEATURES; j++) row[j] = rng.normal();
      const o = (r - start) * FEATURES;
      for (let j = 0; j < FEATURES; j++) out[o + columnOrder[j]!] = row[j]!;
      labels[r] = rng.next() < FLIP_Y ? rng.int(2) : cluster % 2;
    }
    writeSync(xFile, new Uint8Array(out.buffer));
  }
  closeSync(xFile);
  writeFileSync(join(dir, 'y.u8'), labels);
  writeFileSync(meta, expected);
  return { dir, rows };
}

export interface GbdtPart {
  readonly columns: Float64Array[];
  readonly labels: Uint8Array;
}

/** Rows [from, to) of a row-major float32 matrix as one Float64Array per feature. */
function rowsToColumns(x: Float32Array, features: number, from: number, to: number): Float64Array[] {
  const n = to - from;
  const columns = Array.from({ length: features }, () => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const o = (from + r) * features;
    for (let j = 0; j < features; j++) columns[j]![r] = x[o + j]!;
  }
  return columns;
}

/** Reads the data as one Float64Array per feature: rows [0, trainRows) to train, the rest to test. */
export function readGbdtSplit(data: GbdtData, trainRows: number): { train: GbdtPart; test: GbdtPart } {
  const raw = readFileSync(join(data.dir, 'x.f32'));
  const x = new Float32Array(raw.buffer, raw.byteOffset, data.rows * FEATURES);
  const y = readFileSync(join(data.dir, 'y.u8'));
  const part = (from: number, to: number): GbdtPart => ({ columns: rowsToColumns(x, FEATURES, from, to), labels: new Uint8Array(y.subarray(from, to)) });
  return { train: part(0, trainRows), test: part(trainRows, data.rows) };
}

/** Features of the regression data set. */
export const REGRESSION_FEATURES = 20;
const REGRESSION_SEED = 20240602;
const REGRESSION_NOISE = 1;

/**
 * The regression data set, like scikit-learn's make_friedman1 with 20 features: x uniform on
 * [0, 1)^20, y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1) (the other 15
 * features are noise); written once as float32 rows (x.f32) and float32 targets (y.f32).
 */
export function ensureRegressionData(dir: string, rows: number): GbdtData {
  const meta = join(dir, 'meta.json');
  const expected = JSON.stringify({ rows, features: REGRESSION_FEATURES, seed: REGRESSION_SEED, kind: 'friedman1', noise: REGRESSION_NOISE, version: 1 });
  if (existsSync(meta) && readFileSync(meta, 'utf8') === expected) return { dir, rows };
  mkdirSync(dir, { recursive: true });
  const rng = new Rng(REGRESSION_SEED);
  const xFile = openSync(join(dir, 'x.f32'), 'w');
  const targets = new Float32Array(rows);
  const chunk = 50_000;
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const out = new Float32Array((end - start) * REGRESSION_FEATURES);
    for (let r = start; r < end; r++) {
      const o = (r - start) * REGRESSION_FEATURES;
      for (let j = 0; j < REGRESSION_FEATURES; j++) out[o + j] = rng.next();
      // The target is computed from the stored (float32) values, so every reader sees the same function.
      const x = (j: number): number => out[o + j]!;
      targets[r] = 10 * Math.sin(Math.PI * x(0) * x(1)) + 20 * (x(2) - 0.5) ** 2 + 10 * x(3) + 5 * x(4) + REGRESSION_NOISE * rng.normal();
    }
    writeSync(xFile, new Uint8Array(out.buffer));
  }
  closeSync(xFile);
  writeFileSync(join(dir, 'y.f32'), new Uint8Array(targets.buffer));
  writeFileSync(meta, expected);
  return { dir, rows };
}

export interface RegressionPart {
  readonly columns: Float64Array[];
  readonly targets: Float64Array;
}

/** Reads the regression data as one Float64Array per feature: rows [0, trainRows) to train, the rest to test. */
export function readRegressionSplit(data: GbdtData, trainRows: number): { train: RegressionPart; test: RegressionPart } {
  const raw = readFileSync(join(data.dir, 'x.f32'));
  const x = new Float32Array(raw.buffer, raw.byteOffset, data.rows * REGRESSION_FEATURES);
  const yRaw = readFileSync(join(data.dir, 'y.f32'));
  const y = new Float32Array(yRaw.buffer, yRaw.byteOffset, data.rows);
  const part = (from: number, to: number): RegressionPart => ({ columns: rowsToColumns(x, REGRESSION_FEATURES, from, to), targets: Float64Array.from(y.subarray(from, to)) });
  return { train: part(0, trainRows), test: part(trainRows, data.rows) };
}
