// The generated row reader takes exactly the rows that need no message and no flag, writes them
// as the full reader would, and leaves every other row alone; feature names never act as code.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputSignature } from '../learn/estimator.js';
import { compileRow } from './compiled-row.js';
import { parseRows } from './request-rows.js';

const SIGNATURE: InputSignature = {
  features: [
    { name: 'amount', type: 'numeric', min: -1.5, max: 100, hadMissing: true },
    { name: 'plan', type: 'categorical', categories: ['basic', 'pro'], hadMissing: false },
    { name: 'member', type: 'boolean', hadMissing: false },
    { name: 'open', type: 'numeric', hadMissing: false },
  ],
  ignored: [{ name: 'customer_id', reason: 'an identifier' }],
};
const CATEGORIES = [undefined, new Map([['basic', 0], ['pro', 1]]), undefined, undefined];

function buffers(): [Float64Array, Int32Array, Int8Array, Float64Array] {
  return [new Float64Array(2), new Int32Array(2), new Int8Array(2), new Float64Array(2)];
}

test('a row of valid values inside the training range is written and taken', () => {
  const read = compileRow(SIGNATURE, CATEGORIES)!;
  const b = buffers();
  assert.equal(read({ amount: 100, plan: 'pro', member: false, open: -1e300 }, 1, b), true);
  assert.deepEqual([b[0][1], b[1][1], b[2][1], b[3][1]], [100, 1, 0, -1e300]);
});

test('anything that needs a message or a flag is left to the full reader', () => {
  const read = compileRow(SIGNATURE, CATEGORIES)!;
  const ok = { amount: 5, plan: 'basic', member: true, open: 0 };
  const others: Record<string, unknown>[] = [
    { ...ok, amount: 100.0001 }, // above range
    { ...ok, amount: -2 }, // below range
    { ...ok, amount: null }, // missing (allowed, but the full reader decides)
    { ...ok, amount: '5' },
    { ...ok, plan: 'enterprise' }, // unseen category
    { ...ok, plan: 1 },
    { ...ok, member: 1 },
    { ...ok, customer_id: 'c1' }, // an ignored column
    { ...ok, colour: 'red' }, // an unknown field
    { amount: 5, plan: 'basic', member: true }, // a missing feature
    { amount: 5, plan: 'basic', member: true, open: 0, toString: 1 },
  ];
  for (const row of others) assert.equal(read(row, 0, buffers()), false, JSON.stringify(row));
});

test('parseRows gives the same frame, flags and issues whether or not the fast path takes a row', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  for (let trial = 0; trial < 300; trial++) {
    const row: Record<string, unknown> = {
      amount: pick([0, 50, -1.5, 100, 101, null, '3']),
      plan: pick(['basic', 'pro', 'gold', null]),
      member: pick([true, false, 'yes']),
      open: pick([0, 12.25, -7]),
    };
    if (random() < 0.1) delete row['open'];
    if (random() < 0.1) row['customer_id'] = 'c';
    const parsed = parseRows({ row }, SIGNATURE, 10, { reuseOneRow: true });
    // The reference: what the signature says of each value, written out here.
    const amount = row['amount'];
    // null is a missing value: allowed, and flagged where training had none (plan).
    const problems = [typeof amount !== 'number' && amount !== null ? 'amount' : '', typeof row['member'] !== 'boolean' ? 'member' : '', !('open' in row) ? 'open' : ''].filter((p) => p !== '');
    if (problems.length > 0) {
      assert.ok(!parsed.ok, JSON.stringify(row));
      assert.deepEqual(parsed.issues.map((i) => i.field).sort(), problems.sort(), JSON.stringify(row));
      continue;
    }
    assert.ok(parsed.ok, JSON.stringify(row));
    const flags = parsed.value.ood[0]!.map((f) => `${f.field}:${f.reason}`);
    const expected = [
      ...(typeof amount === 'number' && amount > 100 ? ['amount:above-training-range'] : []),
      ...(row['plan'] === 'gold' ? ['plan:unseen-category'] : row['plan'] === null ? ['plan:missing'] : []),
    ];
    assert.deepEqual(flags, expected, JSON.stringify(row));
    const frame = parsed.value.frame;
    const values = (name: string): number => {
      const c = frame.column(name);
      return c.kind === 'categorical' ? c.codes[0]! : c.kind === 'numeric' || c.kind === 'boolean' ? c.values[0]! : Number.NaN;
    };
    assert.equal(values('amount'), amount === null ? Number.NaN : amount);
    assert.equal(values('plan'), row['plan'] === null ? -1 : ({ basic: 0, pro: 1, gold: -1 } as Record<string, number>)[row['plan'] as string]);
    assert.equal(values('member'), row['member'] ? 1 : 0);
    assert.equal(values('open'), row['open']);
  }
});

test('feature names with quotes, backslashes and line separators are read as names, never run as code', () => {
  const names = ['a"]; throw new Error("x"); //', 'back\\slash', 'line\u2028sep', '${1}', '__proto__'];
  const signature: InputSignature = { features: names.map((name) => ({ name, type: 'numeric' as const, hadMissing: false })), ignored: [] };
  const read = compileRow(signature, names.map(() => undefined))!;
  const row = JSON.parse(JSON.stringify(Object.fromEntries(names.map((n, i) => [n, i + 0.5])))) as Record<string, unknown>;
  const out = names.map(() => new Float64Array(1));
  assert.equal(read(row, 0, out), true);
  assert.deepEqual(out.map((b) => b[0]), [0.5, 1.5, 2.5, 3.5, 4.5]);
  // Date-times and free text are left to the full reader altogether.
  assert.equal(compileRow({ features: [{ name: 'when', type: 'datetime', hadMissing: false }], ignored: [] }, [undefined]), undefined);
});
