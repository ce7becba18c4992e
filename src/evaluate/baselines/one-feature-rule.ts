// The best rule a person could write from one feature: a depth-2 tree on one numeric feature
// (up to four intervals) or one outcome per category, shown readably, e.g.
// `precipitation > 0.3 → rain`. It is a baseline, and it measures each feature's power alone.

import { type Column, valueAt } from '../../data/column.js';
import type { Predictions, Truth } from '../oof.js';

export interface Leaf {
  /** Class counts (classification) or [sum, count] (regression). */
  readonly counts: Float64Array;
  readonly rows: number;
}

export type OneFeatureRule =
  | { readonly kind: 'numeric'; readonly feature: string; readonly thresholds: readonly number[]; readonly leaves: readonly Leaf[]; readonly missing: Leaf; readonly prior: Leaf }
  | { readonly kind: 'categorical'; readonly feature: string; readonly categories: ReadonlyMap<string, Leaf>; readonly other: Leaf; readonly prior: Leaf };

export interface RuleLeafSummary {
  readonly condition: string;
  readonly rows: number;
  readonly counts: readonly number[];
}

const MAX_CANDIDATES = 256;

const orders = new WeakMap<Float64Array, Int32Array>();

/** Indices of the present (non-NaN) values in ascending value order, computed once per array. */
function sortedOrder(values: Float64Array): Int32Array {
  let order = orders.get(values);
  if (order === undefined) {
    const present: number[] = [];
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present.push(i);
    const keys = Float64Array.from(present, (i) => values[i]!);
    const idx = Int32Array.from(present.keys());
    idx.sort((a, b) => keys[a]! - keys[b]! || a - b);
    order = Int32Array.from(idx, (k) => present[k]!);
    orders.set(values, order);
  }
  return order;
}

/** The feature's values as numbers for the numeric rule (times as ms, booleans 0/1), or null for categories. */
export function numericView(column: Column): Float64Array | null {
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return column.values;
    case 'boolean': {
      let view = booleanViews.get(column.values);
      if (view === undefined) booleanViews.set(column.values, (view = Float64Array.from(column.values, (v) => (v < 0 ? Number.NaN : v))));
      return view;
    }
    default:
      return null;
  }
}

const booleanViews = new WeakMap<Int8Array, Float64Array>();

function leafOf(truth: Truth, rows: ArrayLike<number>, from = 0, to = rows.length): Leaf {
  if (truth.kind === 'regression') {
    let sum = 0;
    for (let i = from; i < to; i++) sum += truth.y[rows[i]!]!;
    return { counts: new Float64Array([sum, to - from]), rows: to - from };
  }
  const counts = new Float64Array(truth.classes.length);
  for (let i = from; i < to; i++) counts[truth.y[rows[i]!]!]!++;
  return { counts, rows: to - from };
}

/** Impurity × rows: Gini for classes, sum of squared errors for numbers (from running sums). */
function cost(truth: Truth, counts: Float64Array, rows: number, sumSquares = 0): number {
  if (rows === 0) return 0;
  if (truth.kind === 'regression') return sumSquares - (counts[0]! * counts[0]!) / rows;
  let s = 0;
  for (const c of counts) s += c * c;
  return rows - s / rows;
}

/** Fits on `rows` (training rows) of `column`. */
export function fitOneFeatureRule(column: Column, truth: Truth, rows: Int32Array): OneFeatureRule {
  const prior = leafOf(truth, rows);
  const minLeaf = Math.max(5, Math.floor(rows.length * 0.01));
  const numbers = numericView(column);
  if (numbers === null) {
    const byCategory = new Map<string, number[]>();
    const rest: number[] = [];
    for (const r of rows) {
      const v = valueAt(column, r);
      if (v === null) rest.push(r);
      else {
        const key = String(v);
        let list = byCategory.get(key);
        if (list === undefined) byCategory.set(key, (list = []));
        list.push(r);
      }
    }
    const categories = new Map<string, Leaf>();
    for (const [key, list] of byCategory) {
      if (list.length >= minLeaf) categories.set(key, leafOf(truth, list));
      else rest.push(...list);
    }
    return { kind: 'categorical', feature: column.name, categories, other: rest.length > 0 ? leafOf(truth, rest) : prior, prior };
  }
  // Rows in value order come from the column's order over all rows, sorted once and cached,
  // filtered by membership: no sort per fit, which matters with many features and folds.
  const member = new Uint8Array(numbers.length);
  for (const r of rows) member[r] = 1;
  const order = sortedOrder(numbers);
  const kept = new Int32Array(rows.length);
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i]!;
    if (member[r] === 1) kept[count++] = r;
  }
  const present = kept.subarray(0, count);
  const absent: number[] = [];
  if (count < rows.length) for (const r of rows) if (numbers[r]! !== numbers[r]!) absent.push(r);
  const thresholds: number[] = [];
  const first = bestSplit(numbers, truth, present, 0, present.length, minLeaf);
  if (first !== null) {
    const left = bestSplit(numbers, truth, present, 0, first.index, minLeaf);
    const right = bestSplit(numbers, truth, present, first.index, present.length, minLeaf);
    if (left) thresholds.push(left.threshold);
    thresholds.push(first.threshold);
    if (right) thresholds.push(right.threshold);
  }
  const leaves: Leaf[] = [];
  let start = 0;
  for (let t = 0; t <= thresholds.length; t++) {
    let end = start;
    while (end < present.length && (t === thresholds.length || numbers[present[end]!]! <= thresholds[t]!)) end++;
    leaves.push(leafOf(truth, present, start, end));
    start = end;
  }
  return { kind: 'numeric', feature: column.name, thresholds, leaves, missing: absent.length > 0 ? leafOf(truth, absent) : prior, prior };
}

/** The threshold over sorted rows [from, to) that lowers impurity most, or null when none helps. */
function bestSplit(numbers: Float64Array, truth: Truth, sorted: ArrayLike<number>, from: number, to: number, minLeaf: number): { index: number; threshold: number } | null {
  const n = to - from;
  if (n < 2 * minLeaf) return null;
  const width = truth.kind === 'regression' ? 2 : truth.classes.length;
  const total = new Float64Array(width);
  let totalSquares = 0;
  for (let i = from; i < to; i++) {
    const r = sorted[i]!;
    if (truth.kind === 'regression') {
      total[0]! += truth.y[r]!;
      totalSquares += truth.y[r]! ** 2;
    } else total[truth.y[r]!]!++;
  }
  const parentCost = cost(truth, total, n, totalSquares);
  const step = Math.max(1, Math.floor(n / MAX_CANDIDATES));
  const left = new Float64Array(width);
  const right = new Float64Array(width);
  let leftSquares = 0;
  let best: { index: number; threshold: number; gain: number } | null = null;
  let i = from;
  let nextCandidate = from + minLeaf;
  while (i < to - minLeaf) {
    const r = sorted[i]!;
    if (truth.kind === 'regression') {
      left[0]! += truth.y[r]!;
      leftSquares += truth.y[r]! ** 2;
    } else left[truth.y[r]!]!++;
    i++;
    const here = numbers[sorted[i - 1]!]!;
    const next = numbers[sorted[i]!]!;
    if (i < nextCandidate || here === next || i - from < minLeaf) continue;
    nextCandidate = i + step;
    for (let c = 0; c < width; c++) right[c] = total[c]! - left[c]!;
    const leftRows = i - from;
    const gain = parentCost - cost(truth, left, leftRows, leftSquares) - cost(truth, right, n - leftRows, totalSquares - leftSquares);
    if (gain > 1e-12 * Math.max(1, parentCost) && (best === null || gain > best.gain)) best = { index: i, threshold: (here + next) / 2, gain };
  }
  return best === null ? null : { index: best.index, threshold: best.threshold };
}

/** A leaf's prediction as scored: the mean (numbers) or class probabilities, smoothed by the prior. */
export function leafPrediction(truth: Truth, leaf: Leaf, prior: Leaf): Float64Array {
  if (truth.kind === 'regression') return new Float64Array([leaf.rows > 0 ? leaf.counts[0]! / leaf.rows : prior.counts[0]! / prior.rows]);
  // Half a row of each class's prior share keeps probabilities off 0 and 1.
  const k = truth.classes.length;
  const out = new Float64Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) {
    out[c] = leaf.counts[c]! + 0.5 * k * (prior.counts[c]! / prior.rows);
    total += out[c]!;
  }
  for (let c = 0; c < k; c++) out[c]! /= total;
  return out;
}

function leafFor(rule: OneFeatureRule, column: Column, row: number): Leaf {
  if (rule.kind === 'categorical') {
    const v = valueAt(column, row);
    return v === null ? rule.other : (rule.categories.get(String(v)) ?? rule.other);
  }
  const x = numericView(column)![row]!;
  if (x !== x) return rule.missing;
  let t = 0;
  while (t < rule.thresholds.length && x > rule.thresholds[t]!) t++;
  return rule.leaves[t]!;
}

export function predictOneFeatureRule(rule: OneFeatureRule, column: Column, truth: Truth, rows: ArrayLike<number>): Predictions {
  if (truth.kind === 'regression') {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = leafPrediction(truth, leafFor(rule, column, rows[i]!), rule.prior)[0]!;
    return { kind: 'regression', values };
  }
  const k = truth.classes.length;
  const probabilities = new Float64Array(rows.length * k);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const p = leafPrediction(truth, leafFor(rule, column, rows[i]!), rule.prior);
    probabilities.set(p, i * k);
    labels[i] = argmax(p);
  }
  return { kind: 'classification', probabilities, labels, calibrated: true };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Leaves with their conditions, for the readable rule and for the leakage check. */
export function ruleLeaves(rule: OneFeatureRule): RuleLeafSummary[] {
  const f = rule.feature;
  if (rule.kind === 'categorical') {
    const out = [...rule.categories].map(([k, leaf]) => ({ condition: `${f} = ${k}`, rows: leaf.rows, counts: [...leaf.counts] }));
    if (rule.other !== rule.prior) out.push({ condition: `${f} is another value or missing`, rows: rule.other.rows, counts: [...rule.other.counts] });
    return out;
  }
  const out: RuleLeafSummary[] = rule.leaves.map((leaf, i) => {
    const low = i === 0 ? null : rule.thresholds[i - 1]!;
    const high = i === rule.thresholds.length ? null : rule.thresholds[i]!;
    const condition = low === null && high === null ? `any ${f}` : low === null ? `${f} ≤ ${fmt(high!)}` : high === null ? `${f} > ${fmt(low)}` : `${fmt(low)} < ${f} ≤ ${fmt(high)}`;
    return { condition, rows: leaf.rows, counts: [...leaf.counts] };
  });
  if (rule.missing !== rule.prior) out.push({ condition: `${f} is missing`, rows: rule.missing.rows, counts: [...rule.missing.counts] });
  return out;
}

/** The rule in words, adjacent intervals with the same outcome merged: `precipitation > 0 → rain`. */
export function describeRule(rule: OneFeatureRule, truth: Truth): string {
  return describeWith(rule, (leaf) => {
    const p = leafPrediction(truth, leaf, rule.prior);
    return truth.kind === 'regression' ? fmt(p[0]!) : truth.classes[argmax(p)]!;
  });
}

/**
 * Whether the rule gives one class on every row (its words are `always …`): such a rule
 * decides exactly as the prior does, so it is reported as the prior, not under its feature.
 */
export function decidesOneClass(rule: OneFeatureRule, truth: Truth): boolean {
  if (truth.kind !== 'classification') return false;
  const outcomes = new Set(leavesOf(rule).map((leaf) => argmax(leafPrediction(truth, leaf, rule.prior))));
  return outcomes.size < 2;
}

/** Every leaf a training row landed in (the prior stands in for "other" or "missing" when none did). */
function leavesOf(rule: OneFeatureRule): Leaf[] {
  const extra = rule.kind === 'categorical' ? rule.other : rule.missing;
  return [...(rule.kind === 'categorical' ? rule.categories.values() : rule.leaves), ...(extra === rule.prior ? [] : [extra])];
}

/**
 * A two-class rule in words as it decides at a threshold on its score (the share of the
 * positive class in each interval), from out-of-fold decisions: each interval takes the
 * decision most of its tested rows got, since each fold's rule shifts a little from this
 * one on all rows. Null when every interval decides the same (the rule is then the prior).
 */
export function describeRuleDecisions(rule: OneFeatureRule, column: Column, truth: Truth, rows: ArrayLike<number>, acted: ArrayLike<boolean>, threshold: number): string | null {
  if (truth.kind !== 'classification' || truth.classes.length !== 2) return null;
  const tally = new Map<Leaf, [number, number]>();
  for (let i = 0; i < rows.length; i++) {
    const leaf = leafFor(rule, column, rows[i]!);
    let t = tally.get(leaf);
    if (t === undefined) tally.set(leaf, (t = [0, 0]));
    t[acted[i] ? 0 : 1]++;
  }
  const positive = truth.classes[truth.positive]!;
  const negative = truth.classes[1 - truth.positive]!;
  const decide = (leaf: Leaf): string => {
    const t = tally.get(leaf);
    const acts = t === undefined || t[0] + t[1] === 0 ? leafPrediction(truth, leaf, rule.prior)[truth.positive]! >= threshold : t[0] > t[1];
    return acts ? positive : negative;
  };
  // Only the decisions rows really got count: a leaf no tested row lands in decides nothing.
  if (new Set([...tally.keys()].map(decide)).size < 2) return null;
  return describeWith(rule, decide);
}

function describeWith(rule: OneFeatureRule, outcome: (leaf: Leaf) => string): string {
  if (rule.kind === 'categorical') {
    const parts = [...rule.categories].map(([k, leaf]) => `${k} → ${outcome(leaf)}`);
    parts.push(`other → ${outcome(rule.other)}`);
    return `${rule.feature}: ${parts.join('; ')}`;
  }
  const merged: { low: number | null; high: number | null; outcome: string }[] = [];
  rule.leaves.forEach((leaf, i) => {
    const o = outcome(leaf);
    const low = i === 0 ? null : rule.thresholds[i - 1]!;
    const high = i === rule.thresholds.length ? null : rule.thresholds[i]!;
    const last = merged.at(-1);
    if (last && last.outcome === o) last.high = high;
    else merged.push({ low, high, outcome: o });
  });
  const f = rule.feature;
  if (merged.length === 1) return `always ${merged[0]!.outcome}`;
  return merged
    .map((m) => `${m.low === null ? `${f} ≤ ${fmt(m.high!)}` : m.high === null ? `${f} > ${fmt(m.low)}` : `${fmt(m.low)} < ${f} ≤ ${fmt(m.high)}`} → ${m.outcome}`)
    .join('; ');
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e11 ? new Date(x).toISOString().slice(0, 10) : Number(x.toPrecision(4)).toString();
}

/** A threshold or value of a rule as its words show it (dates as days). */
export { fmt as formatRuleValue };
