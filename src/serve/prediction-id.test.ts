// Prediction ids are RFC 9562 version 7 UUIDs that sort by time and do not repeat.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { predictionId } from './prediction-id.js';

test('ids are version 7 UUIDs carrying the time, sorted by it, all distinct', () => {
  const t = Date.parse('2026-11-26T05:00:00Z');
  const id = predictionId(t);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.replaceAll('-', '').slice(0, 12), 16), t);
  const ids = Array.from({ length: 5000 }, (_, i) => predictionId(t + Math.floor(i / 100)));
  assert.equal(new Set(ids).size, ids.length);
  for (let i = 100; i < ids.length; i += 100) assert.ok(ids[i - 1]! < ids[i]!);
});
