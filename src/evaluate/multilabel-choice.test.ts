// The model put forward over all labels of a multi-label problem: the one the verdict names, by
// the rule one target uses, on real weather with labels no single feature defines.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { loadProblem } from '../frame/problem.js';
import { assess } from './assess.js';

test('multi-label weather: the verdict and the lift name the model put forward, never a more complex one within its interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-multilabel-choice-'));
  const card = join(dir, 'tags.yaml');
  writeFileSync(
    card,
    `data:\n  file: ${fromRoot('examples', 'seattle-weather.csv')}\n  sql: "SELECT temp_max, temp_min, wind, CASE WHEN weather IN ('rain','drizzle') THEN 'wet' ELSE 'dry' END || CASE WHEN weather = 'sun' THEN '|sunny' ELSE '' END AS tags FROM data"\ntarget: tags\n`,
  );
  const { assessment: a } = await assess(await loadProblem({ card }), { budgetSeconds: 30 });
  assert.equal(a.framing.task, 'multilabel');
  const choice = a.choice!;
  assert.ok(choice, 'a multi-label assessment has its own choice, not the first label\'s');
  assert.equal(choice.measure, 'roc_auc_macro');
  assert.equal(a.lift.bestModel, choice.model);
  if (a.verdict.verdict !== 'fix-data-first') assert.equal(a.verdict.names, choice.model);
  assert.match(a.verdict.reason, new RegExp(`the model put forward is ${choice.name.replace(/[()]/g, '\\$&')}\\.`));
  for (const adv of choice.advantages.filter((x) => x.over === choice.model)) assert.ok(!adv.beyond, JSON.stringify(adv));
  assert.match(choice.reason, /ROC AUC \(mean over labels\)/);
  // Every family's score is the mean over labels of its ROC AUC, as the leaderboard shows it.
  for (const s of choice.scores) assert.ok(Math.abs(s.score - a.leaderboard.find((e) => e.id === s.model)!.metrics['roc_auc_macro']!.mean) < 1e-9);
});
