// Valuing the non-ML approaches in money, on a generated churn-like table: a score rule at its
// best threshold (not at a clamped 0.5), a class rule by its decisions, the prior, doing nothing,
// and a one-feature rule that decides one class everywhere left out as the prior.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../core/rng.js';
import type { CvResult } from '../cross-validate.js';
import type { Predictions, Truth } from '../oof.js';
import { type BarCandidate, valueBars } from './bar-values.js';

const N = 4000;
// 'no' = 0, 'yes' = 1 (churned); the positive class is 'yes'.
const rng = new Rng(11);
const risk = new Float64Array(N); // a team's risk score from 0 to 100
const inactive = new Uint8Array(N);
const y = new Int32Array(N);
for (let i = 0; i < N; i++) {
  const z = rng.normal();
  risk[i] = Math.round(100 / (1 + Math.exp(-(z * 1.5 - 1))));
  inactive[i] = rng.next() < 0.3 ? 1 : 0;
  const p = 1 / (1 + Math.exp(-(2 * z - 2.5 + 0.8 * inactive[i]!)));
  y[i] = rng.next() < p ? 1 : 0;
}
const truth: Truth = { kind: 'classification', y, classes: ['no', 'yes'], positive: 1 };
const rows = Int32Array.from({ length: N }, (_, i) => i);
// Keeping a churner is worth 300; contacting a customer who would stay costs 40.
const business = { currency: 'USD', decisionsPerMonth: 1000, outcomes: { truePositive: 300, falsePositive: -40, trueNegative: 0, falseNegative: 0 } };

function result(id: string, kind: CvResult['kind'], p1: (i: number) => number): CvResult {
  const probabilities = new Float64Array(N * 2);
  const labels = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const p = p1(i);
    probabilities[i * 2 + 1] = p;
    probabilities[i * 2] = 1 - p;
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  const oof: Predictions = { kind: 'classification', probabilities, labels, calibrated: false };
  return { id, name: id, kind, oof, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, foldsRun: 5, tested: rows, warnings: [] };
}

/** Brute force: the value per decision of acting on rows whose score is at least t, best over every t. */
function bestByHand(scores: Float64Array): { threshold: number; value: number } {
  let best = { threshold: Number.POSITIVE_INFINITY, value: 0 };
  for (const t of new Set(scores)) {
    let total = 0;
    for (let i = 0; i < N; i++) if (scores[i]! >= t) total += y[i] === 1 ? 300 : -40;
    if (total / N > best.value) best = { threshold: t, value: total / N };
  }
  return best;
}

test('a score rule is valued at the threshold on its own score that is worth the most', () => {
  const score: BarCandidate = { id: 'team:risk', name: "team rule 'risk'", kind: 'team-rule', result: result('team:risk', 'team-rule', (i) => Math.min(1, risk[i]!)), description: 'risk_score', decides: 'score', scores: risk };
  const [top] = valueBars({ truth, rows, bars: [score], business });
  const byHand = bestByHand(risk);
  assert.equal(top!.id, 'team:risk');
  assert.equal(top!.threshold, byHand.threshold);
  assert.ok(Math.abs(top!.perDecision - byHand.value) < 1e-9, `${top!.perDecision} vs ${byHand.value}`);
  assert.ok(top!.threshold! > 1 && top!.threshold! < 100, 'the threshold is on the score itself, not on a clamped 0–1 copy');
  assert.equal(top!.perMonth, top!.perDecision * 1000);
  // Clamped into [0, 1], every score of 1 or more looks the same: the best there is worth less.
  assert.ok(top!.perDecision > bestByHand(Float64Array.from(risk, (r) => Math.min(1, r))).value + 1);
  assert.match(top!.description!, /acting at a score of \d+ or more/);
});

test('a class rule by its decisions; the prior and doing nothing beside it, most valuable first', () => {
  const rule: BarCandidate = { id: 'team:unhappy', name: "team rule 'unhappy and inactive'", kind: 'team-rule', result: result('team:unhappy', 'team-rule', (i) => (risk[i]! >= 60 && inactive[i] === 1 ? 1 : 0)), description: 'risk >= 60 AND inactive', decides: 'class' };
  const share = y.reduce((s, v) => s + v, 0) / N;
  const prior: BarCandidate = { id: 'prior', name: 'predict the most common class', kind: 'prior', result: result('prior', 'prior', () => share), decides: 'score' };
  const bars = valueBars({ truth, rows, bars: [prior, rule], business });
  let byHand = 0;
  for (let i = 0; i < N; i++) if (risk[i]! >= 60 && inactive[i] === 1) byHand += y[i] === 1 ? 300 : -40;
  const valued = bars.find((b) => b.id === 'team:unhappy')!;
  assert.ok(Math.abs(valued.perDecision - byHand / N) < 1e-9);
  assert.equal(valued.threshold, null);
  const nothing = bars.find((b) => b.kind === 'nothing')!;
  assert.equal(nothing.perDecision, 0, 'never acting earns and costs nothing here');
  // Churn is rare and a contact costs little against a save: the prior acts on everyone.
  assert.ok(share * 300 - (1 - share) * 40 > 0);
  const p = bars.find((b) => b.id === 'prior')!;
  assert.equal(p.name, "always 'yes'");
  assert.ok(Math.abs(p.perDecision - (share * 300 - (1 - share) * 40)) < 1e-9);
  for (let i = 1; i < bars.length; i++) assert.ok(bars[i - 1]!.perDecision >= bars[i]!.perDecision);
});

test('a one-feature rule that decides one class everywhere is not listed under its feature', () => {
  // Its score barely moves and acting is never worth it at this cost: at its best threshold it acts on nobody.
  const costly = { ...business, outcomes: { truePositive: 100, falsePositive: -400, trueNegative: 0, falseNegative: 0 } };
  const flat: BarCandidate = { id: 'rule:mrr', name: "best one-feature rule ('mrr')", kind: 'one-feature-rule', result: result('rule:mrr', 'one-feature-rule', (i) => 0.2 + 0.05 * inactive[i]!), description: 'always no', decides: 'score', describeDecisions: () => 'mrr ≤ 20 → yes' };
  const bars = valueBars({ truth, rows, bars: [flat], business: costly });
  assert.ok(!bars.some((b) => b.id === 'rule:mrr'), JSON.stringify(bars));
  assert.ok(!bars.some((b) => b.name.includes('mrr')));
  assert.equal(bars[0]!.kind, 'nothing');
});

test('without the figures for the task nothing is valued', () => {
  const rule: BarCandidate = { id: 'team:x', name: 'x', kind: 'team-rule', result: result('team:x', 'team-rule', () => 1), decides: 'class' };
  assert.deepEqual(valueBars({ truth, rows, bars: [rule], business: { currency: 'USD' } }), []);
  assert.deepEqual(valueBars({ truth, rows, bars: [rule], business: undefined }), []);
});

test('numbers: a team number rule and the average, each by its error cost per decision', () => {
  // Delivery minutes: the team's estimate is off by a few minutes, the average by much more.
  const r = new Rng(5);
  const minutes = Float64Array.from({ length: 500 }, () => 30 + 10 * r.normal());
  const estimate = Float64Array.from(minutes, (m) => m + 3 * r.normal());
  const t: Truth = { kind: 'regression', y: minutes };
  const all = Int32Array.from({ length: 500 }, (_, i) => i);
  const regression = (id: string, kind: CvResult['kind'], values: Float64Array): CvResult => ({ id, name: id, kind, oof: { kind: 'regression', values }, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, foldsRun: 5, tested: all, warnings: [] });
  const mean = minutes.reduce((s, v) => s + v, 0) / 500;
  const bars = valueBars({
    truth: t,
    rows: all,
    bars: [
      { id: 'prior', name: 'predict the average', kind: 'prior', result: regression('prior', 'prior', new Float64Array(500).fill(mean)), decides: 'class' },
      { id: 'team:estimate', name: "team rule 'estimate'", kind: 'team-rule', result: regression('team:estimate', 'team-rule', estimate), decides: 'class' },
    ],
    // Late costs 2 a minute, early 0.5.
    business: { currency: 'EUR', overPredictionCostPerUnit: 0.5, underPredictionCostPerUnit: 2 },
  });
  let cost = 0;
  for (let i = 0; i < 500; i++) cost += estimate[i]! > minutes[i]! ? 0.5 * (estimate[i]! - minutes[i]!) : 2 * (minutes[i]! - estimate[i]!);
  assert.equal(bars[0]!.id, 'team:estimate');
  assert.ok(Math.abs(bars[0]!.perDecision + cost / 500) < 1e-9);
  assert.equal(bars[0]!.perMonth, null, 'no volume, no monthly value');
  assert.ok(bars[1]!.perDecision < bars[0]!.perDecision - 5);
  assert.ok(!bars.some((b) => b.kind === 'nothing'), 'doing nothing has no meaning for a number');

  // At a boundary the same bars are valued by their wrong-side decisions only, as the model is.
  const boundary = mean;
  const atBoundary = valueBars({ truth: t, rows: all, bars: [{ id: 'team:estimate', name: "team rule 'estimate'", kind: 'team-rule', result: regression('team:estimate', 'team-rule', estimate), decides: 'class' }], business: { currency: 'EUR', overPredictionCostPerUnit: 0.5, underPredictionCostPerUnit: 2 }, boundary });
  let wrongSide = 0;
  for (let i = 0; i < 500; i++) {
    const decidedAbove = estimate[i]! >= boundary;
    if (decidedAbove !== minutes[i]! >= boundary) wrongSide += (decidedAbove ? 0.5 : 2) * Math.abs(minutes[i]! - boundary);
  }
  assert.ok(Math.abs(atBoundary[0]!.perDecision + wrongSide / 500) < 1e-9);
  assert.ok(atBoundary[0]!.perDecision > bars[0]!.perDecision, 'fewer rows cost, and each by no more than its error');
});

test('several classes: each approach by the cost matrix, a class rule by the classes it gives', () => {
  // Three penguin-like species; the rule is right four times in five.
  const r = new Rng(9);
  const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
  const ys = Int32Array.from({ length: 600 }, () => Math.floor(r.next() * 3));
  const t: Truth = { kind: 'classification', y: ys, classes, positive: 0 };
  const all = Int32Array.from({ length: 600 }, (_, i) => i);
  const said = Int32Array.from(ys, (c) => (r.next() < 0.8 ? c : (c + 1) % 3));
  const probabilities = new Float64Array(600 * 3);
  for (let i = 0; i < 600; i++) probabilities[i * 3 + said[i]!] = 1;
  const rule: CvResult = { id: 'team:bill', name: "team rule 'bill'", kind: 'team-rule', oof: { kind: 'classification', probabilities, labels: said, calibrated: false }, metrics: {}, perFold: [], fitPredictSeconds: 0, fitSeconds: null, predictSeconds: null, foldsRun: 5, tested: all, warnings: [] };
  const right = { Adelie: { Adelie: 10, Chinstrap: -5, Gentoo: -5 }, Chinstrap: { Adelie: -5, Chinstrap: 10, Gentoo: -5 }, Gentoo: { Adelie: -5, Chinstrap: -5, Gentoo: 10 } };
  const [top] = valueBars({ truth: t, rows: all, bars: [{ id: 'team:bill', name: "team rule 'bill'", kind: 'team-rule', result: rule, decides: 'class' }], business: { currency: 'EUR', costMatrix: right } });
  let hits = 0;
  for (let i = 0; i < 600; i++) if (said[i] === ys[i]) hits++;
  assert.ok(Math.abs(top!.perDecision - (10 * hits - 5 * (600 - hits)) / 600) < 1e-9);
});
