// Reading request rows against a signature: every storage kind, missing values, out-of-distribution
// flags and the frame a model predicts from.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputSignature } from '../learn/estimator.js';
import { requestAsRead } from './logged-inputs.js';
import { parseRows } from './request-rows.js';

const SIGNATURE: InputSignature = {
  features: [
    { name: 'amount', type: 'numeric', min: 0, max: 100, hadMissing: false },
    { name: 'when', type: 'datetime', min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2024-12-31T00:00:00Z'), hadMissing: true },
    { name: 'member', type: 'boolean', hadMissing: false },
    { name: 'plan', type: 'categorical', categories: ['basic', 'pro'], hadMissing: true },
    { name: 'note', type: 'text', hadMissing: true },
  ],
  ignored: [{ name: 'customer_id', reason: 'an identifier' }],
};

test('builds one column per feature with the training category codes and epoch milliseconds', () => {
  const result = parseRows(
    {
      rows: [
        { amount: 12.5, when: '2024-06-01T00:00:00Z', member: true, plan: 'pro', note: 'hi', customer_id: 'c1' },
        { amount: 0, when: null, member: false, plan: null, note: null },
      ],
    },
    SIGNATURE,
    10,
  );
  assert.ok(result.ok);
  const frame = result.value.frame;
  assert.deepEqual(frame.names, ['amount', 'when', 'member', 'plan', 'note']);
  const plan = frame.column('plan');
  assert.ok(plan.kind === 'categorical');
  assert.deepEqual([...plan.codes], [1, -1]);
  assert.equal(plan.dictionary, SIGNATURE.features[3]!.categories);
  const when = frame.column('when');
  assert.ok(when.kind === 'datetime');
  assert.equal(when.values[0], Date.parse('2024-06-01T00:00:00Z'));
  assert.ok(Number.isNaN(when.values[1]!));
  const member = frame.column('member');
  assert.ok(member.kind === 'boolean');
  assert.deepEqual([...member.values], [1, 0]);
  assert.deepEqual(result.value.ood, [[], []]);
});

test('flags out-of-range numbers and times, new categories and missing values training never had', () => {
  const result = parseRows({ row: { amount: null, when: '2030-01-01', member: true, plan: 'enterprise', note: 'x' } }, SIGNATURE, 10);
  assert.ok(result.ok);
  assert.deepEqual(result.value.ood[0], [
    { field: 'amount', reason: 'missing' },
    { field: 'when', reason: 'above-training-range' },
    { field: 'plan', reason: 'unseen-category' },
  ]);
  assert.equal(result.value.single, true);
});

test('names every wrong type without row numbers for a single row', () => {
  const result = parseRows({ row: { amount: '5', when: 'soon', member: 'yes', plan: ['pro'], note: 3, extra: 1 } }, SIGNATURE, 10);
  assert.ok(!result.ok);
  assert.deepEqual(
    result.issues.map((i) => [i.row, i.field]),
    [
      [undefined, 'amount'],
      [undefined, 'when'],
      [undefined, 'member'],
      [undefined, 'plan'],
      [undefined, 'note'],
      [undefined, 'extra'],
    ],
  );
  assert.match(result.issues[1]!.problem, /ISO 8601/);
  assert.match(result.issues[3]!.problem, /got an array/);
});

test('one-row frames asked to be reused share buffers per signature; frames of many rows never do', () => {
  const row = { amount: 12.5, when: null, member: true, plan: 'pro', note: null };
  const first = parseRows({ row }, SIGNATURE, 10, { reuseOneRow: true });
  assert.ok(first.ok);
  const firstAmount = first.value.frame.column('amount');
  assert.ok(firstAmount.kind === 'numeric');
  assert.equal(firstAmount.values[0], 12.5);
  const second = parseRows({ row: { ...row, amount: 99, plan: 'basic' } }, SIGNATURE, 10, { reuseOneRow: true });
  assert.ok(second.ok);
  assert.equal(second.value.frame, first.value.frame);
  assert.equal(firstAmount.values[0], 99);
  const plan = second.value.frame.column('plan');
  assert.ok(plan.kind === 'categorical');
  assert.deepEqual([...plan.codes], [0]);
  // Without the option, and for many rows, each call builds its own frame.
  const own = parseRows({ row }, SIGNATURE, 10);
  assert.ok(own.ok);
  assert.notEqual(own.value.frame, first.value.frame);
  const many = parseRows({ rows: [row, row] }, SIGNATURE, 10, { reuseOneRow: true });
  assert.ok(many.ok);
  assert.equal(many.value.frame.rowCount, 2);
});

test('features named like properties every object has are read as own fields only', () => {
  const signature: InputSignature = {
    features: [
      { name: 'constructor', type: 'numeric', hadMissing: false },
      { name: 'toString', type: 'categorical', categories: ['a'], hadMissing: true },
    ],
    ignored: [],
  };
  const missing = parseRows({ row: {} }, signature, 10);
  assert.ok(!missing.ok);
  assert.deepEqual(missing.issues.map((i) => i.field), ['constructor', 'toString']);
  const ok = parseRows(JSON.parse('{"row":{"constructor":3,"toString":"b"}}'), signature, 10);
  assert.ok(ok.ok);
  assert.deepEqual(ok.value.ood[0], [{ field: 'toString', reason: 'unseen-category' }]);
});

test('unknown fields are found next to ignored columns and missing features, and an unseen category in one row is a flag, not a refusal', () => {
  const unknown = parseRows({ row: { amount: 1, when: null, member: true, note: null, customer_id: 'c', colour: 'red' } }, SIGNATURE, 10);
  assert.ok(!unknown.ok);
  assert.deepEqual(unknown.issues.map((i) => i.field), ['plan', 'colour']);
  const unseen = parseRows({ row: { amount: 1, when: null, member: true, plan: 'enterprise', note: null } }, SIGNATURE, 10, { reuseOneRow: true });
  assert.ok(unseen.ok);
  assert.deepEqual(unseen.value.ood, [[{ field: 'plan', reason: 'unseen-category' }]]);
  const plan = unseen.value.frame.column('plan');
  assert.ok(plan.kind === 'categorical');
  assert.deepEqual([...plan.codes], [-1]);
});

test('columns the model left out are accepted only when named; anything else is unknown, with the closest feature', () => {
  const row = { amount: 12.5, when: null, member: true, plan: 'pro', note: null, signup: '2024-01-01', churned: 'yes' };
  const refused = parseRows({ row }, SIGNATURE, 10);
  assert.ok(!refused.ok);
  assert.deepEqual(refused.issues.map((i) => i.field), ['signup', 'churned']);
  const accepted = parseRows({ row }, SIGNATURE, 10, { leftOut: new Set(['signup', 'churned']) });
  assert.ok(accepted.ok);
  assert.deepEqual(accepted.value.frame.names, ['amount', 'when', 'member', 'plan', 'note']);
  const typo = parseRows({ row: { ...row, amonut: 3 } }, SIGNATURE, 10, { leftOut: new Set(['signup', 'churned']) });
  assert.ok(!typo.ok);
  assert.match(typo.issues[0]!.problem, /did you mean 'amount'/);
});

test('says when a value was read differently from its JSON: a number for a category, a date-time not in ISO form', () => {
  const base = { amount: 1, when: null, member: true, plan: 'pro', note: null };
  const cases: [Record<string, unknown>, boolean][] = [
    [base, false],
    [{ ...base, when: '2024-06-01T00:00:00.000Z' }, false],
    [{ ...base, when: '2024-06-01' }, true],
    [{ ...base, when: Date.parse('2024-06-01') }, true],
    [{ ...base, plan: 7 }, true],
  ];
  // A number is read as a text category only when training stored that number's text ("7").
  const signature: InputSignature = { ...SIGNATURE, features: SIGNATURE.features.map((f) => (f.name === 'plan' ? { ...f, categories: ['basic', 'pro', '7'] } : f)) };
  for (const [row, reread] of cases) {
    const parsed = parseRows({ rows: [base, row] }, signature, 10);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.reread, reread, JSON.stringify(row));
  }
  const far = parseRows({ row: { ...base, when: 1e20 } }, SIGNATURE, 10);
  assert.ok(!far.ok);
  assert.match(far.issues[0]!.problem, /ISO 8601/);
});

test('a number-coded category is one category however it is sent: 2, 2.0, "2" and "2.0", and the log stores "2"', () => {
  // As diabetes' sex is learned: the numbers 1 and 2 read as categories.
  const signature: InputSignature = {
    features: [
      { name: 'bmi', type: 'numeric', min: 18, max: 43, hadMissing: false },
      { name: 'sex', type: 'categorical', categories: ['1', '2'], categoryForm: 'number', hadMissing: false },
    ],
    ignored: [],
  };
  // JSON.parse of the text keeps nothing of "2.0" as a number but its value, as a client's body would.
  const body = JSON.parse('{"rows":[{"bmi":20,"sex":2},{"bmi":20,"sex":2.0},{"bmi":20,"sex":"2"},{"bmi":20,"sex":"2.0"},{"bmi":20,"sex":" 1.00"},{"bmi":20,"sex":"3"}]}') as { rows: unknown[] };
  const parsed = parseRows(body, signature, 10);
  assert.ok(parsed.ok);
  const sex = parsed.value.frame.column('sex');
  assert.ok(sex.kind === 'categorical');
  assert.deepEqual([...sex.codes], [1, 1, 1, 1, 0, -1]);
  assert.deepEqual(parsed.value.ood.map((flags) => flags.map((f) => f.reason)), [[], [], [], [], [], ['unseen-category']]);
  assert.equal(parsed.value.reread, true);
  const logged = JSON.parse(requestAsRead(body, signature, false)) as { rows: { sex: string }[] };
  assert.deepEqual(logged.rows.map((r) => r.sex), ['2', '2', '2', '2', '1', '3']);
  // Sent as the model spells it, nothing is read differently.
  const plain = parseRows({ rows: [{ bmi: 20, sex: '2' }] }, signature, 10);
  assert.ok(plain.ok);
  assert.equal(plain.value.reread, false);
  // An older model without the recorded form decides it from its categories, as training would have.
  const older: InputSignature = { features: [{ name: 'sex', type: 'categorical', categories: ['1', '2'], hadMissing: false }], ignored: [] };
  const old = parseRows({ row: { sex: '2.0' } }, older, 10);
  assert.ok(old.ok);
  assert.deepEqual(old.value.ood, [[]]);
});

test('text categories are matched as written: "02134" is not 2134, and a number is refused unless training stored its text', () => {
  const signature: InputSignature = { features: [{ name: 'zip', type: 'categorical', categories: ['02134', '10001'], categoryForm: 'text', hadMissing: false }], ignored: [] };
  const parsed = parseRows({ rows: [{ zip: '02134' }, { zip: '2134' }, { zip: 10001 }] }, signature, 10);
  assert.ok(parsed.ok);
  const zip = parsed.value.frame.column('zip');
  assert.ok(zip.kind === 'categorical');
  assert.deepEqual([...zip.codes], [0, -1, 1]);
  const number = parseRows({ rows: [{ zip: '02134' }, { zip: 2134 }] }, signature, 10);
  assert.ok(!number.ok);
  assert.deepEqual(number.issues.map((i) => [i.row, i.field]), [[1, 'zip']]);
  assert.match(number.issues[0]!.problem, /categories are text, and none of them is "2134"/);
});
