// An inconclusive verdict as a user meets it: `assess` prints it and what would settle it and
// exits 0 like every verdict; the brief opens with both; `brief --register` refuses when no model
// was scored (naming the --budget that would fit one) and registers, kept for comparison, when a
// model's lift is only undecided.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../core/rng.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-inconclusive-cli-'));
const registry = join(dir, '.framewise');

/** 150 rows: yes more likely with x1 and with x1·x2, real but too few rows to measure the model's edge over a rule on x1. */
function writeTable(path: string): void {
  const rng = new Rng(1);
  const lines = ['x1,x2,x3,x4,x5,label'];
  for (let i = 0; i < 150; i++) {
    const x = Array.from({ length: 5 }, () => rng.normal());
    const yes = rng.next() < 1 / (1 + Math.exp(-(0.8 * x[0]! + x[0]! * x[1]!)));
    lines.push([...x.map((v) => v.toFixed(5)), yes ? 'yes' : 'no'].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const data = join(dir, 'small.csv');
writeTable(data);

test('a budget no model can start in: assess exits 0 with the verdict and the budget that would settle it; brief --register refuses and names it', () => {
  const assessed = runCli('assess', data, '--target', 'label', '--budget', '1', '--out', join(dir, 'a1'));
  assertSuccess(assessed);
  assert.match(assessed.stdout, /^VERDICT: inconclusive\. Inconclusive: no model could be scored within the time budget of 1 s/m);
  const line = /^What would settle it: a time budget that fits a model: about (\d+) s \(--budget (\d+)\)\.$/m.exec(assessed.stdout);
  assert.ok(line, assessed.stdout);
  assert.equal(line[1], line[2]);
  const json = JSON.parse(readFileSync(join(dir, 'a1', 'assessment.json'), 'utf8')) as { verdict: { verdict: string; settle: { missing: string; budgetSuggestedSeconds: number } } };
  assert.equal(json.verdict.settle.missing, 'no-model');
  assert.equal(json.verdict.settle.budgetSuggestedSeconds, Number(line[1]));

  const out = join(dir, 'b1');
  const briefed = runCli('brief', data, '--target', 'label', '--budget', '1', '--out', out, '--register', 'small', '--registry', registry);
  assertUserError(briefed, /no model to register as 'small': no model family was scored within the time budget/, /--budget \d+ would fit at least one model family/);
  // The brief was still written, opening with the verdict and what would settle it.
  const md = readFileSync(join(out, 'brief.md'), 'utf8');
  const top = md.slice(0, md.indexOf('## '));
  assert.match(top, /Verdict: inconclusive\. Inconclusive: no model could be scored/);
  assert.match(top, /What would settle it: a time budget that fits a model/);
  assert.match(readFileSync(join(out, 'brief.html'), 'utf8'), /What would settle it: a time budget that fits a model/);
  assert.equal(existsSync(join(out, 'model.json')), false);
});

test('a real effect on 150 rows: brief --register keeps the model for comparison and says the evidence cannot decide', () => {
  const out = join(dir, 'b2');
  const briefed = runCli('brief', data, '--target', 'label', '--budget', '30', '--out', out, '--register', 'small', '--registry', registry);
  assertSuccess(briefed);
  assert.match(briefed.stdout, /^small: inconclusive\. Inconclusive: the evidence cannot decide whether .* by a margin that matters; about [\d,]+ labelled rows .*would settle it\.$/m);
  assert.match(briefed.stdout, /^Registered small@1 /m);
  assert.match(briefed.stdout, /The brief's verdict is inconclusive: the evidence cannot decide whether small@1 is worth more than the non-ML bar.*What would settle it: about [\d,]+ labelled rows \(now 150\)\./);
  const md = readFileSync(join(out, 'brief.md'), 'utf8');
  assert.match(md.slice(0, md.indexOf('## ')), /What would settle it: about [\d,]+ labelled rows \(now 150\)\./);
});
