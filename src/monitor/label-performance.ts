// Multi-label performance once labels arrive: each row's true label set (from the file's label
// columns, or the server's fed-back label sets), the model's label sets decided at the policy's
// per-label thresholds (labelsAtThresholds), and per-label precision, recall and F1 with the
// set-level metrics, overall and per rolling window, against the promise.

import { FramewiseError } from '../core/errors.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { BusinessSpec } from '../frame/card.js';
import { decideLabels, higherIsBetter, labelMetricsWithIntervals, rowValues } from '../evaluate/label-thresholds.js';
import type { Prediction } from '../learn/estimator.js';
import { valueBelowPromise } from './performance-value.js';
import type { MetricInterval, Performance, PerformanceWindow, PromisedMetric } from './performance.js';
import { isoTime, timeWindows, type WindowLength } from './time-windows.js';

/** Each row's true label set, or null where no label arrived. */
export type LabelSets = readonly (readonly string[] | null)[];

/**
 * The true label sets a file holds: its label columns (several 0/1 columns named by the target
 * `a,b,c`) or its one column of delimited sets (an empty field is a row with no labels). Null
 * when the file has none of the target's columns.
 */
export function fileLabelSets(frame: Frame, target: string, delimiter: string): LabelSets | null {
  if (frame.has(target)) {
    const column = frame.column(target);
    return Array.from({ length: frame.rowCount }, (_, i) => splitSet(valueAt(column, i), delimiter));
  }
  const names = target.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length < 2 || !names.every((n) => frame.has(n))) return null;
  const columns = names.map((n) => frame.column(n));
  return Array.from({ length: frame.rowCount }, (_, i) => {
    const set: string[] = [];
    let known = true;
    columns.forEach((c, k) => {
      const v = valueAt(c, i);
      if (v === null) known = false;
      else if (v === true || v === 1 || (typeof v === 'string' && /^(1|true|yes)$/i.test(v.trim()))) set.push(names[k]!);
      // Anything but a 0/1 mark is refused, as training refuses it, rather than read as 'no label'.
      else if (!(v === false || v === 0 || (typeof v === 'string' && /^(0|false|no)$/i.test(v.trim())))) {
        throw new FramewiseError('INVALID_ARGUMENT', `Label column '${names[k]}' holds ${JSON.stringify(v)} on row ${i + 1}, where 0/1 or true/false was expected.`, {
          hint: 'Each label column marks with 1 (or true) the rows that carry the label, and 0 the others; leave a mark empty where the label is not known.',
          location: { column: names[k]!, row: i + 1 },
        });
      }
    });
    return known ? set : null;
  });
}

/** Fed-back labels as sets: "a|b" (or a JSON list) is a set; an empty string is the empty set; null is no label. */
export function feedbackLabelSets(labels: readonly (string | null)[], delimiter: string): LabelSets {
  return labels.map((label) => {
    if (label === null) return null;
    const text = label.trim();
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.map((x) => String(x));
      } catch {
        // Not JSON: read as delimited text below.
      }
    }
    return splitSet(text, delimiter) ?? [];
  });
}

function splitSet(v: string | number | boolean | null, delimiter: string): string[] {
  if (v === null) return [];
  return [...new Set(String(v).split(delimiter).map((s) => s.trim()).filter((s) => s !== ''))];
}

export interface LabelPerformanceInput {
  readonly prediction: Prediction;
  readonly sets: LabelSets;
  /** The per-label thresholds in force (the policy's). */
  readonly thresholds: Readonly<Record<string, number>>;
  readonly promised: Readonly<Record<string, PromisedMetric>>;
  readonly promisedValue: PromisedMetric | null;
  readonly business: BusinessSpec | undefined;
  readonly times: Float64Array | null;
  readonly window: WindowLength;
  readonly origin?: number;
  readonly seed?: number;
  readonly resamples?: number;
  readonly notes?: readonly string[];
}

/** Rolling windows with fewer labelled rows than this are measured without intervals' weight (still listed). */
const WINDOW_RESAMPLES = 200;

/**
 * Per-label and set-level metrics of the labelled rows at the thresholds, each with a bootstrap
 * 95% interval, against the promise; labels the model does not know are counted and left out of
 * the sets. Null (with the reason) when the model is not multi-label or no row is labelled.
 */
export function labelPerformance(input: LabelPerformanceInput): { performance: Performance | null; reason: string | null } {
  const p = input.prediction;
  if (p.kind !== 'multilabel') return { performance: null, reason: `a ${p.kind} model has no label sets` };
  const labels = p.labels;
  const L = labels.length;
  const index = new Map(labels.map((l, k) => [l, k]));
  const n = p.probabilities.length / Math.max(1, L);
  const truth = new Uint8Array(n * L);
  const rows: number[] = [];
  const unknown = new Set<string>();
  let unknownCount = 0;
  input.sets.forEach((set, i) => {
    if (set === null || i >= n) return;
    rows.push(i);
    for (const label of set) {
      const k = index.get(label);
      if (k === undefined) {
        unknownCount++;
        unknown.add(label);
      } else truth[i * L + k] = 1;
    }
  });
  if (rows.length === 0) return { performance: null, reason: 'no row of the window carries a label set yet' };
  const decided = decideLabels({ labels, probabilities: p.probabilities }, n, input.thresholds);
  const values = rowValues(labels, truth, decided, n, input.business);
  const seed = input.seed ?? 7;
  const measured = labelMetricsWithIntervals(labels, truth, decided, rows, values, seed, input.resamples ?? 500);
  const asInterval = (m: Record<string, { mean: number; low: number; high: number }>): Record<string, MetricInterval> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { value: v.mean, low: v.low, high: v.high }]));
  const overall = asInterval(measured.metrics);
  const promised = Object.fromEntries(Object.entries(input.promised).filter(([k]) => overall[k] !== undefined));
  // Below the promise: the whole interval on the wrong side of the promised one (as for every other kind).
  const belowPromise = Object.keys(promised).filter((k) => {
    const now = overall[k]!;
    const was = promised[k]!;
    return higherIsBetter(k) ? now.high < was.low : now.low > was.high;
  });
  const windows: PerformanceWindow[] = [];
  if (input.times !== null) {
    const labelled = new Set(rows);
    for (const w of timeWindows(input.times, input.window, input.origin)) {
      const inWindow = Array.from(w.rows).filter((r) => labelled.has(r));
      if (inWindow.length === 0) continue;
      const m = labelMetricsWithIntervals(labels, truth, decided, inWindow, values, seed + w.start, Math.min(WINDOW_RESAMPLES, input.resamples ?? WINDOW_RESAMPLES));
      windows.push({
        start: isoTime(w.start),
        end: isoTime(w.end),
        rows: inWindow.length,
        metrics: asInterval(m.metrics),
        valuePerDecision: m.value?.mean ?? null,
        value: m.value === null ? null : { perDecision: m.value.mean, low: m.value.low, high: m.value.high },
      });
    }
  }
  const notes = [...(input.notes ?? [])];
  if (unknownCount > 0) notes.push(`${unknownCount} label(s) in the window are not labels of the model (${[...unknown].slice(0, 5).map((l) => `'${l}'`).join(', ')}); they are left out of the label sets.`);
  const value =
    measured.value === null
      ? null
      : {
          perDecision: measured.value.mean,
          total: measured.value.mean * rows.length,
          currency: input.business?.currency ?? null,
          threshold: null,
          low: measured.value.low,
          high: measured.value.high,
          promised: input.promisedValue === null ? null : { perDecision: input.promisedValue.mean, low: input.promisedValue.low, high: input.promisedValue.high },
          belowPromise: valueBelowPromise({ perDecision: measured.value.mean, low: measured.value.low, high: measured.value.high }, input.promisedValue, rows.length),
        };
  return {
    performance: { labelled: rows.length, unusableLabels: unknownCount, window: input.window.text, promised, overall: { rows: rows.length, metrics: overall }, windows, belowPromise, value, notes },
    reason: null,
  };
}
