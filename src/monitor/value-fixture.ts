// Shared by the value-against-the-promise tests: a churn model registered with a decision package
// (threshold 0.3 on 'left', a value per decision promised with its interval, measured on held-out
// rows), a healthy window (the training distribution) and one where churners became rare.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../core/rng.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import { computeMetric } from '../evaluate/task-metrics.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import type { DecisionPackage } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';
import { meanWithInterval } from './performance-value.js';

export const THRESHOLD = 0.3;
export const OUTCOMES = { truePositive: 120, falsePositive: -60, trueNegative: 0, falseNegative: 0 };
const DAY = 86_400_000;

interface Customer {
  at: number;
  tenure: number;
  monthly: number;
  plan: string;
  tickets: number;
  churned: 'left' | 'stayed';
}

/** Customers whose churn depends on tenure, tickets, price and plan (about 30% leave), spread over two weeks from `start`. */
function customers(seed: number, n: number, start: string): Customer[] {
  const rng = new Rng(seed);
  const t0 = Date.parse(start);
  return Array.from({ length: n }, (_, i) => {
    const tenure = Math.max(1, Math.round(30 + 18 * rng.normal()));
    const tickets = Math.min(12, Math.floor(-Math.log(1 - rng.next()) * 1.6));
    const monthly = Math.round((40 + 15 * rng.normal()) * 100) / 100;
    const plan = ['basic', 'plus', 'pro'][rng.int(3)]!;
    const logit = -0.4 - 0.05 * tenure + 0.45 * tickets + 0.02 * (monthly - 40) + (plan === 'basic' ? 0.5 : 0);
    const churned = rng.next() < 1 / (1 + Math.exp(-logit)) ? 'left' : 'stayed';
    return { at: t0 + Math.floor((i * 14 * DAY) / n), tenure, monthly, plan, tickets, churned };
  });
}

/** The same customers with churners made rare: each kept with probability `keep`, so P(inputs | churn) is unchanged. */
function fewerChurners(rows: readonly Customer[], keep: number, seed: number): Customer[] {
  const rng = new Rng(seed);
  return rows.filter((r) => r.churned === 'stayed' || rng.next() < keep);
}

function writeCsv(path: string, rows: readonly Customer[], withTime = true): string {
  const head = withTime ? 'at,tenure,monthly,plan,tickets,churned' : 'tenure,monthly,plan,tickets,churned';
  const lines = rows.map((r) => `${withTime ? `${new Date(r.at).toISOString()},` : ''}${r.tenure},${r.monthly},${r.plan},${r.tickets},${r.churned}`);
  writeFileSync(path, `${head}\n${lines.join('\n')}\n`);
  return path;
}

export interface ValueRegistry {
  readonly registry: string;
  readonly promise: DecisionPackage['promise'];
  /** 3,000 new customers from the training distribution, with times and labels. */
  readonly healthy: string;
  /** 6,000 customers with 85% of the churners left out (times and labels). */
  readonly shifted: string;
}

/**
 * Trains a logistic regression on 3,000 customers, measures the promise on 3,000 held-out ones as a
 * brief does (value per decision at 0.3 with a bootstrap interval, ROC AUC with its interval, the
 * share flagged) and registers it as 'churn' with that package and a card without alert rules.
 */
export async function valueRegistry(dir: string): Promise<ValueRegistry> {
  const registry = join(dir, '.framewise');
  writeCsv(join(dir, 'train.csv'), customers(1, 3000, '2026-01-01'), false);
  writeCsv(join(dir, 'holdout.csv'), customers(2, 3000, '2026-02-01'), false);
  const { frame } = await loadFrame(join(dir, 'train.csv'));
  const model = await new LogisticRegression().fit(frame, 'churned');
  const holdout = (await loadFrame(join(dir, 'holdout.csv'))).frame;
  const p = model.predict(holdout);
  assert.ok(p.kind === 'classification');
  const pos = p.classes.indexOf('left');
  const target = holdout.column('churned');
  const y = Int32Array.from({ length: holdout.rowCount }, (_, i) => p.classes.indexOf(String(valueAt(target, i))));
  assert.ok(pos >= 0 && y.every((c) => c >= 0), `classes ${p.classes.join(', ')}`);
  const n = y.length;
  const values = new Float64Array(n);
  let flagged = 0;
  for (let i = 0; i < n; i++) {
    const act = p.probabilities[i * 2 + pos]! >= THRESHOLD;
    if (act) flagged++;
    values[i] = y[i] === pos ? (act ? OUTCOMES.truePositive : OUTCOMES.falseNegative) : act ? OUTCOMES.falsePositive : OUTCOMES.trueNegative;
  }
  const value = meanWithInterval(values, Int32Array.from({ length: n }, (_, i) => i), new Rng(5), 500, 5000);
  const truth = { kind: 'classification' as const, y, classes: p.classes, positive: pos };
  const labels = Int32Array.from({ length: n }, (_, i) => (p.probabilities[i * 2 + pos]! >= THRESHOLD ? pos : 1 - pos));
  const preds = { kind: 'classification' as const, probabilities: p.probabilities, labels, calibrated: true };
  const auc = computeMetric('roc_auc', truth, preds).value;
  const rng = new Rng(9);
  const draws: number[] = [];
  for (let b = 0; b < 200; b++) {
    const rows = Int32Array.from({ length: n }, () => rng.int(n));
    const probabilities = Float64Array.from({ length: 2 * n }, (_, j) => p.probabilities[rows[j >> 1]! * 2 + (j & 1)]!);
    draws.push(computeMetric('roc_auc', { ...truth, y: Int32Array.from(rows, (r) => y[r]!) }, { ...preds, probabilities, labels: Int32Array.from(rows, (r) => labels[r]!) }).value);
  }
  draws.sort((a, b) => a - b);
  const promise: DecisionPackage['promise'] = {
    metrics: { roc_auc: { mean: auc, low: draws[5]!, high: draws[194]! } },
    value: { perDecision: { mean: value.perDecision, low: value.low, high: value.high }, currency: 'EUR', decisionsPerMonth: 3000 },
    positiveRate: flagged / n,
    rows: n,
  };
  const decision: DecisionPackage = {
    version: 1,
    data: { sql: null, format: null, delimiter: null, header: true, missing: null, types: {} },
    policy: { kind: 'threshold', threshold: THRESHOLD, positiveClass: 'left', source: 'brief-best-value' },
    promise,
    business: { currency: 'EUR', outcomes: OUTCOMES },
  };
  // The card's own threshold (0.5) is not the package's: monitor must decide at the package's 0.3.
  const card = 'data:\n  file: train.csv\ntarget: churned\ndecision:\n  positiveClass: left\n  threshold: 0.5\n';
  registerFitted({ dir: registry, name: 'churn', model, lineage: { ...buildLineage({ frame, model, framewiseVersion: '0.0.0', card, metrics: promise.metrics }), decision }, trainingFrame: frame, force: false, by: 'test' });
  return {
    registry,
    promise,
    healthy: writeCsv(join(dir, 'healthy.csv'), customers(3, 3000, '2026-03-01')),
    shifted: writeCsv(join(dir, 'few-churners.csv'), fewerChurners(customers(4, 6000, '2026-03-15'), 0.15, 11)),
  };
}
