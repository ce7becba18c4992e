// Writes a commented problem card from a data file and a target: what was inferred and every data
// setting the file was read with are filled in; the rest is a commented template for the task.

import { basename, dirname, extname, relative, resolve } from 'node:path';
import type { Task } from '../core/task.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { FileFormat } from '../data/file-format.js';
import type { SemanticType } from '../data/semantic-type.js';
import { parseCard } from './card-file.js';
import { inferTask } from './task.js';

/** The data flags init was given: each one is written into the card, so the card reads the same frame. */
export interface InitDataSettings {
  readonly sql?: string | undefined;
  readonly format?: FileFormat | undefined;
  readonly delimiter?: string | undefined;
  readonly header?: boolean | undefined;
  readonly missing?: readonly string[] | undefined;
  readonly types?: Readonly<Record<string, SemanticType>> | undefined;
}

export interface InitInput {
  readonly dataFile: string;
  readonly cardPath: string;
  readonly frame: Frame;
  /** The column to predict, or several 0/1 label columns (multi-label). */
  readonly target: string | readonly string[] | null;
  /** The same as `data.sql`, for callers that give only a query. */
  readonly sql?: string | undefined;
  readonly data?: InitDataSettings;
  /** The column at which predictions are made, when the user named it (`--time`). */
  readonly time?: string | undefined;
  /** The task the user asked for (`--task`), written into the card; else inferred. */
  readonly task?: Task | undefined;
}

const quote = (s: string): string => JSON.stringify(s);
/** A name as YAML reads it back: bare when it is a plain word, quoted otherwise. */
const plain = (s: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : quote(s));
/** A flow mapping of quoted keys, which YAML reads whatever the column names hold. */
const flowMap = (entries: readonly (readonly [string, string])[]): string => `{ ${entries.map(([k, v]) => `${quote(k)}: ${v}`).join(', ')} }`;

/** Date and time columns: the candidates for the moment each prediction is made. */
export function timeCandidates(frame: Frame): string[] {
  return frame.columns.filter((c) => c.kind === 'datetime' || frame.typeOf(c.name).type === 'datetime').map((c) => c.name);
}

/** The `# time: …` line (or `time: …` when the user chose), naming every candidate instead of picking one. */
export function timeLine(frame: Frame, chosen: string | undefined): string {
  const candidates = timeCandidates(frame);
  const listed = candidates.length === 0 ? 'no date or time column found' : `candidates: ${candidates.join(', ')}`;
  if (chosen !== undefined) return `time: ${quote(chosen)}   # the moment each prediction is made (${listed})`;
  return `# time: ${candidates.length === 1 ? plain(candidates[0]!) : 'event_date'}   # the moment each prediction is made; ${listed}`;
}

export function initCardText(input: InitInput): string {
  const { frame } = input;
  // Several label columns are one multi-label target; every other use below takes a single column.
  const targets: readonly string[] = input.target === null ? [] : typeof input.target === 'string' ? [input.target] : input.target;
  const target = targets.length === 1 ? targets[0]! : null;
  const data: InitDataSettings = { ...input.data, ...(input.data?.sql === undefined && input.sql !== undefined ? { sql: input.sql } : {}) };
  const dataPath = relative(dirname(resolve(input.cardPath)), resolve(input.dataFile)) || basename(input.dataFile);
  const task = inferTask(frame, targets.length > 1 ? targets : target, input.task);
  const ids = frame.columns.filter((c) => frame.typeOf(c.name).type === 'identifier').map((c) => c.name);
  const features = frame.names.filter((n) => !targets.includes(n) && !ids.includes(n) && n !== input.time);
  const example = features.find((n) => frame.column(n).kind === 'numeric') ?? features[0] ?? 'some_feature';
  const classes = target === null || (task.task !== 'binary' && task.task !== 'multiclass') ? [] : classesOf(frame, target);
  // The class a binary decision acts on: a yes-like label, else the rarer (churners, fraud, rain).
  const positive = classes.find((c) => /^(true|yes|y|1|positive|pos)$/i.test(c)) ?? rarest(frame, target, classes);
  const ordered = [positive, ...classes.filter((c) => c !== positive)];
  const lines = [
    '# framewise problem card. Edit it, then run: framewise assess ' + basename(input.cardPath),
    `# Written by framewise init from ${basename(input.dataFile)} (${frame.rowCount} rows, ${frame.columnCount} columns).`,
    '',
    `name: ${quote(basename(input.dataFile, extname(input.dataFile)))}`,
    '# The product goal in one sentence: which real-world outcome should the predictions serve?',
    'goal: ""',
    '',
    '# How the file is read. Every command (assess, brief, predict, monitor, retrain) reads it the same way.',
    'data:',
    `  file: ${quote(dataPath)}   # relative to this card`,
    ...dataLines(data),
    '',
    ...(targets.length > 1 ? labelColumnLines(targets, task) : targetLines(target, task, frame, input.task !== undefined)),
    ids.length > 0 ? `id: ${quote(ids[0]!)}   # identifies rows; never used as a feature` : '# id: row_id',
    '# If rows happen over time, name the column holding the moment each prediction is made:',
    '# models are then tested on later rows than they learn from.',
    timeLine(frame, input.time),
    '',
    '# Features are every other column. Mark any that will NOT be known when the prediction is made',
    '# (measured later, or on the same day as the outcome): they would leak the answer.',
    '# features:',
    '#   exclude: []',
    '#   notes:',
    `#     ${plain(example)}: { availableAtPrediction: false, note: "recorded after the outcome" }`,
    '',
    ...ruleLines(task.task, example, ordered),
    ...decisionLines(task.task, classes, positive, frame, target),
    '',
    'assess:',
    '  folds: 5',
    '  seed: 42',
    '  budgetSeconds: 60',
    '  # minimumLift: 0.02   # the smallest gain over the best non-ML baseline that matters, in the main metric (default 0.02; 0.04 in PR AUC, used when positives are under 5%)',
    '',
  ];
  const text = lines.join('\n');
  parseCard(text, input.cardPath);
  return text;
}

function dataLines(data: InitDataSettings): string[] {
  const out: string[] = [];
  out.push(data.sql !== undefined ? `  sql: ${quote(data.sql)}` : '  # sql: "SELECT *, a - b AS difference FROM data"   # one DuckDB SELECT over the table named data; it can read no other file');
  if (data.format !== undefined) out.push(`  format: ${data.format}`);
  if (data.delimiter !== undefined) out.push(`  delimiter: ${quote(data.delimiter)}`);
  if (data.header === false) out.push('  header: false   # the file has no header line');
  out.push(
    data.missing !== undefined
      ? `  missing: [${data.missing.map(quote).join(', ')}]   # only these strings mean missing; "NA" is then kept as a value`
      : '  # missing: [""]   # strings that mean missing (default: empty and NA); list them to keep "NA" as a value',
  );
  const types = Object.entries(data.types ?? {});
  out.push(types.length > 0 ? `  types: ${flowMap(types.map(([k, v]) => [k, v]))}` : '  # types: { zip_code: categorical }   # override an inferred column type');
  return out;
}

function targetLines(target: string | null, task: { task: Task; reason: string; output: string }, frame: Frame, declared: boolean): string[] {
  if (target === null) {
    const reference = frame.names.find((n) => frame.column(n).kind === 'categorical' && frame.typeOf(n).type === 'categorical');
    if (task.task === 'anomaly') {
      return [
        '# target: none: framewise flags unusual rows (anomaly detection)',
        `task: anomaly   # ${task.reason}; the model outputs ${task.output}`,
        `# referenceColumn: ${quote(reference ?? 'known_anomaly')}   # known anomalies (1/true/yes), when some rows were reviewed: precision and recall are then measured`,
      ];
    }
    return [
      '# target: column_to_predict   # none: framewise looks for groups (clustering)',
      `# Inferred task: ${task.task} (${task.reason}); the model outputs ${task.output}.`,
      '# To flag unusual rows instead of finding groups, uncomment (or run init with --task anomaly):',
      '# task: anomaly',
      `# referenceColumn: ${quote(reference ?? 'known_group')}   # clustering: a known grouping to compare the clusters with; anomalies: known anomalies`,
    ];
  }
  return [
    `target: ${quote(target)}`,
    ...(declared
      ? [`task: ${task.task}   # ${task.reason}; the model outputs ${task.output}`]
      : [`# Inferred task: ${task.task} (${task.reason}); the model outputs ${task.output}. Uncomment to override:`, `# task: ${task.task}`]),
    ...(task.task === 'multilabel' ? [`# labelDelimiter: "|"   # the character between the labels of one row`] : []),
    '# If the label only stands in for what the team really wants (a proxy), say so:',
    '# targetNote: "..."',
  ];
}

/** Several 0/1 label columns: the card's target as a list, each column one label. */
function labelColumnLines(targets: readonly string[], task: { task: Task; reason: string; output: string }): string[] {
  return [
    `target: [${targets.map(quote).join(', ')}]   # one 0/1 column per label`,
    `# Inferred task: ${task.task} (${task.reason}); the model outputs ${task.output}.`,
    '# If the labels only stand in for what the team really wants (a proxy), say so:',
    '# targetNote: "..."',
  ];
}

function ruleLines(task: Task, example: string, classes: readonly string[]): string[] {
  const head = [
    "# The team's own rules, scored as baselines on the same folds as the models. `output` is",
    "# class (a label), score (higher means the positive class) or number; each `sql` is one DuckDB",
    "# expression over a row's columns (no FROM, no second statement, no file-reading function).",
    '# rules:',
    '#   - name: simple threshold',
  ];
  const column = /^[A-Za-z_][A-Za-z0-9_]*$/.test(example) ? example : `"${example.replaceAll('"', '""')}"`;
  const sqlText = (sql: string): string => `#     sql: ${quote(sql)}`;
  switch (task) {
    case 'binary':
    case 'multiclass': {
      const [a, b] = [classes[0] ?? 'yes', classes[1] ?? 'no'];
      return [...head, sqlText(`CASE WHEN ${column} > 0 THEN '${a.replaceAll("'", "''")}' ELSE '${b.replaceAll("'", "''")}' END`), '#     output: class', ''];
    }
    case 'regression':
      return [...head, sqlText(`${column} * 1.0`), '#     output: number', ''];
    default:
      // Clustering, anomalies and multi-label have no single-column rule to compare with.
      return [];
  }
}

function decisionLines(task: Task, classes: readonly string[], positive: string, frame: Frame, target: string | null): string[] {
  const costs = [
    '#   decisionsPerMonth: 10000',
    '#   buildCost: 50000',
    '#   monthlyRunningCost: 2000',
    '#   retrainingCost: 5000',
    '#   successMetric: "what the business measures"',
    '#   modelMetric: "the model metric that stands in for it"',
    '#   source: "where these figures come from"',
  ];
  const anomalyDecision = [
    '# decision:',
    '#   flaggedShare: 0.02   # flag the 2% most unusual rows',
    '#   # threshold: 0.6   # or: flag every row whose anomaly score is at least this (instead of flaggedShare)',
  ];
  // Kinds whose decisions have no price in the card: what the work costs, and nothing per decision.
  const workCosts = ['# What the work costs, for the brief (every figure optional).', '# business:', '#   currency: USD', ...costs];
  const worth = ['# What each decision is worth, for the brief (every figure optional; missing ones are named as', '# assumptions, never invented).', '# business:', '#   currency: USD'];
  switch (task) {
    case 'binary': {
      return [
        '# What the prediction drives. A threshold is static (baked into labels and product) or dynamic',
        '# (set later by the application); the brief recommends one for value.',
        '# decision:',
        '#   output: threshold',
        '#   threshold: 0.5',
        '#   thresholdMode: dynamic',
        `#   positiveClass: ${quote(positive)}   # the class the decision acts on: ${classes.map(quote).join(' or ')}`,
        '',
        ...worth,
        '#   outcomes: { truePositive: 100, falsePositive: -20, trueNegative: 0, falseNegative: -100 }',
        ...costs,
      ];
    }
    case 'multiclass': {
      // A skeleton over the data's own classes: 0 when right, a placeholder cost when wrong.
      const shown = classes.slice(0, 12);
      return [
        '# What the prediction drives: the predicted class.',
        '# decision:',
        '#   output: class',
        '',
        ...worth,
        '#   # costMatrix[actual][predicted]: the value of predicting a class when the truth is another (a cost is negative).',
        '#   costMatrix:',
        ...shown.map((actual) => `#     ${quote(actual)}: ${flowMap(shown.map((predicted) => [predicted, predicted === actual ? '0' : '-10']))}`),
        ...(classes.length > shown.length ? [`#     # ...and ${classes.length - shown.length} more classes`] : []),
        ...costs,
      ];
    }
    case 'regression': {
      const column = target === null ? undefined : frame.column(target);
      const middle = column?.kind === 'numeric' ? median(column.values) : 0;
      const what = target ?? 'the target';
      return [
        '# What the prediction drives: a number, or a decision when it crosses a boundary. With a',
        `# boundary, each row is decided by which side of it the predicted ${what} falls on (the server`,
        '# returns that side, and PUT /policy moves it), and the brief values the decisions that land on',
        '# the wrong side of it; without one, only the size of the errors counts.',
        '# decision:',
        '#   output: number',
        `#   boundary: ${round(middle)}   # the predicted value at which the decision changes (the median of ${what} shown)`,
        '',
        ...worth,
        `#   costPerUnitError: 1   # money lost per unit the prediction is off by (one unit of ${what}), in the currency above`,
        '#   # or, when over- and under-predicting cost differently (use these instead of costPerUnitError):',
        '#   # overPredictionCostPerUnit: 1',
        '#   # underPredictionCostPerUnit: 2',
        ...costs,
      ];
    }
    case 'multilabel': {
      const labels = target === null ? [] : labelsOf(frame, target);
      const shown = labels.slice(0, 20);
      return [
        '# What the prediction drives: each label is set when its probability is at least the threshold',
        '# (the brief recommends one per label).',
        ...(labels.length === 0 ? [] : [`# The labels in the data: ${shown.map(quote).join(', ')}${labels.length > shown.length ? `, and ${labels.length - shown.length} more` : ''}.`]),
        '# decision:',
        '#   output: threshold',
        '#   threshold: 0.5',
        '',
        ...workCosts,
      ];
    }
    case 'anomaly':
      return [
        '# What the prediction drives: a row is flagged as unusual when its anomaly score (0 to 1) is at',
        '# least a threshold. Give the share of rows to flag (the threshold is then set where that share',
        '# of the training rows is flagged), or the score itself; with neither, 10% are flagged.',
        ...anomalyDecision,
        '',
        ...workCosts,
      ];
    case 'clustering':
      return [
        '# What the prediction drives: each row is given one of k groups. The assessment chooses k (the',
        '# best silhouette for k = 2 to 10) and the brief shows it; `framewise train --model kmeans',
        '# --param n_clusters=K` trains another k. There is nothing to decide beyond the group.',
        '# With task: anomaly instead, a row is flagged when its anomaly score (0 to 1) reaches a',
        '# threshold, set by the share of rows to flag or by the score itself:',
        ...anomalyDecision,
        '',
        ...workCosts,
      ];
  }
}

/** The labels of a column of delimited label sets ("a|b"), in order, for the multi-label template. */
function labelsOf(frame: Frame, target: string): string[] {
  const column = frame.column(target);
  const texts = new Set<string>();
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    if (v !== null) texts.add(String(v));
  }
  const delimiter = ['|', ';'].find((d) => [...texts].some((t) => t.includes(d))) ?? '|';
  const labels = new Set<string>();
  for (const t of texts) for (const label of t.split(delimiter)) if (label.trim() !== '') labels.add(label.trim());
  return [...labels].sort();
}

function classesOf(frame: Frame, target: string): string[] {
  const column = frame.column(target);
  const seen = new Set<string>();
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    if (v !== null) seen.add(String(v));
  }
  return [...seen].sort();
}

/** The rarer class: the one a binary decision usually acts on (churners, fraud, rain). */
function rarest(frame: Frame, target: string | null, classes: readonly string[]): string {
  if (target === null) return classes[1] ?? 'yes';
  const counts = new Map<string, number>();
  const column = frame.column(target);
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  return [...classes].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0))[0] ?? 'yes';
}

function median(values: Float64Array): number {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  return finite.length === 0 ? 0 : finite[Math.floor(finite.length / 2)]!;
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}
