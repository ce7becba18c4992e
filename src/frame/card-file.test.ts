// Problem cards: a valid card reads as written, and a broken one lists every problem at once,
// each with its path in the file.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import { parseCard, readCard } from './card-file.js';
import { initCardText } from './init-card.js';
import { loadProblem } from './problem.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-card-'));

test('a card with rules, feature notes and a decision reads back as written', () => {
  const card = parseCard(
    `name: rain
data:
  file: weather.csv
  sql: SELECT * FROM data
target: weather
time: date
features:
  notes:
    precipitation: { availableAtPrediction: false, note: measured the same day }
rules:
  - name: wet
    sql: "CASE WHEN precipitation > 0 THEN 'rain' ELSE 'sun' END"
decision:
  output: threshold
  threshold: 0.4
  thresholdMode: dynamic
`,
    'card.yaml',
  );
  assert.equal(card.target, 'weather');
  assert.equal(card.features?.notes?.['precipitation']?.availableAtPrediction, false);
  assert.equal(card.rules?.[0]?.name, 'wet');
  assert.equal(card.decision?.threshold, 0.4);
});

test('every problem in a card is reported at once, with its path', () => {
  try {
    parseCard(
      `data:
  flie: x.csv
task: classification
decision:
  threshold: 1.5
rules:
  - name: r
    sql: ""
colour: blue
`,
      'bad.yaml',
    );
    assert.fail('should have failed');
  } catch (error) {
    assert.ok(error instanceof FramewiseError);
    assert.equal(error.code, 'CARD_INVALID');
    for (const expected of ['data.file: required', "data: unknown field 'flie'", 'task: ', 'decision.threshold: ', 'rules.0.sql: ', "unknown field 'colour'"]) {
      assert.ok(error.message.includes(expected), `message mentions ${expected}:\n${error.message}`);
    }
    assert.match(error.message, /bad\.yaml/);
  }
});

test('YAML syntax errors name the line', () => {
  assert.throws(
    () => parseCard('data:\n  file: a.csv\n target: [oops\n', 'broken.yaml'),
    (e: unknown) => e instanceof FramewiseError && e.code === 'CARD_INVALID' && /broken\.yaml' line \d/.test(e.message),
  );
});

test('the data path is read relative to the card; named columns must exist', async () => {
  const path = join(dir, 'framewise.yaml');
  writeFileSync(path, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\ntarget: species\nid: sepcies_id\n`);
  assert.equal(readCard(path).dataFile, fromRoot('examples', 'penguins.csv'));
  await assert.rejects(loadProblem({ card: path }), (e: unknown) => e instanceof FramewiseError && /id = 'sepcies_id'/.test(e.message));
});

test('a team rule with broken SQL is named by its place in the card', async () => {
  const path = join(dir, 'rules.yaml');
  writeFileSync(path, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\ntarget: species\nrules:\n  - name: big\n    sql: "CASE WHEN body_mas_g > 4000 THEN 'Gentoo' ELSE 'Adelie' END"\n`);
  await assert.rejects(loadProblem({ card: path }), (e: unknown) => e instanceof FramewiseError && e.code === 'CARD_INVALID' && /rules\[0\]\.sql \('rule: big'\)/.test(e.message) && /body_mas_g/.test(e.message));
});

test('init writes a card that parses and carries what was inferred', async () => {
  const data = fromRoot('examples', 'seattle-weather.csv');
  const { frame } = await loadFrame(data);
  const cardPath = join(dir, 'init.yaml');
  const text = initCardText({ dataFile: data, cardPath, frame, target: 'weather' });
  writeFileSync(cardPath, text);
  const { card, dataFile } = readCard(cardPath);
  assert.equal(card.target, 'weather');
  assert.equal(dataFile, data);
  assert.match(text, /# Inferred task: multiclass/);
  // One date column: offered, commented out, never chosen for the user.
  assert.match(text, /^# time: date +# the moment each prediction is made; candidates: date$/m);
  assert.equal(card.time, undefined);
  const problem = await loadProblem({ card: cardPath });
  assert.equal(problem.task.task, 'multiclass');
  assert.deepEqual(problem.features, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind']);
});

test('features marked unavailable are left out with the note; team rules become columns', async () => {
  const path = join(dir, 'full.yaml');
  writeFileSync(
    path,
    `data:\n  file: ${fromRoot('examples', 'seattle-weather.csv')}\ntarget: weather\ntime: date\nfeatures:\n  notes:\n    precipitation: { availableAtPrediction: false, note: same day }\nrules:\n  - name: wet\n    sql: "CASE WHEN temp_max < 10 THEN 'rain' ELSE 'sun' END"\n`,
  );
  const problem = await loadProblem({ card: path });
  assert.deepEqual(problem.features, ['temp_max', 'temp_min', 'wind']);
  assert.ok(problem.leftOut.some((l) => l.name === 'precipitation' && /not available at prediction time \(same day\)/.test(l.reason)));
  assert.equal(problem.rules[0]!.column, 'rule: wet');
  assert.ok(problem.frame.has('rule: wet'));
  assert.equal(problem.timeColumn, 'date');
});

test('a team rule that fails on some row deep in the data is reported, and nothing is returned', async () => {
  const data = join(dir, 'amounts.csv');
  writeFileSync(data, `amount,label\n${Array.from({ length: 5000 }, (_, i) => `${i === 4000 ? 'n/a' : i},${i % 2}`).join('\n')}\n`);
  const path = join(dir, 'rule-fails.yaml');
  writeFileSync(path, `data:\n  file: ${data}\n  types: { amount: text }\ntarget: label\nrules:\n  - name: big\n    sql: "CAST(amount AS INTEGER) > 2500"\n`);
  await assert.rejects(loadProblem({ card: path }), (e: unknown) => e instanceof FramewiseError && e.code === 'SQL_INVALID' && /team rule failed on some row/.test(e.message) && /n\/a/.test(e.message));
});
