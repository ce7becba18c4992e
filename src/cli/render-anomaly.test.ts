// The anomaly part of the assessment summary names its held-out metrics as people write them.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { assess } from '../evaluate/assess.js';
import { loadProblem } from '../frame/problem.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { renderAnomaly } from './render-anomaly.js';

test('held-out anomaly metrics are headed ROC AUC, average precision, share flagged', async () => {
  const rng = new Rng(11);
  const lines = ['a,b,known'];
  for (let i = 0; i < 400; i++) {
    const odd = i % 40 === 0;
    lines.push(`${((odd ? 6 : 0) + rng.normal()).toFixed(3)},${((odd ? -6 : 0) + rng.normal()).toFixed(3)},${odd ? 1 : 0}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'framewise-render-anomaly-'));
  writeFileSync(join(dir, 'rows.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'card.yaml'), 'data:\n  file: rows.csv\ntask: anomaly\nreferenceColumn: known\n');
  const { assessment } = await assess(await loadProblem({ card: join(dir, 'card.yaml') }), { budgetSeconds: 10 });
  assert.ok(assessment.anomaly !== undefined && assessment.anomaly.heldOut !== null);
  const text = renderAnomaly(assessment.anomaly).join('\n');
  assert.match(text, /ROC AUC +average precision +precision +recall +share flagged/);
  assert.doesNotMatch(text, /roc_auc|average_precision|flagged_share/);
});

test("the anomaly metrics the registry lists have people's names", () => {
  assert.equal(metricInfo('average_precision').label, 'average precision');
  assert.equal(metricInfo('flag_stability').label, 'flag stability');
  assert.equal(metricInfo('flag_agreement').label, 'agreement with the one-feature rule');
});
