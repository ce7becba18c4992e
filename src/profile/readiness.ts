// Data readiness checks, in words a non-specialist understands: is there enough data, per
// class too; how much is missing; what is left out and why; duplicates; labels that disagree on
// identical inputs; whether time calls for a time-ordered split. Each check carries its evidence.

import { type Column, missingCount, valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { groupIdenticalRows } from './row-groups.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface ReadinessCheck {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

export interface ReadinessInput {
  readonly frame: Frame;
  readonly features: readonly string[];
  /** A single target column (null for unsupervised problems). */
  readonly target: string | null;
  readonly classification: boolean;
  readonly leftOut: readonly { readonly name: string; readonly reason: string }[];
  readonly timeColumn: string | null;
}

/** Thresholds of the rules of thumb, stated in every message that uses them. */
export const RULES_OF_THUMB = {
  minRows: 50,
  comfortableRows: 1000,
  rowsPerFeature: 10,
  minRowsPerClass: 10,
  comfortableRowsPerClass: 50,
  heavyMissingShare: 0.3,
  duplicateShare: 0.05,
  conflictWarnShare: 0.02,
  conflictFailShare: 0.1,
} as const;

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (x: number): string => `${(100 * x).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;

export function dataReadiness(input: ReadinessInput): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [enoughRows(input)];
  if (input.classification && input.target !== null) checks.push(rowsPerClass(input.frame.column(input.target)));
  checks.push(missingValues(input), leftOutColumns(input), duplicateRows(input));
  if (input.classification && input.target !== null) checks.push(conflictingLabels(input));
  checks.push(timeOrder(input));
  return checks;
}

function enoughRows({ frame, features }: ReadinessInput): ReadinessCheck {
  const n = frame.rowCount;
  const p = Math.max(1, features.length);
  const r = RULES_OF_THUMB;
  const rule = `the rule of thumb is at least ${fmt(r.comfortableRows)} rows and ${r.rowsPerFeature} rows per feature`;
  const status: CheckStatus = n < r.minRows || n < 2 * p ? 'fail' : n < r.comfortableRows || n < r.rowsPerFeature * p ? 'warn' : 'pass';
  const verdict = status === 'pass' ? 'enough' : status === 'warn' ? 'on the small side' : 'too few to learn from reliably';
  return {
    id: 'enough-rows',
    title: 'Enough examples',
    status,
    message: `${fmt(n)} rows for ${p} feature${p === 1 ? '' : 's'}: ${verdict} (${rule}).`,
    evidence: { rows: n, features: p, minRows: r.minRows, comfortableRows: r.comfortableRows, rowsPerFeature: r.rowsPerFeature },
  };
}

function rowsPerClass(target: Column): ReadinessCheck {
  // Counted by stored value, named once per distinct value: no string per row at millions of rows.
  const byValue = new Map<unknown, number>();
  for (let i = 0; i < (target.kind === 'categorical' ? target.codes.length : target.values.length); i++) {
    const v = valueAt(target, i);
    if (v !== null) byValue.set(v, (byValue.get(v) ?? 0) + 1);
  }
  const counts = new Map<string, number>();
  for (const [v, c] of byValue) counts.set(String(v), (counts.get(String(v)) ?? 0) + c);
  const r = RULES_OF_THUMB;
  const sorted = [...counts].sort((a, b) => a[1] - b[1]);
  const rare = sorted.filter(([, c]) => c < r.comfortableRowsPerClass);
  const status: CheckStatus = sorted.some(([, c]) => c < r.minRowsPerClass) ? 'fail' : rare.length > 0 ? 'warn' : 'pass';
  const smallest = sorted[0]!;
  const message =
    status === 'pass'
      ? `Every class has at least ${r.comfortableRowsPerClass} examples (the smallest, '${smallest[0]}', has ${fmt(smallest[1])}).`
      : `${rare.map(([k, c]) => `'${k}' has only ${fmt(c)}`).join(', ')} example${rare.length === 1 && rare[0]![1] === 1 ? '' : 's'}: a model learns little about a class with fewer than ${r.comfortableRowsPerClass} examples${status === 'fail' ? `, and cannot be checked on fewer than ${r.minRowsPerClass}` : ''}.`;
  return { id: 'rows-per-class', title: 'Examples of every class', status, message, evidence: { classCounts: Object.fromEntries(counts) } };
}

function missingValues({ frame, features, target }: ReadinessInput): ReadinessCheck {
  const n = frame.rowCount;
  const shares: Record<string, number> = {};
  for (const name of features) {
    const missing = missingCount(frame.column(name));
    if (missing > 0) shares[name] = missing / n;
  }
  const unlabelled = target === null ? 0 : missingCount(frame.column(target));
  const heavy = Object.entries(shares).filter(([, s]) => s >= RULES_OF_THUMB.heavyMissingShare);
  const parts: string[] = [];
  if (unlabelled > 0) parts.push(`${fmt(unlabelled)} rows (${pct(unlabelled / n)}) have no label and are left out of training and scoring`);
  if (heavy.length > 0) parts.push(`${heavy.map(([k, s]) => `'${k}' is missing on ${pct(s)} of rows`).join(', ')}: a feature that is mostly missing helps little`);
  const some = Object.keys(shares).length;
  if (parts.length === 0) parts.push(some === 0 ? 'No values are missing.' : `${some} feature${some === 1 ? ' has' : 's have'} a few missing values, which the models handle.`);
  const status: CheckStatus = unlabelled > n / 2 ? 'fail' : heavy.length > 0 || unlabelled > 0 ? 'warn' : 'pass';
  return { id: 'missing-values', title: 'Missing values', status, message: parts.join('; '), evidence: { missingShareByFeature: shares, unlabelledRows: unlabelled } };
}

function leftOutColumns({ leftOut }: ReadinessInput): ReadinessCheck {
  const automatic = leftOut.filter((l) => /^(identifier|constant|text):/.test(l.reason));
  return {
    id: 'left-out-columns',
    title: 'Columns left out',
    status: automatic.length > 0 ? 'warn' : 'pass',
    message:
      automatic.length === 0
        ? 'No column was left out automatically.'
        : `Left out automatically: ${automatic.map((l) => `'${l.name}' (${l.reason.split(':')[0]})`).join(', ')}. Identifiers name rows, constants carry no signal, and free text needs its own treatment.`,
    evidence: { leftOut },
  };
}

/**
 * Rows grouped by identical features, once per frame and feature list: the duplicate and the
 * conflicting-label checks share it, and only groups of two or more rows are looked into further.
 */
const featureGroupCache = new WeakMap<Frame, { key: string; groups: Int32Array; groupCount: number; sizes: Int32Array }>();
function featureGroups(frame: Frame, features: readonly string[]): { groups: Int32Array; groupCount: number; sizes: Int32Array } {
  const key = JSON.stringify(features);
  const cached = featureGroupCache.get(frame);
  if (cached !== undefined && cached.key === key) return cached;
  const { groups, groupCount } = groupIdenticalRows(features.map((f) => frame.column(f)), frame.rowCount);
  const sizes = new Int32Array(groupCount);
  for (let i = 0; i < frame.rowCount; i++) sizes[groups[i]!]!++;
  const made = { key, groups, groupCount, sizes };
  featureGroupCache.set(frame, made);
  return made;
}

function duplicateRows({ frame, features, target }: ReadinessInput): ReadinessCheck {
  let duplicates: number;
  if (target === null) duplicates = frame.rowCount - groupIdenticalRows(features.map((c) => frame.column(c)), frame.rowCount).groupCount;
  else {
    // Rows that repeat features and label: within each group of identical features, every row
    // beyond the first of its label.
    const { groups, groupCount, sizes } = featureGroups(frame, features);
    const t = frame.column(target);
    const labelsOf = new Map<number, Set<string>>();
    let extra = 0;
    for (let i = 0; i < frame.rowCount; i++) {
      if (sizes[groups[i]!]! < 2) continue;
      let set = labelsOf.get(groups[i]!);
      if (set === undefined) labelsOf.set(groups[i]!, (set = new Set()));
      const label = String(valueAt(t, i));
      if (!set.has(label)) {
        if (set.size > 0) extra++;
        set.add(label);
      }
    }
    duplicates = frame.rowCount - groupCount - extra;
  }
  const share = duplicates / frame.rowCount;
  return {
    id: 'duplicate-rows',
    title: 'Duplicate rows',
    status: share > RULES_OF_THUMB.duplicateShare ? 'warn' : 'pass',
    message:
      duplicates === 0
        ? 'No row repeats another exactly.'
        : `${fmt(duplicates)} rows (${pct(share)}) repeat an earlier row exactly${share > RULES_OF_THUMB.duplicateShare ? ': check for double-counted records, and expect scores to look better than they are when copies land in both training and test' : ''}.`,
    evidence: { duplicateRows: duplicates, share },
  };
}

/**
 * Rows with identical features but different labels: the rows outside each group's majority
 * label are a lower bound on label noise (no model can get them right).
 */
function conflictingLabels({ frame, features, target }: ReadinessInput): ReadinessCheck {
  const t = frame.column(target!);
  const { groups, groupCount, sizes } = featureGroups(frame, features);
  const labelCounts = new Map<number, Map<string, number>>();
  // Only groups of two or more rows can disagree: the others are skipped without a map each.
  for (let i = 0; i < frame.rowCount; i++) {
    if (sizes[groups[i]!]! < 2) continue;
    const label = valueAt(t, i);
    if (label === null) continue;
    let m = labelCounts.get(groups[i]!);
    if (m === undefined) labelCounts.set(groups[i]!, (m = new Map()));
    m.set(String(label), (m.get(String(label)) ?? 0) + 1);
  }
  let conflictingRows = 0;
  let minority = 0;
  let conflictingGroups = 0;
  for (const m of labelCounts.values()) {
    if (m.size < 2) continue;
    conflictingGroups++;
    let total = 0;
    let top = 0;
    for (const c of m.values()) {
      total += c;
      top = Math.max(top, c);
    }
    conflictingRows += total;
    minority += total - top;
  }
  const noise = minority / frame.rowCount;
  const r = RULES_OF_THUMB;
  const status: CheckStatus = noise > r.conflictFailShare ? 'fail' : noise > r.conflictWarnShare ? 'warn' : 'pass';
  return {
    id: 'conflicting-labels',
    title: 'Labels that disagree',
    status,
    message:
      conflictingGroups === 0
        ? 'No two rows with identical inputs carry different labels.'
        : `${fmt(conflictingRows)} rows share identical inputs but carry different labels; at least ${pct(noise)} of labels look wrong or the features miss what decides the label${status === 'fail' ? ': fix the labels or add the missing information first' : ''}.`,
    evidence: { conflictingRows, conflictingGroups, estimatedLabelNoise: noise, distinctInputs: groupCount },
  };
}

function timeOrder({ frame, features, timeColumn }: ReadinessInput): ReadinessCheck {
  if (timeColumn !== null) {
    return { id: 'time-order', title: 'Time order', status: 'pass', message: `Rows are ordered by '${timeColumn}': models are always tested on rows later than those they learned from.`, evidence: { timeColumn } };
  }
  const dates = frame.columns.filter((c) => c.kind === 'datetime').map((c) => c.name);
  if (dates.length === 0) return { id: 'time-order', title: 'Time order', status: 'pass', message: 'No date or time column: rows are split at random.', evidence: {} };
  return {
    id: 'time-order',
    title: 'Time order',
    status: 'warn',
    message: `'${dates[0]}' is a date${features.includes(dates[0]!) ? ' used as a feature' : ''}: if the rows happen over time, set \`time: ${dates[0]}\` in the card so that models are tested on later rows than they learned from, as they will be used.`,
    evidence: { datetimeColumns: dates },
  };
}
