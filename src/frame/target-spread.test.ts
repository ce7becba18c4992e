// A target that never changes is refused by name and value; a numeric one that nearly never
// changes is warned about with the share of rows that hold its one value; a label that is on
// every row or on none is refused by name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { Frame } from '../data/frame.js';
import { checkTargetSpread, refuseConstantLabels } from './target-spread.js';

const numbers = (name: string, values: number[]): Frame => new Frame([{ kind: 'numeric', name, values: Float64Array.from(values) }]);
const classes = (name: string, values: (string | null)[]): Frame => {
  const dictionary = [...new Set(values.filter((v): v is string => v !== null))];
  return new Frame([{ kind: 'categorical', name, codes: Int32Array.from(values, (v) => (v === null ? -1 : dictionary.indexOf(v))), dictionary }]);
};

const constantRefusal = (...patterns: RegExp[]) => (e: unknown): boolean => {
  assert.ok(e instanceof FramewiseError, String(e));
  assert.equal(e.code, 'TARGET_CONSTANT');
  for (const p of patterns) assert.match(e.message, p);
  assert.match(e.hint ?? '', /at least|differ/);
  return true;
};

test('one class on every labelled row is refused, naming the column, the class and the rows; missing labels do not count', () => {
  const frame = classes('churned', ['yes', null, 'yes', 'yes', null, 'yes']);
  assert.throws(() => checkTargetSpread(frame, 'churned', 'binary', 'churn.csv'), constantRefusal(/'churned'/, /'yes'/, /\(4\)/, /churn\.csv/));
  // Two classes, however unbalanced, are a question to answer.
  assert.equal(checkTargetSpread(classes('churned', ['yes', 'yes', 'yes', 'no']), 'churned', 'binary', 'churn.csv'), null);
  // No label at all is the missing-target checks' to report, not this one.
  assert.equal(checkTargetSpread(classes('churned', [null, null]), 'churned', 'binary', 'churn.csv'), null);
});

test('a number that is the same on every row is refused for regression, and said in numbers when read as classes', () => {
  const frame = numbers('amount', [5, 5, Number.NaN, 5, 5]);
  assert.throws(() => checkTargetSpread(frame, 'amount', 'regression', 'sales.csv'), constantRefusal(/'amount'/, /is 5 on every labelled row \(4\)/));
  assert.throws(() => checkTargetSpread(frame, 'amount', 'multiclass', 'sales.csv'), constantRefusal(/is 5 on every labelled row/));
});

test('a number nearly constant is trained with a warning: one value on at least 95% of the rows, or a spread of rounding noise', () => {
  const mostly = Array.from({ length: 100 }, (_, i) => (i < 95 ? 12.5 : 13 + i));
  const warning = checkTargetSpread(numbers('amount', mostly), 'amount', 'regression', 'sales.csv');
  assert.match(warning ?? '', /'amount' is nearly constant: 12\.5 on 95 of 100 labelled rows \(95\.0%\)/);
  assert.match(warning ?? '', /5 other rows/);
  // 94 of 100 is a skewed target, not a constant one.
  const skewed = Array.from({ length: 100 }, (_, i) => (i < 94 ? 12.5 : 13 + i));
  assert.equal(checkTargetSpread(numbers('amount', skewed), 'amount', 'regression', 'sales.csv'), null);
  // Every value distinct, yet they differ only in the twelfth digit.
  const noise = Array.from({ length: 50 }, (_, i) => 1000 + i * 1e-9);
  assert.match(checkTargetSpread(numbers('reading', noise), 'reading', 'regression', 'meter.csv') ?? '', /nearly constant: every labelled value lies between 1000 and 1000\.0000000[0-9]+.*rounding noise/);
  // A numeric target read as classes is not warned about as a number.
  assert.equal(checkTargetSpread(numbers('amount', mostly), 'amount', 'multiclass', 'sales.csv'), null);
  // An ordinary spread of numbers passes.
  assert.equal(checkTargetSpread(numbers('amount', Array.from({ length: 40 }, (_, i) => i * 1.5)), 'amount', 'regression', 'sales.csv'), null);
});

test('a label present on every row or on none is refused with each such label named', () => {
  assert.throws(
    () =>
      refuseConstantLabels(
        [
          { label: 'news', present: 12, rows: 40 },
          { label: 'sport', present: 0, rows: 40 },
          { label: 'all', present: 40, rows: 40 },
        ],
        'tags.yaml',
        false,
      ),
    (e: unknown) => {
      assert.ok(e instanceof FramewiseError);
      assert.equal(e.code, 'TARGET_CONSTANT');
      assert.match(e.message, /2 labels of the multi-label target in 'tags\.yaml' never change/);
      assert.match(e.message, /'sport' is absent from every row \(0 of 40\)/);
      assert.match(e.message, /'all' is present on every row \(40 of 40\)/);
      assert.doesNotMatch(e.message, /'news'/);
      assert.match(e.hint ?? '', /Leave 'sport', 'all' out of the target/);
      assert.equal(e.location?.field, 'target');
      return true;
    },
  );
  assert.doesNotThrow(() => refuseConstantLabels([{ label: 'news', present: 1, rows: 40 }, { label: 'sport', present: 39, rows: 40 }], 'tags.yaml', false));
});
