// Progress through the leaderboard: each model candidate reports its folds one by one through the
// ProgressSink, so a terminal can show "gradient boosting: fold 3 of 5".

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ProgressSink } from '../core/progress.js';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

type Call = { readonly kind: 'start'; readonly label: string; readonly total: number | undefined; readonly unit: string | undefined } | { readonly kind: 'update'; readonly done: number } | { readonly kind: 'stop' };

function recordingSink(): { sink: ProgressSink; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    sink: {
      start: (label, total, unit) => calls.push({ kind: 'start', label, total, unit }),
      update: (done) => calls.push({ kind: 'update', done }),
      stop: () => calls.push({ kind: 'stop' }),
    },
  };
}

test('assess reports every model candidate fold by fold, then stops it', async () => {
  // A churn-like table: churn rises with support tickets and falls with tenure, with noise.
  const rng = new Rng(11);
  const lines = ['tenure_months,support_tickets,monthly_fee,plan,churned'];
  for (let i = 0; i < 600; i++) {
    const tenure = Math.floor(rng.next() * 60);
    const tickets = Math.floor(rng.next() * 6);
    const fee = 20 + rng.next() * 80;
    const plan = ['basic', 'plus', 'pro'][Math.floor(rng.next() * 3)]!;
    const risk = 0.4 * tickets - 0.05 * tenure + rng.normal();
    lines.push(`${tenure},${tickets},${fee.toFixed(2)},${plan},${risk > 0 ? 'churned' : 'stayed'}`);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'framewise-progress-')), 'churn.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const { sink, calls } = recordingSink();
  const { assessment } = await assess(await loadProblem({ data: path, target: 'churned' }), { budgetSeconds: 20, progress: sink });
  assert.ok(assessment.leaderboard.length >= 2, 'at least two model families ran');

  const folds = assessment.evaluation.folds;
  const stepped = calls.flatMap((c, i) => (c.kind === 'start' && c.unit === 'fold' ? [i] : []));
  // One stepped task per candidate run: each family's defaults, then each setting searched.
  const tried = assessment.leaderboard.reduce((s, e) => s + (e.configsTried ?? 1), 0);
  assert.equal(stepped.length, tried);
  for (const entry of assessment.leaderboard) {
    assert.ok(stepped.some((i) => (calls[i] as { label: string }).label === entry.name), `a task named '${entry.name}'`);
  }
  for (const at of stepped) {
    const start = calls[at] as Extract<Call, { kind: 'start' }>;
    assert.equal(start.total, folds, start.label);
    // Fold by fold from 1, then stopped before anything else starts.
    let m = 0;
    while (calls[at + 1 + m]?.kind === 'update') {
      assert.deepEqual(calls[at + 1 + m], { kind: 'update', done: m + 1 }, start.label);
      m++;
    }
    assert.ok(m >= 1 && m <= folds, `${start.label}: ${m} folds`);
    assert.deepEqual(calls[at + 1 + m], { kind: 'stop' }, start.label);
    // A family the budget did not cut short reported all its folds.
    const entry = assessment.leaderboard.find((e) => e.name === start.label);
    if (entry && !entry.cutShort) assert.equal(m, folds, start.label);
  }
  // Every task is stopped: no bar is left open.
  assert.equal(calls.filter((c) => c.kind === 'start').length, calls.filter((c) => c.kind === 'stop').length);
});
