// The one-feature rule an unlabelled anomaly assessment compares the model with must flag the same
// share: a feature whose values mostly sit at its median ties at the cut and would flag every row.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

test('a mostly-constant feature is not taken for a rule that flags the same rows as the model', async () => {
  const rng = new Rng(21);
  const lines = ['a,b,spike'];
  for (let i = 0; i < 500; i++) {
    // 'spike' is 0 on 97% of rows (a pixel at the edge of a digit), so its distance from the median ties at 0.
    const spike = i % 33 === 0 ? 1 + Math.floor(rng.next() * 9) : 0;
    lines.push(`${rng.normal().toFixed(3)},${rng.normal().toFixed(3)},${spike}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'framewise-anomaly-rule-'));
  writeFileSync(join(dir, 'rows.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'card.yaml'), 'data:\n  file: rows.csv\n  types: { spike: numeric }\ntask: anomaly\n');
  const { assessment } = await assess(await loadProblem({ card: join(dir, 'card.yaml') }), { budgetSeconds: 10 });
  const rule = assessment.anomaly?.rule;
  assert.ok(rule !== null && rule !== undefined);
  assert.notEqual(rule.feature, 'spike', `rule ${rule.feature} agrees ${rule.agreement}`);
  assert.ok(rule.agreement < 1, `${rule.agreement}`);
});
