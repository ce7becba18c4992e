// Writes the input rows with their prediction columns as CSV (quoted where needed) or as a JSON
// array of records, a block of rows at a time, respecting the stream's back-pressure.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import { FramewiseError } from '../core/errors.js';
import { type Column, valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { positiveClassIndex } from '../frame/decision-defaults.js';
import { isAboveBoundary, isFlagged, labelsAtThresholds } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';
import type { DecisionPolicy } from '../registry/decision-package.js';
import { expectedValueColumn } from './expected-value-column.js';

export type OutputFormat = 'csv' | 'json';

type Cell = string | number | boolean | null;

/** One output column: its name and its value at a row. */
export interface OutputColumn {
  readonly name: string;
  readonly at: (row: number) => Cell;
}

export function outputFormatFor(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new FramewiseError('INVALID_ARGUMENT', `--out '${path}' ends in '${ext || '(no extension)'}': predictions are written as .csv or .json.`, {
    hint: 'Name the output file e.g. predictions.csv or predictions.json.',
    location: { field: '--out', file: path },
  });
}

/**
 * The columns `prediction` adds: `prediction` and `proba_<class>` for classes, `prediction`
 * (label sets joined with '|') and `proba_<label>` for multi-label, `prediction` for numbers,
 * `cluster` for clustering, `anomaly_score` (a score, not a probability) and `is_anomaly` (at
 * `flagAt`, the policy's score threshold, through the rule every stage flags by; else the model's
 * own cut) for anomalies. A name that an input
 * column already has gets a suffix (`prediction_2`), so no input column is overwritten.
 */
export function predictionColumns(prediction: Prediction, taken: readonly string[], flagAt: number | null = null): OutputColumn[] {
  const used = new Set(taken);
  const name = (base: string): string => {
    let candidate = base;
    for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
    used.add(candidate);
    return candidate;
  };
  switch (prediction.kind) {
    case 'regression':
      return [{ name: name('prediction'), at: (r) => finite(prediction.values[r]!) }];
    case 'classification': {
      const k = prediction.classes.length;
      return [
        { name: name('prediction'), at: (r) => prediction.labels[r]! },
        ...prediction.classes.map((c, j) => ({ name: name(`proba_${c}`), at: (r: number) => finite(prediction.probabilities[r * k + j]!) })),
      ];
    }
    case 'multilabel': {
      const k = prediction.labels.length;
      return [
        { name: name('prediction'), at: (r) => prediction.sets[r]!.join('|') },
        ...prediction.labels.map((l, j) => ({ name: name(`proba_${l}`), at: (r: number) => finite(prediction.probabilities[r * k + j]!) })),
      ];
    }
    case 'clustering':
      return [{ name: name('cluster'), at: (r) => prediction.clusters[r]! }];
    case 'anomaly':
      return [
        { name: name('anomaly_score'), at: (r) => finite(prediction.scores[r]!) },
        { name: name('is_anomaly'), at: (r) => (flagAt === null ? prediction.isAnomaly[r] === 1 : isFlagged(prediction.scores[r]!, flagAt)) },
      ];
  }
}

/**
 * The `decision` column at the policy, decided by frame/decision-rules.ts as the server decides:
 * a binary model's positive class where its probability is at least the threshold, else the other
 * class; top-k classes; the class with the highest expected value under a cost matrix; `above` or
 * `below` a regression boundary; a multi-label row's labels at their thresholds (joined with `|`);
 * `anomaly` or `normal` at a score threshold. Null for any other prediction or policy (their
 * `prediction` column already is the decision). `positive` is the value counted in the summary
 * (the positive class, `above`, `anomaly`; empty when nothing is counted).
 */
export function decisionColumn(prediction: Prediction, policy: DecisionPolicy | null, taken: readonly string[]): (OutputColumn & { readonly positive: string }) | null {
  if (policy === null) return null;
  let name = 'decision';
  for (let i = 2; taken.includes(name); i++) name = `decision_${i}`;
  if (prediction.kind === 'regression') {
    if (policy.kind !== 'number' || policy.boundary === null) return null;
    const boundary = policy.boundary;
    // A prediction that is not a number (a row the model could not score) has no side.
    return { name, positive: 'above', at: (r) => (Number.isNaN(prediction.values[r]!) ? null : isAboveBoundary(prediction.values[r]!, boundary) ? 'above' : 'below') };
  }
  if (prediction.kind === 'multilabel') {
    if (policy.kind !== 'label-thresholds') return null;
    const L = prediction.labels.length;
    return { name, positive: '', at: (r) => labelsAtThresholds(prediction.probabilities, r * L, prediction.labels, policy.thresholds).join('|') };
  }
  if (prediction.kind === 'anomaly') {
    if (policy.kind !== 'score-threshold') return null;
    return { name, positive: 'anomaly', at: (r) => (isFlagged(prediction.scores[r]!, policy.threshold) ? 'anomaly' : 'normal') };
  }
  if (prediction.kind !== 'classification') return null;
  if (policy.kind === 'top-k') return topKColumn(name, prediction.probabilities, prediction.classes, policy.k);
  if (policy.kind === 'expected-value') return expectedValueColumn(name, prediction.probabilities, prediction.classes, policy.costMatrix);
  if (policy.kind !== 'threshold' || prediction.classes.length !== 2) return null;
  const classes = prediction.classes;
  const positive = positiveClassIndex(classes, policy.positiveClass === '' ? null : { decision: { positiveClass: policy.positiveClass } });
  const negative = 1 - positive;
  const threshold = policy.threshold;
  return { name, positive: classes[positive]!, at: (r) => (prediction.probabilities[r * 2 + positive]! >= threshold ? classes[positive]! : classes[negative]!) };
}

/** A top-k decision: the k most likely classes, most likely first, joined with `|` as label sets are (no positive class). */
function topKColumn(name: string, probabilities: Float64Array, classes: readonly string[], k: number): OutputColumn & { readonly positive: string } {
  const n = classes.length;
  const take = Math.min(k, n);
  return {
    name,
    positive: '',
    at: (r) => {
      const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => probabilities[r * n + b]! - probabilities[r * n + a]! || a - b);
      return order.slice(0, take).map((c) => classes[c]!).join('|');
    },
  };
}

/** Every column of the input frame, as written out; dates without a time of day stay dates. */
export function inputColumns(frame: Frame): OutputColumn[] {
  return frame.columns.map((column: Column) => {
    if (column.kind === 'datetime' && column.values.every((v) => v !== v || v % 86_400_000 === 0)) {
      const values = column.values;
      return { name: column.name, at: (r: number) => (values[r]! === values[r]! ? new Date(values[r]!).toISOString().slice(0, 10) : null) };
    }
    return { name: column.name, at: (r: number) => valueAt(column, r) };
  });
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** A CSV field: quoted when it holds a comma, quote, line break or edge space; missing is empty. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  if (value === '' || /[",\r\n]/.test(value) || value.trim() !== value) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

const BLOCK_ROWS = 2000;

/**
 * Writes `rows` rows of `columns` to `stream` in `format`; resolves once all is handed over, or
 * as soon as the stream is destroyed (a reader that went away).
 */
export async function writeRows(stream: Writable, format: OutputFormat, columns: readonly OutputColumn[], rows: number): Promise<void> {
  await writeOpening(stream, format, columns);
  await writeRowRange(stream, format, columns, 0, rows);
  await writeClosing(stream, format, rows);
}

/**
 * Hands `text` to the stream, waiting for it to drain (or close) when its buffer is full. Both
 * listeners go once either fires: racing two `once` calls left a 'close' listener behind per
 * wait, thousands on a file of millions of rows (and Node's MaxListeners warning).
 */
async function put(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed || stream.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** The CSV header line, or the JSON array's opening bracket. */
export async function writeOpening(stream: Writable, format: OutputFormat, columns: readonly OutputColumn[]): Promise<void> {
  await put(stream, format === 'csv' ? `${columns.map((c) => csvField(c.name)).join(',')}\n` : '[');
}

/**
 * Rows [start, end) of `columns` (whose `at` takes the row's index in the whole output), so a
 * caller can write the output a batch at a time between its opening and closing.
 */
export async function writeRowRange(stream: Writable, format: OutputFormat, columns: readonly OutputColumn[], start: number, end: number): Promise<void> {
  const keys = columns.map((c) => JSON.stringify(c.name));
  for (let from = start; from < end && !stream.destroyed; from += BLOCK_ROWS) {
    const to = Math.min(end, from + BLOCK_ROWS);
    let block = '';
    for (let r = from; r < to; r++) {
      if (format === 'csv') {
        let line = '';
        for (let c = 0; c < columns.length; c++) line += (c === 0 ? '' : ',') + csvField(columns[c]!.at(r));
        block += `${line}\n`;
      } else {
        let record = '';
        for (let c = 0; c < columns.length; c++) record += `${c === 0 ? '' : ','}${keys[c]}:${JSON.stringify(columns[c]!.at(r))}`;
        block += `${r === 0 ? '\n' : ',\n'}{${record}}`;
      }
    }
    await put(stream, block);
  }
}

/** Nothing after CSV; the JSON array's closing bracket after `rows` records. */
export async function writeClosing(stream: Writable, format: OutputFormat, rows: number): Promise<void> {
  if (format === 'json') await put(stream, rows === 0 ? ']\n' : '\n]\n');
}

/** Writes the rows to a new file at `path` (the caller renames it into place). */
export async function writeRowsToFile(path: string, format: OutputFormat, columns: readonly OutputColumn[], rows: number): Promise<void> {
  await writeStreamToFile(path, (stream) => writeRows(stream, format, columns, rows));
}

/** Opens a new file at `path`, lets `write` fill it, and resolves once it is flushed; a write error rejects. */
export async function writeStreamToFile<T>(path: string, write: (stream: Writable) => Promise<T>): Promise<T> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  return Promise.race([
    (async () => {
      await once(stream, 'open');
      const result = await write(stream);
      stream.end();
      await once(stream, 'finish');
      return result;
    })(),
    failed,
  ]);
}
