// The data's own words through the commands: a model trained on a yes/no churn table with
// `framewise train` predicts 'yes' and 'no' with `framewise predict`, and writes the yes/no
// feature back as the file wrote it.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { assertSuccess, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-own-words-cli-'));

function churnTable(n: number): string {
  const rng = new Rng(5);
  const lines = ['tenure_months,monthly_charge,complained,churned'];
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(rng.next() * 72);
    const charge = 20 + rng.next() * 90;
    const complained = rng.next() < 0.25;
    const churned = rng.next() < 1 / (1 + Math.exp(-(-2 + (complained ? 1.8 : 0) + (charge - 60) / 30 - tenure / 30)));
    lines.push([tenure, charge.toFixed(2), complained ? 'yes' : 'no', churned ? 'yes' : 'no'].join(','));
  }
  const path = join(dir, 'churn.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test('train on a yes/no target, then predict: classes, predictions and the feature stay yes/no', () => {
  const data = churnTable(600);
  const model = join(dir, 'churn.json');
  assertSuccess(runCli('train', data, '--target', 'churned', '--out', model));
  const saved = JSON.parse(readFileSync(model, 'utf8')) as { classes?: string[] };
  assert.deepEqual(saved.classes, ['no', 'yes']);
  const out = join(dir, 'predictions.json');
  assertSuccess(runCli('predict', model, data, '--out', out));
  const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
  assert.equal(rows.length, 600);
  const predicted = Object.keys(rows[0]!).find((k) => k !== 'churned' && /churned|prediction/.test(k))!;
  assert.ok(predicted !== undefined, Object.keys(rows[0]!).join(', '));
  assert.deepEqual([...new Set(rows.map((r) => r[predicted]))].sort(), ['no', 'yes']);
  assert.deepEqual([...new Set(rows.map((r) => r['complained']))].sort(), ['no', 'yes']);
  assert.doesNotMatch(JSON.stringify(rows.slice(0, 50)), /"(true|false)"|:(true|false)[,}]/);
});
