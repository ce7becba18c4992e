// The leakage check on small and real data: quiet on ordinary measurements whose strong signal
// leaves a region free of some classes (wine's colour intensity on 178 rows), while the leak
// scenarios stay caught, small data included: a copy of the target, a column filled in after the
// outcome, an id that encodes the class, and same-day precipitation in the Seattle weather.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { scanForLeaks } from './leak-scan.js';
import type { LeakSuspect } from './leakage.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-leakage-'));

async function scan(data: string, target: string): Promise<LeakSuspect[]> {
  const problem = await loadProblem({ data, target });
  return scanForLeaks({ frame: problem.frame, target, task: problem.task.task as 'binary' | 'multiclass', features: problem.features });
}

function writeTable(name: string, header: string[], rows: (string | number)[][]): string {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`);
  return path;
}

test('wine (178 rows): no ordinary chemical measurement is called a leak, colour intensity included', async () => {
  const suspects = await scan(fromRoot('examples', 'wine.csv'), 'cultivar');
  // Below 3.52 no wine of cultivars 0 or 2 occurs (55 rows of cultivar 1): what the lowest of 107
  // rows leaves by chance for any strong measurement, not a value recorded with the cultivar.
  assert.deepEqual(
    suspects.map((s) => `${s.feature}: ${s.message}`),
    [],
  );
});

test('Seattle weather: same-day precipitation still rules out dry-weather classes, with the pile at 0 named', async () => {
  const suspects = await scan(fromRoot('examples', 'seattle-weather.csv'), 'weather');
  const precipitation = suspects.find((s) => s.feature === 'precipitation');
  assert.ok(precipitation, suspects.map((s) => s.feature).join(', '));
  assert.equal(precipitation.kind, 'rules-out-classes');
  assert.match(precipitation.message, /the target is never 'drizzle', 'fog', 'sun'/);
  assert.match(precipitation.message, /794 of the 794 rows of those classes have precipitation = 0 exactly/);
  // The temperatures and wind are ordinary measurements.
  assert.deepEqual(suspects.map((s) => s.feature), ['precipitation']);
});

test('small data (160 customers): a refund paid only after leaving is caught; tenure and tickets are not', async () => {
  const rng = new Rng(11);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 160; i++) {
    const tenure = Math.floor(rng.next() * 60);
    const tickets = Math.floor(rng.next() * 6);
    const left = rng.next() < 0.15 + 0.08 * tickets - 0.003 * tenure;
    // Most leavers get a refund of a varying amount; those who stay never do.
    const refund = left && rng.next() < 0.75 ? (5 + 40 * rng.next()).toFixed(2) : '0';
    rows.push([tenure, tickets, refund, left ? 'left' : 'stayed']);
  }
  const suspects = await scan(writeTable('refund', ['tenure_months', 'support_tickets', 'refund_amount', 'churned'], rows), 'churned');
  const refund = suspects.find((s) => s.feature === 'refund_amount');
  assert.ok(refund, 'refund_amount is a suspect');
  assert.equal(refund.kind, 'rules-out-classes');
  assert.match(refund.message, /When refund_amount > [\d.]+, the target is never 'stayed'/);
  assert.match(refund.message, /rows of that class have refund_amount = 0 exactly/);
  assert.deepEqual(suspects.map((s) => s.feature), ['refund_amount']);
});

test('small data (150 rows, three classes): a noisy copy of the target and an id that encodes the class are caught', async () => {
  const rng = new Rng(5);
  const classes = ['bronze', 'gold', 'silver'];
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 150; i++) {
    const c = Math.floor(rng.next() * 3);
    const spend = (100 + 30 * c + 60 * rng.normal()).toFixed(1);
    // The tier's code, typed in with the label, and an account number allotted per tier.
    const tierScore = (c + 0.1 * rng.normal()).toFixed(3);
    const account = 10_000 * (c + 1) + Math.floor(rng.next() * 9000);
    rows.push([spend, tierScore, account, classes[c]!]);
  }
  const suspects = await scan(writeTable('tiers', ['spend', 'tier_score', 'account_number', 'tier'], rows), 'tier');
  assert.equal(suspects.find((s) => s.feature === 'tier_score')?.kind, 'near-perfect');
  assert.equal(suspects.find((s) => s.feature === 'account_number')?.kind, 'near-perfect');
  assert.equal(suspects.find((s) => s.feature === 'spend'), undefined);
});

test('a strong ordinary measurement on 3,000 rows: classes set apart by level, with empty tails, is not a leak', async () => {
  const rng = new Rng(23);
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 3000; i++) {
    const c = Math.floor(rng.next() * 3);
    // Well-separated levels: below the lowest 'medium' or 'high' row lie hundreds of 'low' rows.
    rows.push([(10 * c + 3 * rng.normal()).toFixed(3), rng.normal().toFixed(3), ['low', 'medium', 'high'][c]!]);
  }
  const suspects = await scan(writeTable('levels', ['reading', 'noise', 'level'], rows), 'level');
  assert.deepEqual(suspects.map((s) => `${s.feature} ${s.kind}`), []);
});
