// The verdict weighs money when the card gives business figures: generated tables where a team
// rule is the best decision although a model ranks better, where the model is worth more (also on
// a lift below the minimum set), the same without figures, and a one-feature rule that gives one
// class everywhere yet ranks rows (shown as a ranking).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-assess-value-'));

/** Writes n rows of four standard-normal features and a churn/stay label: churn with probability p(x). */
function table(name: string, n: number, seed: number, p: (x: number[]) => number): string {
  const rng = new Rng(seed);
  const lines = ['x1,x2,x3,x4,label'];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 4 }, () => rng.normal());
    lines.push([...x.map((v) => v.toFixed(5)), rng.next() < p(x) ? 'churn' : 'stay'].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function card(name: string, data: string, rule: string, business: string | null): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `name: ${name}`,
      `data:\n  file: ${data}`,
      'target: label',
      `rules:\n  - name: team\n    sql: "${rule}"\n    output: class`,
      'decision:\n  output: threshold\n  positiveClass: "churn"\n  thresholdMode: dynamic',
      business === null ? '' : `business:\n${business}`,
      'assess:\n  folds: 5\n  seed: 42',
    ].join('\n'),
  );
  return path;
}

// A retention offer pays only where x1 > 1 (nine in ten churn there); elsewhere the chance of
// churn rises with x2 but stays below one in two, so acting never pays. The team's rule acts exactly
// where it pays; a model ranks the other rows too (a far better ROC AUC) but cannot decide better.
const narrow = (x: number[]): number => (x[0]! > 1 ? 0.9 : x[1]! > 0 ? 0.42 : 0.02);
const narrowBusiness = '  currency: EUR\n  outcomes: { truePositive: 100, falsePositive: -100, trueNegative: 0, falseNegative: 0 }\n  decisionsPerMonth: 1000\n  monthlyRunningCost: 2000';

test('a team rule worth more per decision than the model, though the model ranks better → rule-suffices on value, naming the rule', async () => {
  const path = card('narrow', table('narrow', 3000, 21, narrow), "CASE WHEN x1 > 1 THEN 'churn' ELSE 'stay' END", narrowBusiness);
  const { assessment } = await assess(await loadProblem({ card: path }), { budgetSeconds: 20 });
  const v = assessment.verdict;
  assert.equal(v.verdict, 'rule-suffices', v.reason);
  assert.equal(v.basis, 'value');
  assert.equal(v.names, 'team:team');
  assert.match(v.headline, /team rule 'team'/);
  // The model has the better metric, and the reason still says so, with its lift.
  const best = assessment.leaderboard[0]!;
  const rule = assessment.baselines.find((b) => b.id === 'team:team')!;
  assert.ok(best.metrics['roc_auc']!.mean > rule.metrics['roc_auc']!.mean + 0.05, `${best.metrics['roc_auc']!.mean} vs ${rule.metrics['roc_auc']!.mean}`);
  assert.match(v.reason, /In ROC AUC, .* a lift of 0\.\d+ \(/);
  // The numbers: the rule per decision, the model after its running cost (2000 / 1000 = 2 per decision).
  const value = v.value!;
  assert.equal(value.bar.id, 'team:team');
  assert.equal(value.runningCostPerDecision, 2);
  assert.ok(value.model.afterRunningCost < value.bar.perDecision);
  assert.equal(value.model.afterRunningCost, value.model.perDecision - 2);
  assert.ok(v.reason.includes(`${value.bar.perDecision.toFixed(2)} EUR`), v.reason);
  assert.ok(v.reason.includes(`${value.model.afterRunningCost.toFixed(2)} EUR`), v.reason);
  // Acting where x1 > 1 is worth about 0.159 × (0.9 × 100 − 0.1 × 100) ≈ 12.7 per decision.
  assert.ok(value.bar.perDecision > 10 && value.bar.perDecision < 15.5, `${value.bar.perDecision}`);
  // Doing nothing and the prior are valued beside it (never acting is worth 0 here).
  assert.equal(value.bars.find((b) => b.kind === 'nothing')!.perDecision, 0);
  assert.ok(value.bars.some((b) => b.kind === 'prior'));
});

test('the same table without business figures → the metric decides, as before', async () => {
  const path = card('narrow-plain', table('narrow', 3000, 21, narrow), "CASE WHEN x1 > 1 THEN 'churn' ELSE 'stay' END", null);
  const { assessment } = await assess(await loadProblem({ card: path }), { budgetSeconds: 20 });
  assert.equal(assessment.verdict.verdict, 'use-ml', assessment.verdict.reason);
  assert.equal(assessment.verdict.basis, 'metric');
  assert.equal(assessment.verdict.value, null);
  assert.match(assessment.verdict.headline, /^Use ML: .* clears the best non-ML approach by a margin that matters\.$/);
});

test('a model worth more than every rule → use-ml on value', async () => {
  // Churn when x1 and x2 share a sign: no rule on one column does better than guessing.
  const data = table('interaction', 3000, 22, (x) => (x[0]! * x[1]! > 0 ? 0.95 : 0.05));
  const path = card('interaction', data, "CASE WHEN x1 > 0 THEN 'churn' ELSE 'stay' END", '  currency: EUR\n  outcomes: { truePositive: 100, falsePositive: -100, trueNegative: 0, falseNegative: -20 }\n  decisionsPerMonth: 1000\n  monthlyRunningCost: 2000');
  const { assessment } = await assess(await loadProblem({ card: path }), { budgetSeconds: 20 });
  const v = assessment.verdict;
  assert.equal(v.verdict, 'use-ml', v.reason);
  assert.equal(v.basis, 'value');
  assert.ok(v.value!.model.afterRunningCost > v.value!.bar.perDecision + 10, JSON.stringify(v.value));
  assert.equal(v.names, v.value!.model.id);
  assert.match(v.reason, /In money, .* more per decision/);
});

test('a one-feature rule that gives one class everywhere but ranks rows is shown as the ranking it is scored by, never as the prior', async () => {
  // About one in ten churn, a little more often when x3 is high, never near one in two: no
  // threshold flips 'stay', yet x3 ranks churners higher, which is what ROC AUC scores.
  const data = table('rare', 3000, 23, (x) => (x[2]! > 0.5 ? 0.16 : 0.07));
  const path = join(dir, 'rare.yaml');
  writeFileSync(path, `name: rare\ndata:\n  file: ${data}\ntarget: label\ndecision:\n  positiveClass: "churn"\nassess:\n  folds: 5\n  seed: 42\n`);
  const { assessment } = await assess(await loadProblem({ card: path }), { budgetSeconds: 15 });
  const rule = assessment.baselines.find((b) => b.kind === 'one-feature-rule');
  assert.ok(rule, JSON.stringify(assessment.baselines.map((b) => b.name)));
  assert.equal(rule.id, 'rule:x3');
  assert.ok(rule.metrics['roc_auc']!.mean > 0.55, `${rule.metrics['roc_auc']!.mean}`);
  assert.match(rule.description!, /^the higher x3, the more likely churn \(share of churn: \d.*% for x3 ≤ .* up to (1\d|2\d)(\.\d)?% for x3 > [-\d.]+\)$/);
  assert.equal(assessment.featurePower.find((f) => f.feature === 'x3')!.rule, rule.description);
  assert.ok(!assessment.warnings.some((w) => /reported as the prior/.test(w)), assessment.warnings.join(' | '));
  const text = `${assessment.verdict.headline} ${assessment.verdict.reason}`;
  assert.doesNotMatch(text, /always '?stay/);
});

test('a model worth more in money while its metric lift is below the minimum set → use-ml on value, the small lift said in the headline', async () => {
  // The interaction table again, with a minimum lift no model can reach: on the metric alone a
  // rule would do, but the model's decisions are worth far more, and with figures money decides.
  const data = table('interaction', 3000, 22, (x) => (x[0]! * x[1]! > 0 ? 0.95 : 0.05));
  const path = join(dir, 'interaction-high-bar.yaml');
  writeFileSync(path, readFileSync(card('interaction-high-bar', data, "CASE WHEN x1 > 0 THEN 'churn' ELSE 'stay' END", '  currency: EUR\n  outcomes: { truePositive: 100, falsePositive: -100, trueNegative: 0, falseNegative: -20 }\n  decisionsPerMonth: 1000\n  monthlyRunningCost: 2000'), 'utf8').replace('assess:\n', 'assess:\n  minimumLift: 0.9\n'));
  const { assessment } = await assess(await loadProblem({ card: path }), { budgetSeconds: 20 });
  const v = assessment.verdict;
  assert.equal(v.verdict, 'use-ml', v.reason);
  assert.equal(v.basis, 'value');
  assert.equal(v.names, v.value!.model.id);
  assert.ok(v.value!.model.afterRunningCost > v.value!.bar.perDecision + 10, JSON.stringify(v.value));
  assert.match(v.headline, /^Use ML: .* is worth [\d.,]+ EUR more per decision than .* after running costs, although its ROC AUC lift of 0\.\d{3} is below the 0\.900 that was set to matter\.$/);
  assert.match(v.reason, /^In money, .* more per decision\. In ROC AUC, .* a lift of 0\.\d{3} .*, below the 0\.900 that was set to matter\. The decision follows the money/);
});
