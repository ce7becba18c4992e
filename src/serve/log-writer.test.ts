// The writer keeps a one-row request's row as sent only when the cut is sure to be that row; any
// other body is decoded and each row encoded again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { singleRowText } from './log-writer.js';

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
