// What training refuses, as a user meets it on the real CLI: no column left to learn from, a
// target that never changes, a label on every row or none, a list where one target column is
// meant, and hostile cards (an alias bomb, 5,000-deep nesting). Each is exit 2 naming what is
// wrong, with no stack trace, and leaves no model, assessment, brief or registry behind.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-refusals-'));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A deterministic pseudo-random stream, so the tables are the same on every run. */
function stream(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const random = stream(17);
// 60 customers: an id, one region, an empty note and whether they left: nothing to learn from.
const idsOnly = write('ids-only.csv', `customer_id,region,note,churned\n${Array.from({ length: 60 }, (_, i) => `C${String(i).padStart(4, '0')},north,,${random() < 0.4 ? 'yes' : 'no'}`).join('\n')}\n`);
// 60 rows with usable features, a target that is always 'yes' and an amount that is always 5.
const constant = write('constant.csv', `tenure,spend,plan,churned,amount\n${Array.from({ length: 60 }, (_, i) => `${(random() * 50).toFixed(1)},${(random() * 900).toFixed(2)},${['a', 'b', 'c'][i % 3]},yes,5`).join('\n')}\n`);
// 80 rows where 76 amounts are 5.25 and four vary: trained, with a warning.
const nearly = write('nearly.csv', `x1,x2,amount\n${Array.from({ length: 80 }, (_, i) => `${random().toFixed(3)},${random().toFixed(3)},${i % 20 === 0 ? (5.5 + random()).toFixed(3) : '5.25'}`).join('\n')}\n`);
// Two 0/1 labels, the second never set.
const labels = write('labels.csv', `x1,x2,news,sport\n${Array.from({ length: 60 }, () => `${random().toFixed(3)},${random().toFixed(3)},${random() < 0.5 ? 1 : 0},0`).join('\n')}\n`);

const refusal = /^error: .*\n(?: {2}- .*\n)*hint: /m;

test('no usable feature: train, assess and brief --register stop naming each column and why, and write nothing', () => {
  const model = join(dir, 'ids-only.json');
  const train = runCli('train', idsOnly, '--target', 'churned', '--out', model);
  assertUserError(train, refusal, /No column is left to learn from in '.*ids-only\.csv'/, /customer_id: identifier:/, /region: constant: every row holds the same value 'north'/, /note: constant: every value is missing/, /churned: the target/, /--type customer_id=categorical/);
  assert.equal(existsSync(model), false, 'no model file');

  const assessed = join(dir, 'ids-only-assessment');
  assertUserError(runCli('assess', idsOnly, '--target', 'churned', '--out', assessed, '--budget', '2'), /No column is left to learn from/, /customer_id: identifier:/);
  assert.equal(existsSync(assessed), false, 'no assessment');

  const briefed = join(dir, 'ids-only-brief');
  const registry = join(dir, 'ids-only-registry');
  const brief = runCli('brief', idsOnly, '--target', 'churned', '--out', briefed, '--budget', '2', '--register', 'churn', '--registry', registry);
  assertUserError(brief, /No column is left to learn from/, /region: constant/);
  assert.doesNotMatch(brief.stderr, /Row index/);
  assert.equal(existsSync(briefed), false, 'no brief');
  assert.equal(existsSync(join(registry, 'registry.db')), false, 'nothing registered');
});

test('a card that leaves every column out is refused for train and assess, naming the card fields to edit', () => {
  const weather = write('weather.csv', `temp,wind,rain\n${Array.from({ length: 40 }, (_, i) => `${10 + (i % 7)},${(i * 13) % 9},${i % 2 === 0 ? 'yes' : 'no'}`).join('\n')}\n`);
  const card = write('excluded.yaml', `data:\n  file: ${weather}\ntarget: rain\nfeatures:\n  exclude: [temp]\n  notes:\n    wind: { availableAtPrediction: false, note: measured after the day }\n`);
  const model = join(dir, 'excluded.json');
  assertUserError(runCli('train', card, '--out', model), /excluded\.yaml/, /temp: excluded in the card/, /wind: not available at prediction time \(measured after the day\)/, /features\.exclude/);
  assert.equal(existsSync(model), false);
  const out = join(dir, 'excluded-assessment');
  assertUserError(runCli('assess', card, '--out', out, '--budget', '2'), /temp: excluded in the card/);
  assert.equal(existsSync(out), false);
});

test('a constant target is refused for classes and numbers alike, naming the column and its value', () => {
  const model = join(dir, 'constant.json');
  assertUserError(runCli('train', constant, '--target', 'churned', '--out', model), /Target 'churned' .*has one class only: every labelled row \(60\) is 'yes'/);
  assertUserError(runCli('train', constant, '--target', 'amount', '--out', model), /Target 'amount' .*is 5 on every labelled row \(60\)/);
  assertUserError(runCli('train', constant, '--target', 'amount', '--model', 'linear', '--out', model), /is 5 on every labelled row/);
  assert.equal(existsSync(model), false, 'no model file');
  const out = join(dir, 'constant-assessment');
  assertUserError(runCli('assess', constant, '--target', 'churned', '--out', out, '--budget', '2'), /has one class only/);
  assertUserError(runCli('brief', constant, '--target', 'amount', '--out', out, '--budget', '2'), /is 5 on every labelled row/);
  assert.equal(existsSync(out), false);
});

test('a nearly constant number trains with a warning that gives the share, and the assessment lists it', () => {
  const model = join(dir, 'nearly.json');
  const train = runCli('train', nearly, '--target', 'amount', '--param', 'max_iter=20', '--out', model);
  assertSuccess(train);
  assert.match(train.stderr, /^warning: Target 'amount' is nearly constant: 5\.25 on 76 of 80 labelled rows \(95\.0%\)/m);
  assert.ok(existsSync(model));
  const out = join(dir, 'nearly-assessment');
  assertSuccess(runCli('assess', nearly, '--target', 'amount', '--out', out, '--budget', '2'));
  const assessment = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { readiness: { id: string; status: string; message: string; evidence: { target?: string } }[] };
  const check = assessment.readiness.find((c) => c.id === 'target-spread');
  assert.equal(check?.status, 'warn');
  assert.match(check?.message ?? '', /5\.25 on 76 of 80/);
  assert.equal(check?.evidence.target, 'amount');
});

test('a label never set is refused by name in train and assess, not as a decision.positiveClass the card lacks', () => {
  const model = join(dir, 'labels.json');
  const train = runCli('train', labels, '--target', 'news,sport', '--out', model);
  assertUserError(train, /'sport' is absent from every row \(0 of 60\)/, /Leave 'sport' out of the target/);
  assert.equal(existsSync(model), false);
  const card = write('labels.yaml', `data:\n  file: ${labels}\ntarget: [news, sport]\n`);
  const assess = runCli('assess', card, '--budget', '2', '--out', join(dir, 'labels-assessment'));
  assertUserError(assess, /'sport' is absent from every row/);
  assert.doesNotMatch(assess.stderr, /positiveClass/);
});

test('target: [a, b] where one column is meant is an error about the target field, saying what to write', () => {
  const card = write('list-target.yaml', `data:\n  file: ${constant}\ntask: binary\ntarget: [churned, plan]\n`);
  const result = runCli('assess', card, '--budget', '2');
  assertUserError(result, /target lists 2 columns \('churned', 'plan'\), but task binary predicts one column/, /`target: churned`/);
  assert.doesNotMatch(result.stderr, /positiveClass/);
  const typed = write('typed-target.yaml', `data:\n  file: ${constant}\ntarget: { column: churned }\n`);
  assertUserError(runCli('train', typed, '--out', join(dir, 'typed.json')), /target: expected one column name/);
});

test('an alias bomb and a 5,000-deep card are plain card errors naming the file', () => {
  const levels = ['  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) levels.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  const bomb = write('laughs.yaml', `data:\n  file: ${constant}\ntarget: churned\ngoal:\n${levels.join('\n')}\n`);
  const model = join(dir, 'hostile.json');
  assertUserError(runCli('train', bomb, '--out', model), /laughs\.yaml' uses YAML aliases/);
  const deep = write('deep.yaml', `data:\n  file: ${constant}\ntarget: churned\ngoal: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  assertUserError(runCli('assess', deep, '--budget', '2'), /deep\.yaml' line 4 is nested too deep/);
  const lists = write('lists.yaml', `data:\n  file: ${constant}\ntarget: churned\ngoal:\n  ${'- '.repeat(5000)}x\n`);
  assertUserError(runCli('brief', lists, '--budget', '2', '--out', join(dir, 'lists-brief')), /lists\.yaml' line 5 is nested too deep/);
  assert.equal(existsSync(join(dir, 'lists-brief')), false);
  assert.equal(existsSync(model), false);
});

test('known anomalies that mark no row are not a refusal: anomaly detection is assessed and the check says why it cannot be scored', () => {
  const readings = write('readings.csv', `pressure,flow,known\n${Array.from({ length: 120 }, () => `${(random() * 4 + 10).toFixed(3)},${(random() * 2).toFixed(3)},0`).join('\n')}\n`);
  const card = write('readings.yaml', `data:\n  file: ${readings}\ntask: anomaly\nreferenceColumn: known\n`);
  const out = join(dir, 'readings-assessment');
  assertSuccess(runCli('assess', card, '--budget', '2', '--out', out));
  const assessment = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { readiness: { id: string; status: string; message: string }[] };
  const check = assessment.readiness.find((c) => c.id === 'labelled-anomalies');
  assert.equal(check?.status, 'fail');
  assert.match(check?.message ?? '', /marks 0 of 120 rows as known anomalies/);
});
