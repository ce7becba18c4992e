// Multi-label assessment on label sets where many rows carry no label: an empty field is a row
// with no labels (as training reads it), not a missing answer, and the assessment runs through.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';
import { rangeOfMetric } from './metric-ranges.js';
import { labelColumns, LABEL_PREFIX, multilabelReason } from './assess-multilabel.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-multilabel-assess-'));

/** Support tickets: 'billing' follows the amount, 'outage' the error count; a third of rows carry neither. */
function ticketsCsv(n: number): string {
  const rng = new Rng(5);
  const lines = ['amount,errors,tags'];
  for (let i = 0; i < n; i++) {
    const amount = rng.next() * 100;
    const errors = Math.floor(rng.next() * 10);
    const tags = [...(amount + rng.normal() * 15 > 60 ? ['billing'] : []), ...(errors + rng.normal() * 2 > 6 ? ['outage'] : [])];
    lines.push(`${amount.toFixed(1)},${errors},${tags.join('|')}`);
  }
  return `${lines.join('\n')}\n`;
}

test('an empty label set is a row with no labels, and the assessment runs on it', async () => {
  const path = join(dir, 'tickets.csv');
  writeFileSync(path, ticketsCsv(400));
  const problem = await loadProblem({ data: path, target: 'tags' });
  assert.equal(problem.task.task, 'multilabel');
  const { frame, labels } = labelColumns(problem);
  assert.deepEqual(labels, ['billing', 'outage']);
  const tags = problem.frame.column('tags');
  let empty = 0;
  for (let i = 0; i < frame.rowCount; i++) {
    if (tags.kind === 'categorical' ? tags.codes[i] === -1 : false) {
      empty++;
      for (const l of labels) {
        const c = frame.column(`${LABEL_PREFIX}${l}`);
        assert.equal(c.kind === 'boolean' ? c.values[i] : null, 0, `row ${i} carries no '${l}'`);
      }
    }
  }
  assert.ok(empty > 50, `${empty} rows with no label`);
  // It crashed with "offset is out of bounds" in scatterPredictions when those rows were read as unlabelled.
  const run = await assess(problem, { budgetSeconds: 6 });
  assert.equal(run.assessment.data.labelledRows, 400);
  assert.ok(run.multilabel !== undefined && run.multilabel.truth.length === 800);
  assert.ok(run.assessment.leaderboard.length > 0);
  // Every joint interval stays within what its metric can reach (a ROC AUC never above 1).
  for (const c of [...run.assessment.baselines, ...run.assessment.leaderboard]) {
    for (const [id, m] of Object.entries(c.metrics)) {
      const [min, max] = rangeOfMetric(id);
      if (Number.isFinite(m.low)) assert.ok(m.low >= min && m.high <= max, `${c.id} ${id} [${m.low}, ${m.high}]`);
    }
  }
});

test('the multi-label verdict reason is whole sentences', () => {
  const reason = multilabelReason(5, "'a': use-ml, 'b': rule-suffices", { id: 'model:linear', name: 'linear model (logistic regression)', kind: 'model', metrics: { subset_accuracy: { mean: 0.688, low: Number.NaN, high: Number.NaN }, hamming_loss: { mean: 0.155, low: Number.NaN, high: Number.NaN } }, foldsRun: 5, fitPredictSeconds: 1, warnings: [] });
  assert.match(reason, /right on 68\.8% of the rows it did not learn from\. Its Hamming loss is 0\.155: 15\.5% of its single label decisions are wrong\./);
  assert.match(reason, /\.$/);
  assert.match(multilabelReason(5, "'a': no-signal", null), /No model ran on every label within the time budget, so none is compared over all labels\.$/);
});
