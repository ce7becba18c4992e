// `framewise predict` as a user runs it: every model kind trained by the CLI predicts through the
// CLI exactly what the library predicts in-process, in the user's labels, as CSV or JSON; data
// that does not fit the model is refused with exit 2 naming the column.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import type { Prediction } from '../learn/estimator.js';
import { readModelFile } from '../learn/model-io.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-predict-'));
const penguins = 'examples/penguins.csv';
const weather = 'examples/seattle-weather.csv';
const TAGS_SQL =
  "SELECT * EXCLUDE (body_mass_g), concat_ws('|', CASE WHEN body_mass_g > 4000 THEN 'heavy' END, " +
  "CASE WHEN bill_length_mm > 45 THEN 'long_bill' END, CASE WHEN sex = 'female' THEN 'female' END) AS tags FROM data";

type Row = Record<string, string | number | boolean | null>;

interface Case {
  readonly name: string;
  readonly data: string;
  readonly train: readonly string[];
  readonly dataFlags?: readonly string[];
  /** Columns predict must add, in order. */
  readonly added: readonly string[];
}

const cases: readonly Case[] = [
  { name: 'gbdt', data: penguins, train: ['--target', 'species', '--param', 'max_iter=30'], added: ['prediction', 'proba_Adelie', 'proba_Chinstrap', 'proba_Gentoo'] },
  { name: 'forest', data: weather, train: ['--target', 'weather', '--model', 'forest', '--param', 'n_estimators=15'], added: ['prediction', 'proba_drizzle', 'proba_fog', 'proba_rain', 'proba_snow', 'proba_sun'] },
  { name: 'logistic', data: penguins, train: ['--target', 'species', '--model', 'linear'], added: ['prediction', 'proba_Adelie', 'proba_Chinstrap', 'proba_Gentoo'] },
  { name: 'ridge', data: weather, train: ['--target', 'temp_max', '--model', 'linear'], added: ['prediction'] },
  { name: 'kmeans', data: penguins, train: ['--model', 'kmeans', '--param', 'n_clusters=3'], added: ['cluster'] },
  { name: 'iforest', data: weather, train: ['--model', 'iforest', '--param', 'n_estimators=50'], added: ['anomaly_score', 'is_anomaly'] },
  { name: 'multilabel', data: penguins, train: ['--target', 'tags', '--model', 'linear'], dataFlags: ['--sql', TAGS_SQL], added: ['prediction', 'proba_female', 'proba_heavy', 'proba_long_bill'] },
];

/** The prediction's own columns at a row, as predict writes them. */
function expectedCells(prediction: Prediction, row: number): (string | number | boolean)[] {
  switch (prediction.kind) {
    case 'classification': {
      const k = prediction.classes.length;
      return [prediction.labels[row]!, ...Array.from(prediction.probabilities.subarray(row * k, row * k + k))];
    }
    case 'multilabel': {
      const k = prediction.labels.length;
      return [prediction.sets[row]!.join('|'), ...Array.from(prediction.probabilities.subarray(row * k, row * k + k))];
    }
    case 'regression':
      return [prediction.values[row]!];
    case 'clustering':
      return [prediction.clusters[row]!];
    case 'anomaly':
      return [prediction.scores[row]!, prediction.isAnomaly[row] === 1];
  }
}

for (const c of cases) {
  test(`${c.name}: train then predict gives the library's own predictions for every row`, async () => {
    const model = join(dir, `${c.name}.json`);
    const out = join(dir, `${c.name}-predictions.json`);
    const flags = c.dataFlags ?? [];
    const trained = runCli('train', c.data, ...c.train, ...flags, '--out', model);
    assertSuccess(trained);
    assert.match(trained.stdout, /^Trained /);
    const predicted = runCli('predict', model, c.data, ...flags, '--out', out);
    assertSuccess(predicted);
    assert.match(predicted.stderr, /^Predicted [\d,]+ rows/);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Row[];
    const { frame } = await loadFrame(fromRoot(c.data), flags.length === 0 ? {} : { sql: flags[1]! });
    const prediction = (await readModelFile(model)).predict(frame);
    assert.equal(rows.length, frame.rowCount);
    assert.deepEqual(Object.keys(rows[0]!), [...frame.names, ...c.added]);
    rows.forEach((row, i) => {
      const cells = c.added.map((name) => row[name]);
      expectedCells(prediction, i).forEach((expected, j) => {
        if (typeof expected === 'number' && !Number.isInteger(expected)) assert.ok(Math.abs((cells[j] as number) - expected) <= 1e-12, `${c.added[j]} row ${i + 1}`);
        else assert.equal(cells[j], expected, `${c.added[j]} row ${i + 1}`);
      });
    });
    // The input columns are the input's values.
    const first = frame.columns[1]!;
    rows.forEach((row, i) => assert.equal(row[first.name], valueAt(first, i)));
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
  });
}

test('classifiers predict in the user labels, with probabilities per label that sum to 1', () => {
  const model = join(dir, 'year.json');
  // The year holds numbers, but as a class target its labels must come back as the years.
  assertSuccess(runCli('train', penguins, '--target', 'year', '--param', 'objective=classification', '--param', 'max_iter=20', '--out', model));
  const result = runCli('predict', model, penguins);
  assertSuccess(result);
  assert.equal(result.stderr, '', 'no summary when the predictions go to stdout');
  const lines = result.stdout.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  assert.deepEqual(header.slice(-4), ['prediction', 'proba_2007', 'proba_2008', 'proba_2009']);
  assert.equal(lines.length, 345);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    assert.ok(['2007', '2008', '2009'].includes(cells.at(-4)!), cells.at(-4));
    const sum = cells.slice(-3).reduce((s, v) => s + Number(v), 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `probabilities sum to ${sum}`);
  }
});

test('CSV output quotes commas, quotes and line breaks, and reads back unchanged', async () => {
  const data = join(dir, 'awkward.csv');
  const names = ['Biscoe, north', 'the "old" dock', 'line\nbreak', ' padded ', 'plain'];
  const rows = Array.from({ length: 40 }, (_, i) => `"${names[i % names.length]!.replaceAll('"', '""')}",${(i * 7) % 13},${i % 3 === 0 ? '' : i / 4}`);
  writeFileSync(data, `place,count,size\n${rows.join('\n')}\n`);
  const model = join(dir, 'awkward.json');
  assertSuccess(runCli('train', data, '--model', 'kmeans', '--param', 'n_clusters=2', '--out', model));
  const out = join(dir, 'awkward-predictions.csv');
  const result = runCli('predict', model, data, '--out', out);
  assertSuccess(result);
  const original = (await loadFrame(data)).frame;
  const written = (await loadFrame(out)).frame;
  assert.deepEqual(written.names, ['place', 'count', 'size', 'cluster']);
  for (const name of original.names) {
    const a = original.column(name);
    const b = written.column(name);
    for (let i = 0; i < original.rowCount; i++) assert.equal(valueAt(b, i), valueAt(a, i), `${name} row ${i + 1}`);
  }
  // Written to stdout, the same file comes out.
  assert.equal(runCli('predict', model, data).stdout, readFileSync(out, 'utf8'));
});

test('data without the model columns is refused with exit 2 naming each missing column', () => {
  const model = join(dir, 'penguin-gbdt.json');
  assertSuccess(runCli('train', penguins, '--target', 'species', '--param', 'max_iter=10', '--out', model));
  const out = join(dir, 'never.csv');
  const result = runCli('predict', model, weather, '--out', out);
  assertUserError(result, /does not match the columns/, /'island' is missing/, /'bill_length_mm' is missing/);
  assert.equal(existsSync(out), false);
  const dropped = runCli('predict', model, penguins, '--sql', 'SELECT * EXCLUDE (flipper_length_mm) FROM data');
  assertUserError(dropped, /'flipper_length_mm' is missing/);
  assert.doesNotMatch(dropped.stderr, /'island' is missing/);
});

test('the summary counts categories the model never saw, and scores against a target in the data', () => {
  const model = join(dir, 'penguin-gbdt-unseen.json');
  assertSuccess(runCli('train', penguins, '--target', 'species', '--param', 'max_iter=20', '--out', model));
  const sql = "SELECT * REPLACE (CASE WHEN island = 'Dream' THEN 'Atlantis' ELSE island END AS island) FROM data";
  const result = runCli('predict', model, penguins, '--sql', sql, '--out', join(dir, 'unseen.csv'));
  assertSuccess(result);
  assert.match(result.stderr, /unseen\s+island: 'Atlantis' \(124 rows\)/);
  assert.match(result.stderr, /vs 'species' in the data: accuracy [\d.]+% \([\d,]+ of 344 rows\)/);
  const plain = runCli('predict', model, penguins, '--out', join(dir, 'seen.csv'));
  assertSuccess(plain);
  assert.doesNotMatch(plain.stderr, /unseen/);
});

test('a model column holding values of another type is refused naming column, row and value', () => {
  const model = join(dir, 'penguin-gbdt-types.json');
  assertSuccess(runCli('train', penguins, '--target', 'species', '--param', 'max_iter=10', '--out', model));
  const text = readFileSync(fromRoot(penguins), 'utf8').split('\n');
  text[3] = text[3]!.replace(',3250,', ',heavy,');
  const data = join(dir, 'heavy.csv');
  writeFileSync(data, text.join('\n'));
  assertUserError(runCli('predict', model, data), /body_mass_g/, /row 3/, /"heavy"/);
});

test('predict refuses an existing --out without --force, an unknown extension, and a missing model', () => {
  const model = join(dir, 'km.json');
  assertSuccess(runCli('train', weather, '--model', 'kmeans', '--param', 'n_clusters=4', '--out', model));
  const out = join(dir, 'taken.csv');
  writeFileSync(out, 'keep me\n');
  assertUserError(runCli('predict', model, weather, '--out', out), /already exists/, /--force/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me\n');
  assertSuccess(runCli('predict', model, weather, '--out', out, '--force'));
  assert.match(readFileSync(out, 'utf8'), /^date,precipitation,temp_max,temp_min,wind,weather,cluster\n2012-01-01,/);
  assertUserError(runCli('predict', model, weather, '--out', join(dir, 'p.xlsx')), /\.xlsx/, /\.csv or \.json/);
  assertUserError(runCli('predict', join(dir, 'nothing.json'), weather), /no model file at/);
  const notModel = join(dir, 'not-a-model.json');
  writeFileSync(notModel, '{"hello": 1}\n');
  assertUserError(runCli('predict', notModel, weather), /not-a-model\.json/, /format/);
});
