// Prediction ids are RFC 9562 version 7 UUIDs that sort by time and do not repeat, within a
// process or across two of them.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { predictionId } from './prediction-id.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are version 7 UUIDs carrying the time, sorted by it, all distinct', () => {
  const t = Date.parse('2026-11-26T05:00:00Z');
  const id = predictionId(t);
  assert.match(id, UUID7);
  assert.equal(parseInt(id.replaceAll('-', '').slice(0, 12), 16), t);
  const ids = Array.from({ length: 5000 }, (_, i) => predictionId(t + Math.floor(i / 100)));
  assert.equal(new Set(ids).size, ids.length);
  for (const each of ids) assert.match(each, UUID7);
  for (let i = 100; i < ids.length; i += 100) assert.ok(ids[i - 1]! < ids[i]!);
});

test('a million ids in one millisecond are all distinct', () => {
  const t = Date.parse('2026-11-26T06:00:00Z');
  const seen = new Set<string>();
  for (let i = 0; i < 1_000_000; i++) seen.add(predictionId(t));
  assert.equal(seen.size, 1_000_000);
});

test('another process makes other ids for the same millisecond', () => {
  const t = Date.parse('2026-11-26T07:00:00Z');
  const here = new Set(Array.from({ length: 1000 }, () => predictionId(t)));
  const script = `import('${new URL('./prediction-id.js', import.meta.url).href}').then((m) => { for (let i = 0; i < 1000; i++) console.log(m.predictionId(${t})); })`;
  const there = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(there.length, 1000);
  for (const id of there) {
    assert.match(id, UUID7);
    assert.ok(!here.has(id), `${id} was made by both processes`);
  }
});
