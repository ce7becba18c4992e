// Which features the card vouches are known at prediction time: marked so in its notes, or read
// by a team rule's SQL (names matched as DuckDB matches them; words in string literals are not names).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Card } from './card.js';
import { columnsRead, vouchedFeatures } from './vouched-features.js';

test('a team rule reads the features its SQL names, quoted or bare, in any case, and not inside strings', () => {
  const features = ['resolution_code', 'wait hours', 'channel', 'mail'];
  assert.deepEqual(columnsRead(`RESOLUTION_CODE = 'ESC' AND "wait hours" > 4 OR channel = 'mail'`, features).sort(), ['channel', 'resolution_code', 'wait hours']);
  assert.deepEqual(columnsRead(`'channel' = 'x'`, features), []);
});

test('notes marking a feature available and team rules vouch for it; a note marking it unavailable does not', () => {
  const card = { data: { file: 'x.csv' }, features: { notes: { resolution_code: { availableAtPrediction: true }, refund: { availableAtPrediction: false }, gone: { availableAtPrediction: true } } } } as unknown as Card;
  const vouched = vouchedFeatures(card, [{ name: 'triage', column: 'rule: triage', sql: 'wait_hours > 4', output: 'class' }], ['resolution_code', 'wait_hours', 'refund']);
  assert.deepEqual([...vouched.keys()].sort(), ['resolution_code', 'wait_hours']);
  assert.match(vouched.get('wait_hours')!, /team's rule 'triage'/);
});
