// Which kind of problem this is (regression, binary, multiclass, multi-label, clustering,
// anomaly detection), inferred from the target when the card does not say, with the reason.

import { FramewiseError } from '../core/errors.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { Task } from '../core/task.js';

export interface TaskChoice {
  readonly task: Task;
  readonly reason: string;
  /** The kind of output the model gives, in plain words. */
  readonly output: string;
}

const OUTPUT: Readonly<Record<Task, string>> = {
  regression: 'a number',
  binary: 'one of two classes, with a probability',
  multiclass: 'one of several classes, with a probability for each',
  multilabel: 'a set of labels, each with a probability',
  clustering: 'a group (cluster) for each row, named afterwards by people',
  anomaly: 'an anomaly score for each row, and a flag above a threshold',
};

export function inferTask(frame: Frame, target: string | readonly string[] | null | undefined, declared?: Task, labelDelimiter?: string): TaskChoice {
  const choose = (task: Task, reason: string): TaskChoice => ({ task, reason, output: OUTPUT[task] });
  if (target === null || target === undefined) {
    if (declared !== undefined && declared !== 'clustering' && declared !== 'anomaly') {
      throw new FramewiseError('CARD_INVALID', `task '${declared}' needs a target column, and none is given.`, {
        hint: 'Name the column to predict in `target`, or choose task clustering or anomaly.',
        location: { field: 'target' },
      });
    }
    return declared === 'anomaly' ? choose('anomaly', 'no target column, and the card asks for anomaly detection') : choose('clustering', 'no target column: the task is to find groups in the data');
  }
  if (Array.isArray(target)) {
    refuseListForOneColumnTask(target as readonly string[], declared);
    return choose('multilabel', `${target.length} target columns, each a yes/no label`);
  }
  const name = target as string;
  const column = frame.column(name);
  const type = frame.typeOf(name).type;
  if (declared === 'multilabel' || labelDelimiter !== undefined || (declared === undefined && looksDelimited(frame, name))) {
    return choose('multilabel', `'${name}' holds several labels per row, separated by '${labelDelimiter ?? detectDelimiter(frame, name) ?? '|'}'`);
  }
  if (declared === 'regression' || (declared === undefined && column.kind === 'numeric' && type === 'numeric')) {
    if (column.kind !== 'numeric') {
      throw new FramewiseError('CARD_INVALID', `task is regression but target '${name}' is ${type}, not a number.`, {
        hint: 'Remove `task` to let framewise choose, or point `target` at a numeric column.',
        location: { field: 'task' },
      });
    }
    return choose('regression', `'${name}' is a number with many distinct values`);
  }
  if (declared === 'clustering' || declared === 'anomaly') return choose(declared, `the card asks for ${declared}; '${name}' is kept as a reference only`);
  const classes = new Set<string>();
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    if (v !== null) classes.add(String(v));
  }
  if (classes.size === 2) return choose('binary', `'${name}' has two classes (${[...classes].sort().map((c) => `'${c}'`).join(' and ')})`);
  return choose('multiclass', `'${name}' has ${classes.size} classes`);
}

const DELIMITERS = ['|', ';'];

function detectDelimiter(frame: Frame, name: string): string | undefined {
  const column = frame.column(name);
  if (column.kind !== 'categorical') return undefined;
  for (const d of DELIMITERS) {
    const multi = column.dictionary.filter((v) => v.split(d).length > 1).length;
    if (multi > 0 && multi >= column.dictionary.length * 0.2) return d;
  }
  return undefined;
}

function looksDelimited(frame: Frame, name: string): boolean {
  return detectDelimiter(frame, name) !== undefined;
}

/** A list of target columns means multi-label; a task that predicts (or compares with) one column is told to name one. */
function refuseListForOneColumnTask(target: readonly string[], declared: Task | undefined): void {
  if (declared === undefined || declared === 'multilabel') return;
  const list = target.map((t) => `'${t}'`).join(', ');
  const write = declared === 'clustering' || declared === 'anomaly' ? `referenceColumn: ${target[0]}` : `target: ${target[0]}`;
  throw new FramewiseError('CARD_INVALID', `target lists ${target.length} columns (${list}), but task ${declared} ${declared === 'clustering' || declared === 'anomaly' ? 'compares its output with one reference column' : 'predicts one column'}.`, {
    hint: `Write one column name, e.g. \`${write}\`; a list of 0/1 label columns (target: [a, b]) is a multi-label target (task: multilabel, or no task).`,
    location: { field: 'target' },
  });
}
