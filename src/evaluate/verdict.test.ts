// The verdict weighed in money, from the numbers alone: doing nothing worth the most gives
// no-signal; a data problem still comes first; a model worth more in money is used even on a
// small or uncertain metric lift, which is said plainly; one model is spoken of throughout.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lift } from './bootstrap-lift.js';
import type { BarValue } from './value/bar-values.js';
import { combineSettles, decideVerdict, type ValueComparison, type VerdictInput } from './verdict.js';

const lift = (value: number, low: number, high: number): Lift => ({ metric: 'roc_auc', value, low, high, resamples: 1000, level: 0.995, rows: 2000 });
const bar = (id: string, kind: BarValue['kind'], perDecision: number): BarValue => ({ id, name: kind === 'nothing' ? 'doing nothing' : `team rule '${id.replace('team:', '')}'`, kind, description: kind === 'nothing' ? 'never act' : 'score > 3', perDecision, perMonth: perDecision * 1000, threshold: null });

// A model that clears the bar on ROC AUC: 0.80 against 0.70, lift 0.10 (0.06 to 0.14).
const base: VerdictInput = {
  metric: 'roc_auc',
  minimumLift: 0.02,
  checks: [],
  bestModel: { id: 'model:gbdt', name: 'gradient boosting', score: 0.8 },
  bestBaseline: { id: 'team:a', name: "team rule 'a'", score: 0.7, description: 'score > 3' },
  prior: { id: 'prior', name: 'predict the most common class', score: 0.5 },
  liftOverBaseline: lift(0.1, 0.06, 0.14),
  liftOverPrior: lift(0.3, 0.26, 0.34),
  baselineOverPrior: lift(0.2, 0.16, 0.24),
  learningCurve: null,
};

function value(model: number, bars: BarValue[], running: number | null = 1): ValueComparison {
  return { currency: 'USD', rows: 2000, decisionsPerMonth: 1000, model: { id: 'model:gbdt', name: 'gradient boosting', perDecision: model, afterRunningCost: model - (running ?? 0) }, runningCostPerDecision: running, bar: bars[0]!, bars };
}

test('when doing nothing is worth the most, the verdict is no-signal on value, with the metric lift still given', () => {
  const v = decideVerdict({ ...base, value: value(-2, [bar('nothing', 'nothing', 0), bar('team:a', 'team-rule', -5)]) });
  assert.equal(v.verdict, 'no-signal');
  assert.equal(v.basis, 'value');
  assert.equal(v.names, null);
  assert.match(v.headline, /doing nothing \(0\.00 USD per decision\)/);
  assert.match(v.reason, /gradient boosting is worth -3\.00 USD per decision after running costs \(1\.00 USD per decision\)/);
  assert.match(v.reason, /a lift of 0\.100 \(99\.5% interval 0\.060 to 0\.140\)/);
});

test('a failing data check comes before any money', () => {
  const v = decideVerdict({ ...base, checks: [{ id: 'leakage', title: 'Leakage', status: 'fail', message: 'x copies the label.', evidence: {} }], value: value(10, [bar('team:a', 'team-rule', 5)]) });
  assert.equal(v.verdict, 'fix-data-first');
  assert.equal(v.basis, 'metric');
});

test('worth more in money on a lift too uncertain to rely on: the money decides, use-ml on value, the uncertain lift said plainly', () => {
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.03, -0.01, 0.07), value: value(10, [bar('team:a', 'team-rule', 5)]) });
  assert.equal(v.verdict, 'use-ml');
  assert.equal(v.basis, 'value');
  assert.equal(v.names, 'model:gbdt');
  assert.equal(v.headline, "Use ML: gradient boosting is worth 4.00 USD more per decision than team rule 'a' after running costs, although its ROC AUC lift of 0.030 is not reliably above zero.");
  assert.match(v.reason, /In money, gradient boosting is worth 9\.00 USD per decision .* 4\.00 USD more per decision/);
  assert.match(v.reason, /a lift of 0\.030 \(99\.5% interval -0\.010 to 0\.070\), an interval that includes zero\./);
  // The lift holds both 0 and 0.04 (twice the minimum): on the metric alone the evidence cannot decide, and the reason says so.
  assert.match(v.reason, /on ROC AUC alone the evidence cannot decide/);
  assert.match(v.reason, /What would settle it: about 8,000 labelled rows/);
});

test('worth more in money while the metric lift is below the minimum: use-ml on value, naming the money and the small lift', () => {
  // The yes/no walk: the model ranks only a little better than the team's score rule, but its decisions pay.
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.018, 0.004, 0.032), value: value(62.76, [bar('team:radius', 'team-rule', 5), bar('nothing', 'nothing', 0)], 1.5) });
  assert.equal(v.verdict, 'use-ml');
  assert.equal(v.basis, 'value');
  assert.equal(v.names, 'model:gbdt');
  assert.equal(v.headline, "Use ML: gradient boosting is worth 56.26 USD more per decision than team rule 'radius' after running costs, although its ROC AUC lift of 0.018 is below the 0.020 that was set to matter.");
  assert.match(v.reason, /^In money, gradient boosting is worth 61\.26 USD per decision after running costs \(1\.50 USD per decision\), against 5\.00 USD for team rule 'radius'/);
  assert.match(v.reason, /In ROC AUC, gradient boosting scores 0\.800 against 0\.700 for team rule 'a', a lift of 0\.018 .*, below the 0\.020 that was set to matter\./);
  assert.doesNotMatch(v.headline, /simple rule is enough/);
  // Worth less after the same running cost: the rule is the answer, on value.
  const w = decideVerdict({ ...base, liftOverBaseline: lift(0.018, 0.004, 0.032), value: value(6, [bar('team:radius', 'team-rule', 5)], 1.5) });
  assert.equal(w.verdict, 'rule-suffices');
  assert.equal(w.basis, 'value');
  assert.equal(w.names, 'team:radius');
});

test('a model worth exactly as much as the best approach is not worth building: the tie goes to the approach', () => {
  const v = decideVerdict({ ...base, value: value(6, [bar('team:a', 'team-rule', 5)], 1) });
  assert.equal(v.verdict, 'rule-suffices');
  assert.match(v.headline, /worth 5\.00 USD per decision, as much as gradient boosting/);
});

test('when value chooses another model than the metric, headline and reason speak of that model and its own lift only', () => {
  const linear: VerdictInput['valueModel'] = { candidate: { id: 'model:linear', name: 'logistic regression', score: 0.79 }, liftOverBaseline: lift(0.09, 0.05, 0.13), liftOverPrior: lift(0.29, 0.25, 0.33) };
  const comparison: ValueComparison = { ...value(10, [bar('team:a', 'team-rule', 5)]), model: { id: 'model:linear', name: 'logistic regression', perDecision: 10, afterRunningCost: 9 } };
  const v = decideVerdict({ ...base, learningCurve: { points: [], moreDataLikelyHelps: true, reason: 'the score still climbs' } as unknown as VerdictInput['learningCurve'], value: comparison, valueModel: linear });
  assert.equal(v.verdict, 'use-ml');
  assert.equal(v.names, 'model:linear');
  assert.match(v.headline, /^Use ML: logistic regression clears the best non-ML approach in ROC AUC and is worth 4\.00 USD more per decision/);
  assert.match(v.reason, /logistic regression scores 0\.790 .* a lift of 0\.090/);
  // Neither the other model, its lift nor its learning curve is cited.
  assert.doesNotMatch(`${v.headline} ${v.reason}`, /gradient boosting|0\.100|still climbs/);
});

test('running costs count only when they can be spread over the decisions', () => {
  const v = decideVerdict({ ...base, value: value(6, [bar('team:a', 'team-rule', 5)], null) });
  assert.equal(v.verdict, 'use-ml');
  assert.equal(v.basis, 'value');
  assert.doesNotMatch(v.headline, /after running costs/);
  const w = decideVerdict({ ...base, value: value(6, [bar('team:a', 'team-rule', 5)], 1.5) });
  assert.equal(w.verdict, 'rule-suffices');
  assert.equal(w.names, 'team:a');
});

// The fifth verdict, inconclusive: no model scored, or a deciding lift whose interval holds both
// 0 and twice the minimum that matters (0.04 here). Each boundary is pinned from both sides.

test('no model scored → inconclusive (no-model) with the budget that would fit one, whatever the bar or the money', () => {
  const v = decideVerdict({ ...base, bestModel: null, liftOverBaseline: null, liftOverPrior: null, budgetSuggestedSeconds: 90, budgetSeconds: 60, value: value(10, [bar('team:a', 'team-rule', 5)]) });
  assert.equal(v.verdict, 'inconclusive');
  assert.equal(v.basis, 'metric');
  assert.equal(v.names, null);
  assert.deepEqual({ ...v.settle, message: '' }, { missing: 'no-model', message: '', rowsSuggested: null, budgetSuggestedSeconds: 90 });
  assert.match(v.headline, /^Inconclusive: no model could be scored within the time budget of 60 s.*a budget of about 90 s would settle it\.$/);
  assert.match(v.settle!.message, /--budget 90/);
  // The bar is still reported, but never as "enough".
  assert.match(v.reason, /the best is team rule 'a' \("score > 3"\), scoring ROC AUC 0\.700/);
  assert.doesNotMatch(v.headline, /rule is enough|No signal/);
  // A rule that beats the prior, or a bar no better than the prior: still inconclusive without a model.
  const flat = decideVerdict({ ...base, bestModel: null, liftOverBaseline: null, liftOverPrior: null, baselineOverPrior: lift(0, -0.01, 0.01) });
  assert.equal(flat.verdict, 'inconclusive');
  assert.equal(flat.settle?.budgetSuggestedSeconds, null);
  assert.match(flat.settle!.message, /larger --budget/);
});

test('no model and a failing data check → fix-data-first: the data problem comes first', () => {
  const v = decideVerdict({ ...base, bestModel: null, liftOverBaseline: null, liftOverPrior: null, checks: [{ id: 'enough-rows', title: 'Enough rows', status: 'fail', message: 'Only 12 rows.', evidence: {} }] });
  assert.equal(v.verdict, 'fix-data-first');
  assert.equal(v.settle, undefined);
});

test('model against a rule that beats the prior: rule-suffices below 2 × minimum at the top, inconclusive at it, use-ml once above zero', () => {
  // low 0, high exactly 0.04: holds both → inconclusive.
  const at = decideVerdict({ ...base, liftOverBaseline: { ...lift(0.02, 0, 0.04), rows: 1000 } });
  assert.equal(at.verdict, 'inconclusive');
  assert.equal(at.names, 'model:gbdt');
  assert.equal(at.settle?.missing, 'uncertain-lift');
  // Half-width 0.02 on 1,000 rows must fall below 0.02: just over 1,000 rows.
  assert.equal(at.settle?.rowsSuggested, 1100);
  assert.match(at.headline, /^Inconclusive: the evidence cannot decide whether gradient boosting beats team rule 'a' by a margin that matters; about 1,100 labelled rows would settle it\.$/);
  assert.match(at.reason, /holds both no lift and 0\.040, twice the 0\.020 that matters/);
  // Just below 2 × minimum at the top: the interval excludes a lift that clearly matters.
  const below = decideVerdict({ ...base, liftOverBaseline: lift(0.015, -0.009, 0.0399) });
  assert.equal(below.verdict, 'rule-suffices');
  assert.equal(below.settle, undefined);
  // A wide interval whose bottom is just above zero and value at the minimum: use-ml.
  const above = decideVerdict({ ...base, liftOverBaseline: lift(0.05, 0.001, 0.099) });
  assert.equal(above.verdict, 'use-ml');
  // The 150-row case: 0.046 (−0.018 to 0.110) is not a rule that suffices.
  const small = decideVerdict({ ...base, liftOverBaseline: { ...lift(0.046, -0.018, 0.11), rows: 150 } });
  assert.equal(small.verdict, 'inconclusive');
  assert.equal(small.settle?.rowsSuggested, 1600, '150 × (0.064 / 0.02)² = 1,536, rounded up to two figures');
});

test('a real lift below the minimum with a narrow interval stays rule-suffices', () => {
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.01, 0.004, 0.016) });
  assert.equal(v.verdict, 'rule-suffices');
});

test('no-signal is not claimed while the best estimate is a lift that clearly matters which the rows cannot confirm', () => {
  const noBar = { ...base, bestBaseline: base.prior, liftOverBaseline: null, baselineOverPrior: null };
  // The estimate is twice the minimum, the interval holds zero: undecided.
  const leaning = decideVerdict({ ...noBar, liftOverPrior: lift(0.045, -0.01, 0.1) });
  assert.equal(leaning.verdict, 'inconclusive');
  assert.match(leaning.headline, /whether gradient boosting beats always predicting the most common class by a margin that matters/);
  assert.match(leaning.reason, /"no signal" cannot be said/);
  // Noise on 1,500 rows: the estimate is nothing, the interval still reaches twice the minimum.
  const wide = decideVerdict({ ...noBar, liftOverPrior: lift(-0.005, -0.059, 0.049) });
  assert.equal(wide.verdict, 'no-signal');
  assert.match(wide.reason, /cannot yet rule out a lift of up to 0\.049; about [\d,]+ labelled rows would/);
  const narrow = decideVerdict({ ...noBar, liftOverPrior: lift(-0.005, -0.035, 0.025) });
  assert.equal(narrow.verdict, 'no-signal');
  assert.doesNotMatch(narrow.reason, /rule out/);
  // The model's lift excludes it, but the rule's estimate over the prior is one that matters.
  const rule = decideVerdict({ ...base, liftOverPrior: lift(0, -0.02, 0.02), baselineOverPrior: lift(0.045, -0.03, 0.09), liftOverBaseline: lift(-0.01, -0.03, 0.01) });
  assert.equal(rule.verdict, 'inconclusive');
  assert.equal(rule.names, 'team:a');
});

test('use-ml against the prior is not claimed while the model cannot be told apart from a rule the prior could not be', () => {
  // The rule is not reliably above the prior, so today's verdict compared the model with the prior only.
  const v = decideVerdict({ ...base, liftOverPrior: lift(0.168, 0.044, 0.292), baselineOverPrior: lift(0.085, -0.05, 0.221), liftOverBaseline: lift(0.083, -0.035, 0.2) });
  assert.equal(v.verdict, 'inconclusive');
  assert.match(v.headline, /whether gradient boosting beats team rule 'a'/);
  // Once the model's lift over that rule is above zero, use-ml as before.
  const w = decideVerdict({ ...base, liftOverPrior: lift(0.168, 0.044, 0.292), baselineOverPrior: lift(0.085, -0.05, 0.221), liftOverBaseline: lift(0.083, 0.01, 0.156) });
  assert.equal(w.verdict, 'use-ml');
});

test('an uncertain lift with families skipped or cut short: the budget is offered beside the rows', () => {
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.03, -0.01, 0.07), budgetSuggestedSeconds: 140, budgetSeconds: 60 });
  assert.equal(v.verdict, 'inconclusive');
  assert.equal(v.settle?.rowsSuggested, 8000);
  assert.equal(v.settle?.budgetSuggestedSeconds, 140);
  assert.match(v.headline, /about 8,000 labelled rows or a budget of about 140 s would settle it\.$/);
  assert.match(v.settle!.message, /--budget 140/);
});

test('money decides over an inconclusive metric and says so; rule-suffices on value names the undecided lift too', () => {
  const v = decideVerdict({ ...base, liftOverBaseline: lift(0.03, -0.01, 0.07), value: value(6, [bar('team:a', 'team-rule', 5)], 1.5) });
  assert.equal(v.verdict, 'rule-suffices');
  assert.equal(v.basis, 'value');
  assert.match(v.reason, /On ROC AUC alone the evidence cannot decide: .* What would settle it: about 8,000 labelled rows/);
});

test('several labels: a missing model first, the most rows, and a shared budget times the labels', () => {
  const rows = { missing: 'uncertain-lift', message: 'm1', rowsSuggested: 4000, budgetSuggestedSeconds: null } as const;
  const time = { missing: 'no-model', message: 'm2', rowsSuggested: null, budgetSuggestedSeconds: 20 } as const;
  const s = combineSettles([{ name: "Label 'a'", settle: rows }, { name: "Label 'b'", settle: time }, { name: "Label 'c'", settle: null }], 'labels');
  assert.deepEqual({ ...s, message: '' }, { missing: 'no-model', message: '', rowsSuggested: 4000, budgetSuggestedSeconds: 60 });
  assert.match(s!.message, /^Label 'a': m1 Label 'b': m2 The budget is shared equally by the 3 labels, so --budget 60 gives each the 20 s it needs\.$/);
  assert.equal(combineSettles([{ name: 'x', settle: null }]), null);
});

test('an interval drawn from a sample of the labelled rows says so beside the rows it suggests', () => {
  // The 20,000 rows with 1.8% positives: 0.029 (−0.002 to 0.061), the interval drawn from 10,000 rows.
  const v = decideVerdict({ ...base, liftOverBaseline: { ...lift(0.029, -0.002, 0.061), rows: 10_000 }, labelledRows: 20_000 });
  assert.equal(v.verdict, 'inconclusive');
  assert.equal(v.settle?.rowsSuggested, 25_000);
  assert.match(v.settle!.message, /drawn from 10,000 of the 20,000 labelled rows/);
});

test('use-ml against the prior while a rule scored more says the rule is not reliably above the prior', () => {
  const v = decideVerdict({ ...base, bestBaseline: { id: 'rule:x5', name: "best one-feature rule ('x5')", score: 0.57 }, liftOverBaseline: lift(0.23, 0.19, 0.27), baselineOverPrior: lift(0.07, -0.01, 0.15) });
  assert.equal(v.verdict, 'use-ml');
  assert.match(v.reason, /against 0\.500 for always predicting the most common class \(best one-feature rule \('x5'\) scores 0\.570 but is not reliably above it\)\./);
});

test('an inconclusive lift names the flattened learning curve once, not twice', () => {
  const curve = { points: [], moreDataLikelyHelps: false, reason: 'going from half to all of the training rows changed ROC AUC by only 0.002: the curve has flattened' } as unknown as VerdictInput['learningCurve'];
  const v = decideVerdict({ ...base, learningCurve: curve, liftOverBaseline: { ...lift(0.02, 0, 0.04), rows: 1000 } });
  assert.equal(v.verdict, 'inconclusive');
  assert.match(v.reason, /The learning curve has flattened \(going from half to all of the training rows changed ROC AUC by only 0\.002\): more rows/);
  assert.doesNotMatch(v.reason, /the curve has flattened/);
});
