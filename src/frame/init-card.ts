// Writes a commented problem card from a data file and a target: what was inferred is filled
// in, everything else is shown as commented examples ready to edit.

import { basename, dirname, extname, relative, resolve } from 'node:path';
import type { Frame } from '../data/frame.js';
import { parseCard } from './card-file.js';
import { inferTask } from './task.js';

export interface InitInput {
  readonly dataFile: string;
  readonly cardPath: string;
  readonly frame: Frame;
  readonly target: string | null;
  readonly sql?: string | undefined;
}

const quote = (s: string): string => JSON.stringify(s);

export function initCardText(input: InitInput): string {
  const { frame, target } = input;
  const dataPath = relative(dirname(resolve(input.cardPath)), resolve(input.dataFile)) || basename(input.dataFile);
  const task = inferTask(frame, target);
  const ids = frame.columns.filter((c) => frame.typeOf(c.name).type === 'identifier').map((c) => c.name);
  const times = frame.columns.filter((c) => c.kind === 'datetime').map((c) => c.name);
  const features = frame.names.filter((n) => n !== target && !ids.includes(n));
  const example = features.find((n) => frame.column(n).kind === 'numeric') ?? features[0] ?? 'some_feature';
  const lines = [
    '# framewise problem card. Edit it, then run: framewise assess ' + basename(input.cardPath),
    `# Written by framewise init from ${basename(input.dataFile)} (${frame.rowCount} rows, ${frame.columnCount} columns).`,
    '',
    `name: ${quote(basename(input.dataFile, extname(input.dataFile)))}`,
    '# The product goal in one sentence: which real-world outcome should the predictions serve?',
    'goal: ""',
    '',
    'data:',
    `  file: ${quote(dataPath)}   # relative to this card`,
    input.sql ? `  sql: ${quote(input.sql)}` : '  # sql: "SELECT *, a - b AS difference FROM data"   # a DuckDB SELECT over the table named data',
    '',
    target === null ? '# target: column_to_predict   # none: framewise looks for groups (clustering)' : `target: ${quote(target)}`,
    `# Inferred task: ${task.task} (${task.reason}); the model outputs ${task.output}. Uncomment to override:`,
    `# task: ${task.task}`,
    '# If the label only stands in for what the team really wants (a proxy), say so:',
    '# targetNote: "..."',
    ids.length > 0 ? `id: ${quote(ids[0]!)}   # identifies rows; never used as a feature` : '# id: row_id',
    times.length > 0 ? `# time: ${quote(times[0]!)}   # if rows happen over time, uncomment: models are then tested on later rows than they learn from` : '# time: event_date',
    '',
    '# Features are every other column. Mark any that will NOT be known when the prediction is made',
    '# (measured later, or on the same day as the outcome): they would leak the answer.',
    '# features:',
    '#   exclude: []',
    '#   notes:',
    `#     ${example}: { availableAtPrediction: false, note: "recorded after the outcome" }`,
    '',
    "# The team's own rules, scored as baselines on the same folds as the models. `output` is",
    '# class (a label), score (higher means the positive class) or number.',
    '# rules:',
    `#   - name: simple threshold`,
    `#     sql: "CASE WHEN ${example} > 0 THEN 'yes' ELSE 'no' END"`,
    '#     output: class',
    '',
    '# What the prediction drives. A threshold is static (baked into labels and product) or dynamic',
    '# (set later by the application).',
    '# decision:',
    '#   output: threshold',
    '#   threshold: 0.5',
    '#   thresholdMode: dynamic',
    '#   positiveClass: "yes"',
    '',
    '# What each decision is worth, for the brief (every figure optional; missing ones are named as',
    '# assumptions, never invented).',
    '# business:',
    '#   currency: USD',
    '#   outcomes: { truePositive: 100, falsePositive: -20, trueNegative: 0, falseNegative: -100 }',
    '#   decisionsPerMonth: 10000',
    '#   buildCost: 50000',
    '#   monthlyRunningCost: 2000',
    '#   retrainingCost: 5000',
    '#   successMetric: "what the business measures"',
    '#   modelMetric: "the model metric that stands in for it"',
    '#   source: "where these figures come from"',
    '',
    'assess:',
    '  folds: 5',
    '  seed: 42',
    '  budgetSeconds: 60',
    '  # minimumLift: 0.02   # the smallest gain over the best non-ML baseline that matters',
    '',
  ];
  const text = lines.join('\n');
  parseCard(text, input.cardPath);
  return text;
}
