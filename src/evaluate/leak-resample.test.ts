// Leak suspicion is stable under resampling: a status code that equals the label except for 2% of
// rows is caught as near-perfect on every one of eight samples, with the availability question in
// the headline by name; a strong measurement short of that asks the same question beside its
// verdict; features the card vouches for (marked available, or read by a team rule) are exempt.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-leak-resample-'));

/**
 * Support tickets: whether a ticket escalates depends weakly on two measurements; the status code
 * written on the ticket equals the outcome except for 2% of rows (typed in when it closed), and a
 * score of the outcome plus noise (`closing_score`) when `withScore`.
 */
function tickets(name: string, seed: number, rows: number, withScore = false): string {
  const rng = new Rng(seed);
  const lines = [['wait_hours', 'prior_tickets', 'channel', 'resolution_code', ...(withScore ? ['closing_score'] : []), 'escalated'].join(',')];
  for (let i = 0; i < rows; i++) {
    const wait = rng.normal();
    const prior = rng.normal();
    const channel = ['phone', 'mail', 'chat'][Math.floor(rng.next() * 3)]!;
    const escalated = rng.next() < 1 / (1 + Math.exp(-(0.6 * wait + 0.4 * prior - 0.5)));
    const code = (rng.next() < 0.02 ? !escalated : escalated) ? 'ESC' : 'CLOSED';
    const score = (escalated ? 1 : 0) + 0.3 * rng.normal();
    lines.push([(10 + 4 * wait).toFixed(2), (3 + prior).toFixed(2), channel, code, ...(withScore ? [score.toFixed(4)] : []), escalated ? 'yes' : 'no'].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function card(name: string, data: string, extra = ''): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\ndata:\n  file: ${data}\ntarget: escalated\n${extra}assess:\n  folds: 3\n  seed: 42\n`);
  return path;
}

test('a status code equal to the label but for 2% of rows: near-perfect on each of 8 samples, asked about by name every time', async () => {
  const grades: string[] = [];
  for (let seed = 1; seed <= 8; seed++) {
    const { assessment } = await assess(await loadProblem({ card: card(`code-${seed}`, tickets(`code-${seed}`, seed, 800)) }), { budgetSeconds: 3 });
    const v = assessment.verdict;
    const score = assessment.featurePower.find((f) => f.feature === 'resolution_code')!.singleFeatureScore.mean;
    assert.match(v.headline, /'resolution_code' known at the moment of prediction\?/, `seed ${seed} (ROC AUC ${score.toFixed(3)}): ${v.verdict}: ${v.headline}`);
    assert.doesNotMatch(v.headline, /A simple rule is enough/, `seed ${seed}`);
    const suspect = assessment.leakSuspects.find((s) => s.feature === 'resolution_code');
    grades.push(`${suspect?.kind} ${v.verdict}`);
    // The weak measurements are not questioned.
    assert.deepEqual(assessment.leakSuspects.map((s) => s.feature), ['resolution_code'], `seed ${seed}`);
  }
  assert.deepEqual(grades, new Array(8).fill('near-perfect fix-data-first'));
});

test('a strong score short of near-perfect asks the availability question beside the verdict, on every sample', async () => {
  for (const seed of [3, 4]) {
    const data = tickets(`score-${seed}`, seed, 800, true);
    // Without the status code: only the score and the weak measurements.
    const { assessment } = await assess(await loadProblem({ card: card(`score-${seed}`, data, 'features:\n  exclude: [resolution_code]\n') }), { budgetSeconds: 3 });
    const v = assessment.verdict;
    assert.equal(assessment.leakSuspects.find((s) => s.feature === 'closing_score')?.kind, 'very-strong', JSON.stringify(assessment.leakSuspects));
    assert.notEqual(v.verdict, 'fix-data-first', v.reason);
    assert.match(v.headline, /\. Before acting on this: is 'closing_score' known at the moment of prediction\?$/, v.headline);
    assert.equal(assessment.readiness.find((c) => c.id === 'leakage')!.status, 'warn');
  }
});

test('the card marks the status code available at prediction time: no suspicion, no question, its strength noted', async () => {
  const data = tickets('vouched', 1, 800);
  const { assessment } = await assess(await loadProblem({ card: card('vouched', data, 'features:\n  notes:\n    resolution_code: { availableAtPrediction: true, note: "set by the triage desk on arrival" }\n') }), { budgetSeconds: 3 });
  assert.deepEqual(assessment.leakSuspects, []);
  assert.notEqual(assessment.verdict.verdict, 'fix-data-first', assessment.verdict.reason);
  assert.doesNotMatch(assessment.verdict.headline, /known at the moment of prediction/);
  assert.equal(assessment.readiness.find((c) => c.id === 'leakage')!.status, 'pass');
  assert.ok(assessment.warnings.some((w) => /'resolution_code' alone reaches ROC AUC 0\.9\d+.*the card marks it available at prediction time/.test(w)), assessment.warnings.join(' | '));
});

test("a team rule that decides with the status code exempts it: the team's rule is the bar, not a suspect", async () => {
  const data = tickets('team', 2, 800);
  const { assessment } = await assess(await loadProblem({ card: card('team', data, "rules:\n  - name: triage\n    sql: \"resolution_code = 'ESC'\"\n    output: class\n") }), { budgetSeconds: 3 });
  assert.deepEqual(assessment.leakSuspects, []);
  assert.doesNotMatch(assessment.verdict.headline, /known at the moment of prediction/);
  assert.notEqual(assessment.verdict.verdict, 'fix-data-first', assessment.verdict.reason);
  assert.ok(assessment.warnings.some((w) => /the team's rule 'triage' decides with it/.test(w)), assessment.warnings.join(' | '));
});
