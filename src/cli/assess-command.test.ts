// init and assess as a user runs them: a card written, edited and assessed, assessment.json
// on disk, and clear exit-2 errors for the usual mistakes.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-assess-cli-'));

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('init writes a card; assess reads it, prints the verdict and writes assessment.json', () => {
  const card = join(dir, 'penguins.yaml');
  const init = run('init', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--out', card);
  assert.equal(init.code, 0, init.stderr);
  assert.ok(existsSync(card));
  const again = run('init', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--out', card);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists.*\n.*--force/);
  // The team's own rule goes into the card and is scored beside the models.
  writeFileSync(card, `${readFileSync(card, 'utf8')}\nrules:\n  - name: long flippers\n    sql: "CASE WHEN flipper_length_mm > 206 THEN 'Gentoo' ELSE 'Adelie' END"\n`);
  const out = join(dir, 'out');
  const result = run('assess', card, '--budget', '15', '--out', out);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^VERDICT: (use-ml|rule-suffices|no-signal|fix-data-first)\./m);
  assert.match(result.stdout, /team rule 'long flippers'/);
  const assessment = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { kind: string; framing: { task: string }; baselines: { id: string }[]; leaderboard: unknown[] };
  assert.equal(assessment.kind, 'framewise.assessment');
  assert.equal(assessment.framing.task, 'multiclass');
  assert.ok(assessment.baselines.some((b) => b.id === 'team:long flippers'));
  assert.ok(assessment.leaderboard.length >= 2);
});

test('assess with a data file needs --target; a card refuses --target', () => {
  const noTarget = run('assess', fromRoot('examples', 'penguins.csv'));
  assert.equal(noTarget.code, 2);
  assert.match(noTarget.stderr, /--target is needed/);
  const card = join(dir, 'c.yaml');
  writeFileSync(card, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\ntarget: species\n`);
  const both = run('assess', card, '--target', 'island');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /problem card/);
  const badBudget = run('assess', card, '--budget', 'soon');
  assert.equal(badBudget.code, 2);
  assert.match(badBudget.stderr, /--budget/);
});

test("without --budget, the card's assess.budgetSeconds is the budget; --budget overrides it", () => {
  const card = join(dir, 'budget.yaml');
  writeFileSync(card, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\ntarget: species\nassess:\n  budgetSeconds: 7\n`);
  const budgetOf = (out: string): number => (JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { evaluation: { budgetSeconds: number } }).evaluation.budgetSeconds;
  const fromCard = run('assess', card, '--out', join(dir, 'budget-card'));
  assert.equal(fromCard.code, 0, fromCard.stderr);
  assert.equal(budgetOf(join(dir, 'budget-card')), 7);
  const fromFlag = run('assess', card, '--budget', '5', '--out', join(dir, 'budget-flag'));
  assert.equal(fromFlag.code, 0, fromFlag.stderr);
  assert.equal(budgetOf(join(dir, 'budget-flag')), 5);
});

test('a broken card lists every problem with its path, exit 2, no stack trace', () => {
  const card = join(dir, 'broken.yaml');
  writeFileSync(card, `data:\n  file: x.csv\ndecision:\n  threshold: 2\nrules:\n  - sql: "a > 1"\n`);
  const result = run('assess', card);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /decision\.threshold/);
  assert.match(result.stderr, /rules\.0\.name: required/);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
});
