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

/** Asserts a plain CARD_INVALID naming the card, and returns its message for further checks. */
function cardRefusal(run: () => unknown, source: RegExp): string {
  let message = '';
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof FramewiseError, `a FramewiseError, not ${String(e)}`);
    assert.equal(e.code, 'CARD_INVALID');
    assert.match(e.message, source);
    assert.doesNotMatch(e.message, /Maximum call stack|\n\s+at /);
    message = e.message;
    return true;
  });
  return message;
}

test('a YAML alias bomb (billion laughs) is refused by name, before it expands', () => {
  const levels = ['  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) levels.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  const message = cardRefusal(() => parseCard(`data:\n  file: x.csv\ngoal:\n${levels.join('\n')}\n`, 'laughs.yaml'), /laughs\.yaml/);
  assert.match(message, /aliases \(\*name\) that expand beyond/);
  // Reusing an anchor a few times, as a card might, still reads.
  const card = parseCard('data:\n  file: x.csv\nmonitoring:\n  drift:\n    temp: &strict { test: ks, threshold: 0.01 }\n    wind: *strict\n    rain: *strict\n', 'anchors.yaml');
  assert.deepEqual(card.monitoring?.drift?.['rain'], { test: 'ks', threshold: 0.01 });
});

test('a card nested 5,000 deep is refused with its line, whether in brackets, indentation or compact lists', () => {
  const flow = cardRefusal(() => parseCard(`data:\n  file: x.csv\ngoal: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.yaml'), /deep\.yaml' line 3 is nested too deep/);
  assert.match(flow, /nests at most 32/);
  const compact = cardRefusal(() => parseCard(`data:\n  file: x.csv\ngoal:\n  ${'- '.repeat(5000)}x\n`, 'compact.yaml'), /compact\.yaml' line 4 is nested too deep/);
  assert.match(compact, /at most 200 columns/);
  const block = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i + 2)}k:`).join('\n');
  cardRefusal(() => parseCard(`data:\n  file: x.csv\nbusiness:\n  costMatrix:\n${block}\n`, 'block.yaml'), /block\.yaml' line \d+ is nested too deep/);
  // Brackets inside quotes, comments and block text are not nesting.
  const card = parseCard(`data:\n  file: x.csv\ngoal: "${'['.repeat(100)}" # ${'{'.repeat(100)}\ntargetNote: |\n  ${'['.repeat(100)}\n`, 'quoted.yaml');
  assert.equal(card.goal, '['.repeat(100));
});

test('a card of absurd size is refused by its size before it is read', () => {
  const path = join(dir, 'huge.yaml');
  writeFileSync(path, `data:\n  file: x.csv\ngoal: "${'x'.repeat(3 * 1024 * 1024)}"\n`);
  const message = cardRefusal(() => readCard(path), /huge\.yaml' is 3\.0 MB; a card is at most 1 MB/);
  // A device that never ends is not read at all.
  assert.throws(() => readCard('/dev/zero'), (e: unknown) => e instanceof FramewiseError && e.code === 'FILE_NOT_FOUND');
  assert.doesNotMatch(message, /xxxx/);
  // Thousands of unknown fields are summed up, not printed one per line.
  const fields = Array.from({ length: 5000 }, (_, i) => `field${i}: 1`).join('\n');
  const listed = cardRefusal(() => parseCard(`data:\n  file: x.csv\n${fields}\n`, 'fields.yaml'), /fields\.yaml/);
  assert.ok(listed.split('\n').length < 30, `${listed.split('\n').length} lines`);
  assert.match(listed, /unknown fields 'field0', .*'field9' and 4990 more/);
  // Many aliases are refused by count: the parser would search the whole card for each one.
  const aliases = `data:\n  file: x.csv\nx: &a [1]\n${Array.from({ length: 5000 }, (_, i) => `k${i}: *a`).join('\n')}\n`;
  cardRefusal(() => parseCard(aliases, 'aliases.yaml'), /aliases\.yaml' line 104 uses more than 100 YAML aliases/);
  // A field written twice is still named with its line.
  cardRefusal(() => parseCard('data:\n  file: x.csv\ngoal: a\ntarget: b\ngoal: c\n', 'twice.yaml'), /twice\.yaml' line 5 is not valid YAML: the field 'goal' appears twice/);
  cardRefusal(() => parseCard('data:\n  file: x.csv\n  file: y.csv\n', 'twice.yaml'), /line 3 .*'file' appears twice/);
});

test('a field of the wrong type says what to write there: target, positiveClass, data, lists of columns', () => {
  for (const [text, expected] of [
    ['target: { churned: yes }', /target: expected one column name \(target: churned\), a list of 0\/1 label columns .*; got a set of fields/],
    ['target: [[a, b]]', /target: expected one column name .*; got a list \[\["a","b"\]\]/],
    ['target: churned\ndecision:\n  positiveClass: 1', /decision\.positiveClass: .*got the number 1; write it in quotes \('1'\)/],
    ['id: [customer_id, account]', /id: expected one column name, e\.g\. id: customer_id; got a list/],
    ['features:\n  exclude: customer_id', /features\.exclude: expected a list of column names, e\.g\. exclude: \[customer_id\]; got the text "customer_id"/],
  ] as const) {
    const message = cardRefusal(() => parseCard(`data:\n  file: x.csv\n${text}\n`, 'typed.yaml'), /typed\.yaml/);
    assert.match(message, expected);
    assert.doesNotMatch(message, /positiveClass/.test(text) ? /^$/ : /positiveClass/, 'no field the card does not have');
  }
  cardRefusal(() => parseCard('data: churn.csv\n', 'short.yaml'), /data: expected the data file on an indented line below it/);
});

test('a list of target columns with a task that predicts one column is refused at the target field', async () => {
  const path = join(dir, 'binary-list.yaml');
  writeFileSync(path, `data:\n  file: ${fromRoot('examples', 'penguins.csv')}\ntask: binary\ntarget: [species, island]\n`);
  await assert.rejects(loadProblem({ card: path }), (e: unknown) => {
    assert.ok(e instanceof FramewiseError);
    assert.equal(e.code, 'CARD_INVALID');
    assert.equal(e.location?.field, 'target');
    assert.match(e.message, /target lists 2 columns \('species', 'island'\), but task binary predicts one column/);
    assert.match(e.hint ?? '', /`target: species`/);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /positiveClass/);
    return true;
  });
});
