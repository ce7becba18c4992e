// Which learner `framewise train --model KIND` builds for a given target: the kinds offered, how a
// target is read (one column, a column of label sets, several 0/1 columns), and --param parsing.

import { FramewiseError } from '../core/errors.js';
import { closestNames } from '../core/suggest.js';
import type { Frame } from '../data/frame.js';
import type { Estimator } from '../learn/estimator.js';
import { FOREST_NAME } from '../learn/forest/fitted-forest.js';
import { RandomForest } from '../learn/forest/forest.js';
import { FOREST_SPECS } from '../learn/forest/params.js';
import { GBDT_NAME } from '../learn/gbdt/fitted-gbdt.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { GBDT_SPECS } from '../learn/gbdt/params.js';
import { parseParamAssignments } from '../learn/hyperparams.js';
import { IFOREST, IFOREST_SPECS, IsolationForest } from '../learn/iforest/iforest.js';
import { KMEANS, KMEANS_SPECS, KMeans } from '../learn/kmeans/kmeans.js';
import { LOGISTIC, LOGISTIC_SPECS, LogisticRegression } from '../learn/linear/logistic.js';
import { RIDGE, RIDGE_SPECS, Ridge } from '../learn/linear/ridge.js';
import { type BaseLearner, LOGISTIC_BASE, MULTILABEL, MULTILABEL_SPECS, MultiLabelClassifier } from '../learn/multilabel/one-vs-rest.js';

export const MODEL_KINDS = ['gbdt', 'forest', 'linear', 'kmeans', 'iforest'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const MODEL_KIND_HELP: Readonly<Record<ModelKind, string>> = {
  gbdt: 'gradient-boosted trees (classes or numbers)',
  forest: 'random forest (classes or numbers)',
  linear: 'ridge regression for a numeric target, logistic regression for classes',
  kmeans: 'k-means clustering (no target)',
  iforest: 'isolation forest anomaly detection (no target)',
};

export function isModelKind(value: string): value is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(value);
}

export function checkModelKind(value: string): ModelKind {
  if (isModelKind(value)) return value;
  throw new FramewiseError('INVALID_ARGUMENT', `Unknown --model '${value}'.`, {
    hint: `${closestNames(value, MODEL_KINDS, 1).map((k) => `Did you mean '${k}'? `).join('')}Choose one of: ${MODEL_KINDS.map((k) => `${k} (${MODEL_KIND_HELP[k]})`).join('; ')}.`,
    location: { field: '--model' },
  });
}

/** How the target is read. */
export type TargetReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'column'; readonly name: string }
  | { readonly kind: 'label-sets'; readonly name: string; readonly delimiter: string }
  | { readonly kind: 'label-columns'; readonly names: readonly string[] };

/** The column names --target refers to: itself, or the comma-separated names it lists. */
export function targetColumnNames(target: string | undefined, available?: readonly string[]): string[] {
  if (target === undefined) return [];
  if (available?.includes(target) || !target.includes(',')) return [target];
  return target.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Reads --target against the loaded frame: several columns, or label sets, mean multi-label. */
export function readTarget(frame: Frame, target: string | undefined, delimiter: string): TargetReading {
  if (target === undefined) return { kind: 'none' };
  const names = targetColumnNames(target, frame.names);
  if (names.length > 1) return { kind: 'label-columns', names };
  const column = frame.column(names[0]!);
  const holdsSets =
    column.kind === 'categorical'
      ? column.dictionary.some((d) => d.includes(delimiter))
      : column.kind === 'text' && column.values.some((v) => v !== null && v.includes(delimiter));
  return holdsSets ? { kind: 'label-sets', name: column.name, delimiter } : { kind: 'column', name: column.name };
}

/** The learner to fit, the target string to pass to it, and what it was chosen for. */
export interface Choice {
  readonly estimator: Estimator;
  /** What `fit` receives as its target. */
  readonly fitTarget: string | undefined;
  /** Columns that are targets, never features. */
  readonly targetColumns: readonly string[];
  /** One line saying why this learner. */
  readonly reason: string;
}

/** Builds the learner for `kind` and `reading`, parsing `--param` by the learner's own specs. */
export function chooseEstimator(kind: ModelKind, frame: Frame, reading: TargetReading, assignments: readonly string[]): Choice {
  if (kind === 'kmeans' || kind === 'iforest') {
    const targetColumns = reading.kind === 'none' ? [] : reading.kind === 'label-columns' ? reading.names : [reading.name];
    const estimator = kind === 'kmeans' ? build(KMEANS, KMEANS_SPECS, assignments, (p) => new KMeans(p)) : build(IFOREST, IFOREST_SPECS, assignments, (p) => new IsolationForest(p));
    const reason = kind === 'kmeans' ? 'clustering learns without a target' : 'anomaly detection learns without a target';
    return { estimator, fitTarget: targetColumns.length === 1 ? targetColumns[0] : undefined, targetColumns, reason: targetColumns.length > 0 ? `${reason}; ${quoteList(targetColumns)} left out of the features` : reason };
  }
  if (reading.kind === 'none') {
    throw new FramewiseError('INVALID_ARGUMENT', `--model ${kind} learns to predict a column, and no --target was given.`, {
      hint: 'Name the column to predict with --target COLUMN (several 0/1 columns, comma-separated, for multi-label). To find groups or unusual rows without a target, use --model kmeans or --model iforest.',
      location: { field: '--target' },
    });
  }
  if (reading.kind === 'label-sets' || reading.kind === 'label-columns') {
    const base = baseLearner(kind);
    const specs = new MultiLabelClassifier({}, base).specs;
    const estimator = build(MULTILABEL, specs, assignments, (p) => new MultiLabelClassifier(p, base));
    const target = reading.kind === 'label-sets' ? reading.name : reading.names.join(',');
    const reason =
      reading.kind === 'label-sets'
        ? `'${reading.name}' holds label sets separated by '${reading.delimiter}': one ${BASE_NAME[kind]} per label`
        : `${reading.names.length} label columns: one ${BASE_NAME[kind]} per label`;
    return { estimator, fitTarget: target, targetColumns: reading.kind === 'label-sets' ? [reading.name] : reading.names, reason };
  }
  const name = reading.name;
  const numeric = frame.column(name).kind === 'numeric';
  switch (kind) {
    case 'gbdt':
      return { estimator: build(GBDT_NAME, GBDT_SPECS, assignments, (p) => new Gbdt(p)), fitTarget: name, targetColumns: [name], reason: numeric ? `'${name}' holds numbers: regression (set --param objective=classification for classes)` : `'${name}' holds classes: classification` };
    case 'forest':
      return { estimator: build(FOREST_NAME, FOREST_SPECS, assignments, (p) => new RandomForest(p)), fitTarget: name, targetColumns: [name], reason: numeric ? `'${name}' holds numbers: regression (set --param objective=classification for classes)` : `'${name}' holds classes: classification` };
    case 'linear':
      return numeric
        ? { estimator: build(RIDGE, RIDGE_SPECS, assignments, (p) => new Ridge(p)), fitTarget: name, targetColumns: [name], reason: `'${name}' holds numbers: ridge regression (for classes, read it as categories: --type ${name}=categorical)` }
        : { estimator: build(LOGISTIC, LOGISTIC_SPECS, assignments, (p) => new LogisticRegression(p)), fitTarget: name, targetColumns: [name], reason: `'${name}' holds classes: logistic regression` };
  }
}

const BASE_NAME = { gbdt: 'gbdt model', forest: 'random forest', linear: 'logistic regression' } as const;

function baseLearner(kind: 'gbdt' | 'forest' | 'linear'): BaseLearner {
  switch (kind) {
    case 'linear':
      return LOGISTIC_BASE;
    case 'gbdt':
      return { specs: GBDT_SPECS.filter((s) => !MULTILABEL_SPECS.some((m) => m.name === s.name)), make: (p) => new Gbdt(p) };
    case 'forest':
      return { specs: FOREST_SPECS.filter((s) => !MULTILABEL_SPECS.some((m) => m.name === s.name)), make: (p) => new RandomForest(p) };
  }
}

function build(name: string, specs: Estimator['specs'], assignments: readonly string[], make: (params: Readonly<Record<string, unknown>>) => Estimator): Estimator {
  // Names are checked here (a clear "has no parameter" error); values by the learner's constructor.
  return make(parseParamAssignments(name, specs, assignments));
}

/** The delimiter a --param delimiter=… assignment asks for, '|' otherwise. */
export function delimiterFrom(assignments: readonly string[]): string {
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq > 0 && a.slice(0, eq).trim() === 'delimiter') {
      const value = a.slice(eq + 1);
      return value.trim() === '' ? value : value.trim();
    }
  }
  return '|';
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}
