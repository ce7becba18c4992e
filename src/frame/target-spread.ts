// Whether a target can teach a model anything: one class, one number or a label that never
// changes is refused (TARGET_CONSTANT); a number that is nearly constant is trained with a warning.
//
// The rule for numbers: refused when every labelled row holds the same value; warned when one
// value holds at least NEARLY_CONSTANT_SHARE of the labelled rows (the model can do little but
// predict it, and its scores rest on the few other rows), or when the values differ only in
// their last digits (a spread below NEGLIGIBLE_SPREAD of their size: rounding noise, not signal).

import { FramewiseError } from '../core/errors.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';

/** One value on at least this share of the labelled rows makes a numeric target nearly constant. */
export const NEARLY_CONSTANT_SHARE = 0.95;
/** Values spread less than this, relative to their size, differ only by rounding. */
export const NEGLIGIBLE_SPREAD = 1e-9;

const CONSTANT_HINT =
  'A model needs rows that differ in what it predicts. Check the target column, the --sql or data.sql filter that produced the rows, and the missing-value strings (--missing, data.missing); if the other outcomes are rare, add rows that carry them.';

/**
 * Refuses a single target column with one value on every labelled row; for regression, returns
 * a warning (one sentence) when it is nearly constant, else null. An unlabelled column is left
 * to the missing-target checks.
 */
export function checkTargetSpread(frame: Frame, target: string, task: 'regression' | 'binary' | 'multiclass', where: string): string | null {
  const column = frame.column(target);
  // A column of numbers read as classes (a constant one is) is still said in numbers when it never changes.
  if (column.kind === 'numeric') {
    const warning = numericSpread(column.values, target, where);
    return task === 'regression' ? warning : null;
  }
  let first: string | null = null;
  let rows = 0;
  for (let i = 0; i < frame.rowCount; i++) {
    const v = valueAt(column, i);
    if (v === null) continue;
    const text = String(v);
    if (first === null) first = text;
    else if (text !== first) return null;
    rows++;
  }
  if (first === null) return null;
  throw new FramewiseError('TARGET_CONSTANT', `Target '${target}' in '${where}' has one class only: every labelled row (${rows}) is '${first}', so there is nothing to tell apart.`, {
    hint: CONSTANT_HINT,
    location: { file: where, column: target, field: 'target' },
  });
}

function numericSpread(values: Float64Array, target: string, where: string): string | null {
  let rows = 0;
  let min = Infinity;
  let max = -Infinity;
  // Boyer-Moore majority vote: the only value that can hold more than half the rows, in O(1) memory.
  let candidate = Number.NaN;
  let votes = 0;
  for (const v of values) {
    if (v !== v) continue;
    rows++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (votes === 0) {
      candidate = v;
      votes = 1;
    } else votes += v === candidate ? 1 : -1;
  }
  if (rows === 0) return null;
  if (min === max) {
    throw new FramewiseError('TARGET_CONSTANT', `Target '${target}' in '${where}' is ${min} on every labelled row (${rows}): there is nothing to predict, since always answering ${min} is exact.`, {
      hint: CONSTANT_HINT,
      location: { file: where, column: target, field: 'target' },
    });
  }
  let same = 0;
  for (const v of values) if (v === candidate) same++;
  if (same >= NEARLY_CONSTANT_SHARE * rows) {
    return `Target '${target}' is nearly constant: ${candidate} on ${same} of ${rows} labelled rows (${((100 * same) / rows).toFixed(1)}%). A model can do little but predict ${candidate}, and its scores rest on the ${rows - same} other row${rows - same === 1 ? '' : 's'}; check that the target measures what varies.`;
  }
  if (max - min <= NEGLIGIBLE_SPREAD * Math.max(Math.abs(min), Math.abs(max))) {
    return `Target '${target}' is nearly constant: every labelled value lies between ${min} and ${max}, a spread of ${(max - min).toPrecision(2)} that is rounding noise at that size, not signal; check the column and its units.`;
  }
  return null;
}

/** How often one label of a multi-label target is present. */
export interface LabelSpread {
  readonly label: string;
  readonly present: number;
  readonly rows: number;
}

/** Refuses a multi-label target with a label present on every row or on none, naming each such label. */
export function refuseConstantLabels(labels: readonly LabelSpread[], where: string, delimited: boolean): void {
  const constant = labels.filter((l) => l.rows > 0 && (l.present === 0 || l.present === l.rows));
  if (constant.length === 0) return;
  const lines = constant.map((l) => `  - '${l.label}' is ${l.present === 0 ? 'absent from' : 'present on'} every row (${l.present} of ${l.rows})`);
  const names = constant.map((l) => `'${l.label}'`).join(', ');
  throw new FramewiseError('TARGET_CONSTANT', `${constant.length === 1 ? 'A label' : `${constant.length} labels`} of the multi-label target in '${where}' never change${constant.length === 1 ? 's' : ''}, so no model can learn when ${constant.length === 1 ? 'it applies' : 'they apply'}:\n${lines.join('\n')}`, {
    hint: delimited
      ? `Leave ${names} out of the label sets (for example with --sql or data.sql), or add rows where ${constant.length === 1 ? 'it differs' : 'they differ'}.`
      : `Leave ${names} out of the target (a card's \`target: [...]\`, or the --target list), or add rows where ${constant.length === 1 ? 'it differs' : 'they differ'}; each label column marks with 1 the rows that carry the label and 0 the others.`,
    location: { file: where, field: 'target', column: constant[0]!.label },
  });
}
