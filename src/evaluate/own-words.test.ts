// The data's own words: a churn table whose label and one feature are written yes/no keeps the
// classes 'no' and 'yes' from loading through the assessment, a card's positiveClass, a trained
// model's predictions and its JSON round trip; a true/false label stays 'true'/'false'.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import { evaluationPositiveIndex } from '../frame/decision-defaults.js';
import { loadProblem } from '../frame/problem.js';
import { summarizeColumn } from '../profile/column-summary.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { loadModel } from '../learn/model-io.js';
import { encodeTarget, labelsAsLearned } from '../learn/target.js';
import { assess } from './assess.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-own-words-'));

/** A churn table: tenure, monthly charge, a yes/no complaint flag, and churn written as `yes`/`no` (or other words). */
function churnTable(name: string, n: number, words: readonly [string, string]): string {
  const rng = new Rng(11);
  const lines = ['customer_id,tenure_months,monthly_charge,complained,churned'];
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(rng.next() * 72);
    const charge = 20 + rng.next() * 90;
    const complained = rng.next() < 0.25;
    const risk = -2 + (complained ? 1.8 : 0) + (charge - 60) / 30 - tenure / 30;
    const churned = rng.next() < 1 / (1 + Math.exp(-risk));
    lines.push([`C${10000 + i}`, tenure, charge.toFixed(2), complained ? 'yes' : 'no', churned ? words[1] : words[0]].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const churn = churnTable('churn', 1200, ['no', 'yes']);

test('a yes/no label is read as a boolean that keeps its words; its classes are no and yes', async () => {
  const { frame } = await loadFrame(churn);
  const label = frame.column('churned');
  assert.equal(label.kind, 'boolean');
  assert.deepEqual(label.kind === 'boolean' ? label.words : null, ['no', 'yes']);
  assert.ok(['no', 'yes'].includes(valueAt(label, 0) as string));
  const target = encodeTarget(frame, 'churned');
  assert.equal(target.task, 'binary');
  assert.deepEqual(target.task === 'binary' ? target.classes : null, ['no', 'yes']);
  // The rows kept after a take (as folds and splits do) still speak the same words.
  const some = frame.take([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).column('churned');
  assert.ok(Array.from({ length: 10 }, (_, i) => valueAt(some, i)).every((v) => v === 'yes' || v === 'no'));
});

test("assessing with a card that names positiveClass: yes accepts it, and reports the classes as the data writes them", async () => {
  const cardPath = join(dir, 'churn.yaml');
  writeFileSync(cardPath, `name: churn\ndata:\n  file: churn.csv\ntarget: churned\nrules:\n  - name: unhappy and expensive\n    sql: complained AND monthly_charge > 80\n    output: class\ndecision:\n  output: threshold\n  positiveClass: "yes"\nassess:\n  folds: 3\n  seed: 1\n  budgetSeconds: 10\n`);
  const problem = await loadProblem({ card: cardPath });
  // The team's rule is a condition (true/false): its decisions are read in the target's words.
  const rule = problem.frame.column('rule: unhappy and expensive');
  assert.deepEqual([...new Set(Array.from({ length: problem.frame.rowCount }, (_, i) => valueAt(rule, i)))].sort(), ['no', 'yes']);
  const { assessment } = await assess(problem, { budgetSeconds: 10 });
  assert.equal(assessment.framing.task, 'binary');
  assert.deepEqual(assessment.framing.classes!.map((c) => c.label), ['no', 'yes']);
  assert.equal(assessment.framing.positiveClass, 'yes');
  assert.doesNotMatch(JSON.stringify(assessment.framing), /"(true|false)"/);
  // The rule is scored by its decisions, not as a rule that names no class (which would sit at the prior).
  const team = assessment.baselines.find((b) => b.id === 'team:unhappy and expensive')!;
  assert.ok(team, assessment.baselines.map((b) => b.id).join(', '));
  assert.ok(team.metrics['recall']!.mean > 0.1, JSON.stringify(team.metrics['recall']));
});

test('a score rule that returns a yes/no column is scored by its flag, not read as no number', async () => {
  const cardPath = join(dir, 'churn-score.yaml');
  writeFileSync(cardPath, `name: churn\ndata:\n  file: churn.csv\ntarget: churned\nrules:\n  - name: complained\n    sql: complained\n    output: score\ndecision:\n  positiveClass: "yes"\nassess:\n  folds: 3\n  seed: 1\n  budgetSeconds: 10\n`);
  const { assessment } = await assess(await loadProblem({ card: cardPath }), { budgetSeconds: 10 });
  const rule = assessment.baselines.find((b) => b.id === 'team:complained')!;
  assert.ok(rule, assessment.baselines.map((b) => b.id).join(', '));
  // Complaints raise churn in this table, so the flag ranks churners above the rest (0.5 would be no number at all).
  assert.ok(rule.metrics['roc_auc']!.mean > 0.55, JSON.stringify(rule.metrics['roc_auc']));
});

test('a model trained on the yes/no table predicts yes and no, the yes/no feature reads the same again, and JSON keeps the words', async () => {
  const { frame } = await loadFrame(churn);
  const features = ['tenure_months', 'monthly_charge', 'complained', 'churned'];
  const model = await new Gbdt({ seed: 3, max_iter: 40 }).fit(frame.select(features), 'churned');
  const complained = model.signature.features.find((f) => f.name === 'complained')!;
  assert.equal(complained.type, 'boolean', 'a yes/no feature is still a boolean for learning');
  const p = model.predict(frame);
  assert.equal(p.kind, 'classification');
  if (p.kind !== 'classification') return;
  assert.deepEqual(p.classes, ['no', 'yes']);
  assert.deepEqual([...new Set(p.labels)].sort(), ['no', 'yes']);
  // The same file read again (as predict reads it) gives the same probabilities from the round-tripped model.
  const again = (await loadFrame(churn)).frame;
  const reloaded = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
  const q = reloaded.predict(again);
  if (q.kind !== 'classification') throw new Error('classification expected');
  assert.deepEqual(q.classes, ['no', 'yes']);
  assert.deepEqual(q.labels, p.labels);
  assert.deepEqual(Array.from(q.probabilities), Array.from(p.probabilities));
  // The learner reads the stored flag; the column keeps the words only for labels and outputs.
  const flag = again.column('complained');
  assert.equal(flag.kind, 'boolean');
  assert.deepEqual(flag.kind === 'boolean' ? flag.words : null, ['no', 'yes']);
});

test('a true/false label still gives the classes false and true; Y/N gives N and Y', async () => {
  const truthy = churnTable('churn-true-false', 300, ['false', 'true']);
  const t = encodeTarget((await loadFrame(truthy)).frame, 'churned');
  assert.deepEqual(t.task === 'binary' ? t.classes : null, ['false', 'true']);
  const yn = churnTable('churn-y-n', 300, ['N', 'Y']);
  const u = encodeTarget((await loadFrame(yn)).frame, 'churned');
  assert.deepEqual(u.task === 'binary' ? u.classes : null, ['N', 'Y']);
});

test('a model that learned a yes/no label as false/true (before words were kept) still reads its labels as false/true', async () => {
  const { frame } = await loadFrame(churn);
  const old = labelsAsLearned(frame, 'churned', ['false', 'true']);
  const target = encodeTarget(old, 'churned');
  assert.deepEqual(target.task === 'binary' ? target.classes : null, ['false', 'true']);
  assert.equal(old.typeOf('churned').type, 'boolean');
  // A model that knows the words, or a frame without them, is left as it is.
  assert.equal(labelsAsLearned(frame, 'churned', ['no', 'yes']), frame);
  assert.equal(labelsAsLearned(frame, 'tenure_months', ['false', 'true']), frame);
});

test('a profile shows a yes/no column in its words, and T of a T/F label is the usual positive class', async () => {
  const { frame } = await loadFrame(churn);
  const summary = summarizeColumn(frame, frame.column('complained'));
  assert.deepEqual(summary.top!.map((t) => t.value).sort(), ['no', 'yes']);
  assert.equal(evaluationPositiveIndex(['F', 'T'], Int32Array.from([1, 1, 1, 0]), undefined, 'passed'), 1);
});
