// What a request may hold: strings that are valid Unicode without NUL, strict ISO 8601 date-times
// that are real instants, and dates within the training dates give or take the tolerance.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureSignature, InputSignature } from '../learn/estimator.js';
import { requestAsRead } from './logged-inputs.js';
import { parseRows } from './request-rows.js';
import { DATE_TOLERANCE_MIN_MS, dateRangeOf, dateRangeProblem, hasLoneSurrogateEscape, isoTimeOf, stringProblem, valueStringProblem } from './request-values.js';

test('strings: a lone surrogate of either half and a NUL are named with where they are; pairs and other controls pass', () => {
  assert.match(stringProblem('ab\ud800')!, /lone surrogate \(\\ud800\) at character 2/);
  assert.match(stringProblem('\udc00x')!, /lone surrogate \(\\udc00\) at character 0/);
  assert.match(stringProblem('\udc00\ud800')!, /at character 0/);
  assert.match(stringProblem('a\u0000b')!, /NUL character \(\\u0000\) at character 1/);
  assert.equal(stringProblem('Gentoo 🐧 \u0001\t\ufffe'), undefined);
  assert.equal(valueStringProblem({ a: [1, { b: ['ok', null, true] }] }), undefined);
  assert.match(valueStringProblem({ a: [1, { b: ['ok', 'x\ud83d'] }] })!, /lone surrogate/);
  assert.match(valueStringProblem({ a: { '\u0000': 1 } })!, /^a key holds a NUL/);
  // Nesting deeper than any call stack is walked, not recursed.
  let deep: unknown = 'end\ud800';
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.match(valueStringProblem(deep)!, /lone surrogate/);
});

test('a lone surrogate escape is found in JSON text as written, wherever it is; pairs and escaped backslashes are not one', () => {
  const lone = ['"\\ud800"', '"\\udc00"', '"a\\ud800b"', '"\\ud800\\u0041"', '"\\ud83d\\ude00\\ud83d"', '{"\\ud800":1}', '{"x":"\\uD800","x":"ok"}', '"\\ud800\\n"'];
  for (const text of lone) assert.equal(hasLoneSurrogateEscape(text), true, text);
  const fine = ['"\\ud83d\\ude00"', '"\\uD83D\\uDE00"', '"\\\\ud800"', '"plain 🐧"', '"\\u0041\\n"', '{}'];
  for (const text of fine) assert.equal(hasLoneSurrogateEscape(text), false, text);
  // What JSON.stringify writes for a lone surrogate is found; what it writes for a pair is not.
  assert.equal(hasLoneSurrogateEscape(JSON.stringify({ a: 'x\ud800' })), true);
  assert.equal(hasLoneSurrogateEscape(JSON.stringify({ a: 'x\ud83d\ude00' })), false);
});

test('ISO 8601: dates and date-times read as Date.parse reads them; anything else, and days no calendar has, are refused', () => {
  const read = (text: string): number | string => {
    const r = isoTimeOf(text);
    return 'ms' in r ? r.ms : r.problem;
  };
  assert.equal(read('2012-02-29'), Date.UTC(2012, 1, 29));
  assert.equal(read('2024-03-05T14:30:00Z'), Date.UTC(2024, 2, 5, 14, 30));
  assert.equal(read('2024-03-05T14:30:00.123456789Z'), Date.UTC(2024, 2, 5, 14, 30, 0, 123));
  assert.equal(read('2024-03-05 14:30+05:30'), Date.UTC(2024, 2, 5, 9, 0));
  assert.equal(read('2024-03-05T14:30:00-0200'), Date.UTC(2024, 2, 5, 16, 30));
  // Without a zone, local time, exactly as Date.parse (and training's conversion of text) reads it.
  assert.equal(read('2024-03-05T14:30'), Date.parse('2024-03-05T14:30:00'));
  assert.match(String(read('2013-02-30')), /February 2013 has 28 days/);
  assert.match(String(read('1900-02-29')), /February 1900 has 28 days/);
  assert.match(String(read('2013-13-01')), /no month 13/);
  assert.match(String(read('2013-01-01T24:00')), /not a real time of day/);
  assert.match(String(read('2013-01-01T10:00+25:00')), /offset/);
  for (const text of ['May 1 2013', '2013', '2013-5-1', '+275760-09-13T00:00:00.000Z', '2013-05-01T', ' 2013-05-01', '20130501', 'now']) {
    assert.match(String(read(text)), /not an ISO 8601 date/, text);
  }
});

test('the accepted dates: training span or 50 years, whichever is longer, on either side, inside years 0001–9999', () => {
  const day = 86_400_000;
  const short: FeatureSignature = { name: 'd', type: 'datetime', min: Date.UTC(2012, 0, 1), max: Date.UTC(2015, 11, 31), hadMissing: false };
  const range = dateRangeOf(short);
  assert.equal(range.tolerance, DATE_TOLERANCE_MIN_MS);
  assert.equal(range.high, short.max! + DATE_TOLERANCE_MIN_MS);
  assert.equal(dateRangeProblem(short, range.high), undefined);
  assert.match(dateRangeProblem(short, range.high + day)!, /more than 50 years after the latest date training saw \(2015-12-31\)/);
  assert.match(dateRangeProblem(short, range.low - day)!, /before the earliest date training saw \(2012-01-01\)/);
  for (const ms of [1e308, -1e308, 8640000000000001]) assert.ok(dateRangeProblem(short, ms) !== undefined, String(ms));
  const long: FeatureSignature = { name: 'born', type: 'datetime', min: Date.UTC(1900, 0, 1), max: Date.UTC(2000, 0, 1), hadMissing: false };
  assert.equal(dateRangeOf(long).tolerance, Date.UTC(2000, 0, 1) - Date.UTC(1900, 0, 1));
  assert.equal(dateRangeProblem(long, Date.UTC(1850, 0, 1)), undefined);
  const none: FeatureSignature = { name: 'd', type: 'datetime', hadMissing: true };
  assert.equal(dateRangeProblem(none, Date.UTC(9999, 0, 1)), undefined);
  assert.match(dateRangeProblem(none, Date.parse('+010000-01-01T00:00:00Z'))!, /outside the years 0001 to 9999/);
});

const SIGNATURE: InputSignature = {
  features: [
    { name: 'when', type: 'datetime', min: Date.UTC(2012, 0, 1), max: Date.UTC(2015, 11, 31), hadMissing: true },
    { name: 'plan', type: 'categorical', categories: ['basic', 'pro', '7'], categoryForm: 'text', hadMissing: true },
    { name: 'size', type: 'categorical', categories: ['1', '2'], categoryForm: 'number', hadMissing: false },
    { name: 'note', type: 'text', hadMissing: true },
  ],
  ignored: [{ name: 'customer', reason: 'an identifier' }],
};
const ROW = { when: '2014-06-01', plan: 'pro', size: 1, note: 'fine' };

test('parseRows refuses each value the log could not read back, one issue per row and field, and keeps every good value', () => {
  const rows: Record<string, unknown>[] = [
    ROW,
    { ...ROW, note: 'lone \ud800' },
    { ...ROW, note: 'nul \u0000' },
    { ...ROW, plan: 'new\udfff' },
    { ...ROW, plan: 3 },
    { ...ROW, when: '2013-02-30' },
    { ...ROW, when: 'May 1 2013' },
    { ...ROW, when: '2013' },
    { ...ROW, when: 1e308 },
    { ...ROW, when: -1e308 },
    { ...ROW, when: 8640000000000001 },
    { ...ROW, when: '2099-01-01' },
    { ...ROW, customer: { tags: ['a', 'b\u0000'] } },
    { ...ROW, plan: 7, size: 3, when: Date.UTC(2014, 0, 1), customer: 'c\ud83d\ude00' },
  ];
  const parsed = parseRows({ rows }, SIGNATURE, 100);
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.issues.map((i) => [i.row, i.field]),
    [[1, 'note'], [2, 'note'], [3, 'plan'], [4, 'plan'], [5, 'when'], [6, 'when'], [7, 'when'], [8, 'when'], [9, 'when'], [10, 'when'], [11, 'when'], [12, 'customer']],
  );
  const problems = parsed.issues.map((i) => i.problem);
  assert.match(problems[0]!, /not valid Unicode/);
  assert.match(problems[1]!, /NUL/);
  assert.match(problems[3]!, /got number 3: this feature's categories are text/);
  assert.match(problems[4]!, /February 2013 has 28 days/);
  assert.match(problems[5]!, /not an ISO 8601 date/);
  assert.match(problems[8]!, /dates from .* are accepted/);
  assert.match(problems[10]!, /more than 50 years after the latest date training saw \(2015-12-31\)/);
  // The first and last rows alone are accepted: a number that is a stored category's text, an unseen number of a number-coded column, epoch milliseconds.
  const good = parseRows({ rows: [rows[0], rows[13]] }, SIGNATURE, 100);
  assert.ok(good.ok);
  assert.deepEqual(good.value.ood, [[], [{ field: 'size', reason: 'unseen-category' }]]);
  const logged = JSON.parse(requestAsRead({ rows: [rows[0], rows[13]] }, SIGNATURE, false)) as { rows: Record<string, unknown>[] };
  assert.deepEqual(logged.rows.map((r) => [r['when'], r['plan'], r['size']]), [
    ['2014-06-01T00:00:00.000Z', 'pro', '1'],
    ['2014-01-01T00:00:00.000Z', '7', '3'],
  ]);
});

test('a single row gets the same issues without row numbers', () => {
  const parsed = parseRows({ row: { ...ROW, note: '\ud800', when: '2013-02-30' } }, SIGNATURE, 10, { reuseOneRow: true });
  assert.ok(!parsed.ok);
  assert.deepEqual(parsed.issues.map((i) => [i.row, i.field]), [[undefined, 'when'], [undefined, 'note']]);
});

test('a date-time with a zone offset without a colon is logged as the instant the model read', () => {
  const logged = JSON.parse(requestAsRead({ row: { ...ROW, when: '2014-06-01T10:00:00+0200' } }, SIGNATURE, true)) as { row: Record<string, unknown> };
  assert.equal(logged.row['when'], '2014-06-01T08:00:00.000Z');
});
