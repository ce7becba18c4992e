// The log keeps a request's rows as sent only when the cut is sure to be what JSON.parse reads
// there; any other body is decoded and each row encoded again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manyRowTexts, requestRowTexts, singleRowText } from './row-texts.js';

test('a plain one-row body gives its row as sent, spaces around it trimmed', () => {
  assert.equal(singleRowText('{"row":{"a":1.50,"b":"x"}}'), '{"a":1.50,"b":"x"}');
  assert.equal(singleRowText('{"row": \n {"a":1} }'), '{"a":1}');
});

test('bodies where the cut could hold more than the row are left to JSON.parse', () => {
  // A repeated key: JSON.parse keeps the last value, the cut would hold both.
  assert.equal(singleRowText('{"row":{"a":1},"row":{"a":2}}'), undefined);
  // The same key written with an escape.
  assert.equal(singleRowText('{"row":{"a":1},"r\\u006fw":{"a":2}}'), undefined);
  // A feature named row, escapes in values, other shapes and trailing space.
  assert.equal(singleRowText('{"row":{"row":1}}'), undefined);
  // A key ending in "row" is enough to take the long way (the cut would be right, but is not proven).
  assert.equal(singleRowText('{"row":{"arrow":1}}'), undefined);
  assert.equal(singleRowText('{"row":{"a":"\\n"}}'), undefined);
  assert.equal(singleRowText('{"rows":[{"a":1}]}'), undefined);
  assert.equal(singleRowText(' {"row":{"a":1}}'), undefined);
  assert.equal(singleRowText('{"row":{"a":1}} '), undefined);
});

test('whenever a cut is given, it is the row JSON.parse reads from the body', () => {
  const bodies = ['{"row":{"x":1e3,"y":null,"z":true}}', '{"row":{"x":-0.0,"y":"plain"}}', '{"row":\t{"x":[1,2]}\r\n}', '{"row":{}}'];
  for (const body of bodies) {
    const cut = singleRowText(body);
    assert.notEqual(cut, undefined, body);
    assert.deepEqual(JSON.parse(cut!), (JSON.parse(body) as { row: unknown }).row);
    assert.ok(cut!.startsWith('{'));
  }
});

test('a plain many-row body gives each row as sent, whatever its strings hold', () => {
  const body = '{"rows": [ {"a":1.50,"b":"x"} ,\n{"a":-2e3,"b":"} ] { \\" \\\\"}, {"a":null,"b":"\\u007d"}]}';
  assert.deepEqual(manyRowTexts(body, 3), ['{"a":1.50,"b":"x"}', '{"a":-2e3,"b":"} ] { \\" \\\\"}', '{"a":null,"b":"\\u007d"}']);
  assert.deepEqual(manyRowTexts('{"rows":[{"a":[1,{"b":2}]}] } ', 1), ['{"a":[1,{"b":2}]}']);
  assert.deepEqual(manyRowTexts('{"rows":[]}', 0), []);
});

test('many-row bodies the cut cannot be sure of are left to JSON.parse', () => {
  // A second key (which JSON.parse would read instead), a key spelled with an escape, space before the key.
  assert.equal(manyRowTexts('{"rows":[{"a":1}],"rows":[{"a":2}]}', 1), undefined);
  assert.equal(manyRowTexts('{"r\\u006fws":[{"a":1}]}', 1), undefined);
  assert.equal(manyRowTexts('{ "rows":[{"a":1}]}', 1), undefined);
  // Rows that are not objects, a count that differs, text after the body.
  assert.equal(manyRowTexts('{"rows":[{"a":1},2]}', 2), undefined);
  assert.equal(manyRowTexts('{"rows":[{"a":1},{"a":2}]}', 3), undefined);
  assert.equal(manyRowTexts('{"rows":[{"a":1}]}x', 1), undefined);
  assert.equal(manyRowTexts('{"row":{"a":1}}', 1), undefined);
});

/** A JSON value with awkward strings: quotes, backslashes, brackets, escapes, non-ASCII. */
function awkwardValue(random: () => number): unknown {
  const pieces = ['"', '\\', '{', '}', '[', ']', ',', ':', 'row"', 'é', '\u2028', ' ', 'a'];
  const pick = random();
  if (pick < 0.3) return (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6);
  if (pick < 0.4) return random() < 0.5 ? null : random() < 0.5;
  if (pick < 0.5) return [awkwardValue(random), { k: awkwardValue(random) }];
  return Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
}

test('whenever many-row cuts are given, they are the rows JSON.parse reads, on 500 random bodies', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let cut = 0;
  for (let n = 0; n < 500; n++) {
    const rows = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Object.fromEntries(['x', 'y', 'z'].map((k) => [k, awkwardValue(random)])));
    // Pretty-printed or compact, as clients send them.
    const body = JSON.stringify({ rows }, null, random() < 0.5 ? undefined : 2);
    const cuts = manyRowTexts(body, rows.length);
    if (cuts === undefined) continue;
    cut++;
    assert.deepEqual(cuts.map((text) => JSON.parse(text) as unknown), rows, body);
    assert.deepEqual(requestRowTexts(body, rows.length), cuts);
  }
  // Pretty-printed bodies put a space after the key and are left to JSON.parse; compact ones are cut.
  assert.ok(cut > 200, `only ${cut} of 500 bodies were cut`);
});

test('bodies that are not cut are decoded and each row encoded again', () => {
  assert.deepEqual(requestRowTexts('{ "rows": [{"a": 1.50}, {"a": "\\u0041"}] }', 2), ['{"a":1.5}', '{"a":"A"}']);
  assert.deepEqual(requestRowTexts('{"row": {"a": "\\n"}}', 1), ['{"a":"\\n"}']);
});
