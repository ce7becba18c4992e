// No money claim without ground for one, on a generated churn table whose 'status_code' is the
// label but for 3% of rows: under fix-data-first the brief's "Is it worth it?" and the terminal's
// money line say it cannot be judged until the leak is fixed, and an inconclusive brief with no model claims nothing.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { loadProblem } from '../frame/problem.js';
import { moneyLine } from '../cli/brief-command.js';
import type { Brief } from './brief-data.js';
import { buildBriefDocument } from './brief-builder.js';
import { makeBrief } from './make-brief.js';
import { moneyWithheld } from './money-withheld.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-money-withheld-'));

function texts(brief: Brief): string[] {
  return buildBriefDocument(brief).blocks.flatMap((b) => ('text' in b && typeof b.text === 'string' ? [b.text] : []));
}

function worthAnswer(brief: Brief): string {
  const blocks = buildBriefDocument(brief).blocks;
  const at = blocks.findIndex((b) => b.kind === 'heading' && b.id === 'roi');
  const answer = blocks.slice(at + 1).find((b) => b.kind === 'answer') as { text: string };
  return answer.text;
}

test('a leaked status code: fix-data-first, and neither the brief nor the terminal claims money', async () => {
  const rng = new Rng(4);
  const lines = ['tenure,monthly_fee,tickets,status_code,churned'];
  for (let i = 0; i < 700; i++) {
    const tenure = Math.round(60 * rng.next());
    const fee = 20 + 80 * rng.next();
    const tickets = Math.floor(4 * rng.next());
    const churned = rng.next() < 1 / (1 + Math.exp(-(1.5 - 0.12 * tenure + 0.03 * fee + 0.8 * tickets)));
    const status = (rng.next() < 0.03 ? !churned : churned) ? 'C7' : 'A1';
    lines.push([tenure, fee.toFixed(2), tickets, status, churned ? 'yes' : 'no'].join(','));
  }
  writeFileSync(join(dir, 'churn.csv'), `${lines.join('\n')}\n`);
  const card = join(dir, 'churn.yaml');
  writeFileSync(card, `name: churn\ndata:\n  file: ${join(dir, 'churn.csv')}\ntarget: churned\nbusiness:\n  currency: USD\n  decisionsPerMonth: 5000\n  outcomes:\n    truePositive: 40\n    falsePositive: -5\n`);
  const { brief } = await makeBrief(await loadProblem({ card }), { budgetSeconds: 15, modelPath: join(dir, 'model.json') });
  assert.equal(brief.assessment.verdict.verdict, 'fix-data-first', brief.assessment.verdict.headline);
  // The money the leak would promise is there in brief.json, and would have been claimed.
  assert.ok((brief.business?.roi.netGainPerMonth ?? 0) > 0, JSON.stringify(brief.business?.roi));
  const answer = worthAnswer(brief);
  assert.match(answer, /cannot be judged until the data is fixed/);
  assert.match(answer, /status_code/);
  const all = texts(brief).join('\n');
  assert.doesNotMatch(all, /Yes, if the figures hold|In money/);
  assert.equal(moneyLine(brief), answer);
  assert.doesNotMatch(moneyLine(brief), /USD/);

  // The same brief had no model been scored: inconclusive, nothing to value, no money claimed.
  const v = brief.assessment.verdict;
  const empty: Brief = { ...brief, choice: null, assessment: { ...brief.assessment, verdict: { ...v, verdict: 'inconclusive', basis: 'metric', headline: 'Inconclusive: no model was scored within the time budget.', settle: { missing: 'no-model', message: 'no model fitted', rowsSuggested: null, budgetSuggestedSeconds: 90 } } } };
  assert.match(moneyWithheld(empty) ?? '', /cannot be judged yet: no model was scored/);
  assert.match(worthAnswer(empty), /no model was scored/);
  assert.doesNotMatch(texts(empty).join('\n'), /Yes, if the figures hold|In money/);
  assert.equal(moneyLine(empty), moneyWithheld(empty));
});
