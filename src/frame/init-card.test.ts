// init's card template follows the task it infers: each card parses and loads as written, and with
// its decision and business blocks uncommented it still parses, with the task's own fields.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { loadFrame, type LoadOptions } from '../data/load.js';
import type { Card } from './card.js';
import { parseCard, readCard } from './card-file.js';
import { initCardText } from './init-card.js';
import { loadProblem } from './problem.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-init-card-'));

/** Writes init's card for a file and target, checks it reads and loads, and returns its text and problem. */
async function initCard(name: string, dataFile: string, target: string | null, load: LoadOptions = {}) {
  const loaded = await loadFrame(dataFile, load);
  const cardPath = join(dir, `${name}.yaml`);
  const text = initCardText({ dataFile, cardPath, frame: loaded.frame, target, ...(load.sql === undefined ? {} : { data: { sql: load.sql } }) });
  writeFileSync(cardPath, text);
  readCard(cardPath);
  const problem = await loadProblem({ card: cardPath });
  return { text, problem, cardPath };
}

/** The card with its commented `decision:` and `business:` blocks switched on, as a user would. */
function uncommented(text: string): Card {
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line === '# decision:' || line === '# business:') inBlock = true;
    else if (!line.startsWith('#   ')) inBlock = false;
    out.push(inBlock ? line.slice(2) : line);
  }
  return parseCard(out.join('\n'), 'edited.yaml');
}

test('multiclass (penguins): a cost matrix skeleton over the species, 0 on the diagonal', async () => {
  const { text, problem } = await initCard('penguins', fromRoot('examples', 'penguins.csv'), 'species');
  assert.equal(problem.task.task, 'multiclass');
  assert.doesNotMatch(text, /truePositive|threshold: 0\.5/);
  const card = uncommented(text);
  assert.equal(card.decision?.output, 'class');
  assert.deepEqual(Object.keys(card.business?.costMatrix ?? {}), ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.deepEqual(card.business?.costMatrix?.['Gentoo'], { Adelie: -10, Chinstrap: -10, Gentoo: 0 });
});

test('regression (a numeric target from the Seattle weather): a boundary and a cost per unit of error, not the binary template', async () => {
  const { text, problem } = await initCard('temp', fromRoot('examples', 'seattle-weather.csv'), 'temp_max');
  assert.equal(problem.task.task, 'regression');
  assert.doesNotMatch(text, /truePositive|positiveClass|threshold:/);
  const card = uncommented(text);
  assert.equal(card.decision?.output, 'number');
  // The boundary shown is the median daily maximum, a real value of the column.
  assert.ok(card.decision?.boundary !== undefined && card.decision.boundary > 10 && card.decision.boundary < 25, String(card.decision?.boundary));
  assert.equal(card.business?.costPerUnitError, 1);
  assert.match(text, /# +# overPredictionCostPerUnit: 1\n# +# underPredictionCostPerUnit: 2/);
  // A regression rule outputs a number.
  assert.match(text, /#     output: number/);
});

test('binary (rain or not): outcomes, threshold and its mode, with the rarer class offered as the positive one', async () => {
  const sql = "SELECT date, precipitation, temp_max, temp_min, wind, CASE WHEN weather = 'rain' THEN 'rain' ELSE 'dry' END AS rain FROM data";
  const { text, problem } = await initCard('rain', fromRoot('examples', 'seattle-weather.csv'), 'rain', { sql });
  assert.equal(problem.task.task, 'binary');
  assert.equal(problem.card.data.sql, sql);
  const card = uncommented(text);
  assert.equal(card.decision?.threshold, 0.5);
  assert.equal(card.decision?.thresholdMode, 'dynamic');
  // 641 rainy days of 1,461: the rarer class is the one the decision acts on.
  assert.equal(card.decision?.positiveClass, 'rain');
  assert.deepEqual(card.business?.outcomes, { truePositive: 100, falsePositive: -20, trueNegative: 0, falseNegative: -100 });
  assert.match(text, /CASE WHEN precipitation > 0 THEN 'rain' ELSE 'dry' END/);
});

test('binary with a rare class (snow): the rare class is offered as the positive one', async () => {
  const sql = "SELECT precipitation, temp_max, wind, CASE WHEN weather = 'snow' THEN 'snow' ELSE 'other' END AS kind FROM data";
  const { text } = await initCard('snow', fromRoot('examples', 'seattle-weather.csv'), 'kind', { sql });
  assert.equal(uncommented(text).decision?.positiveClass, 'snow');
});

test('multilabel (tags separated by |): a label threshold, no binary outcomes', async () => {
  const rows = ['length,weight,colour,tags'];
  const tags = ['fragile|heavy', 'heavy', 'fragile', 'fragile|cold', 'cold|heavy', 'cold'];
  for (let i = 0; i < 120; i++) rows.push(`${(i * 7) % 50 + 1.5},${(i * 13) % 40 + 0.25},${['red', 'blue', 'green'][i % 3]},${tags[i % tags.length]}`);
  const data = join(dir, 'parcels.csv');
  writeFileSync(data, `${rows.join('\n')}\n`);
  const { text, problem } = await initCard('parcels', data, 'tags');
  assert.equal(problem.task.task, 'multilabel');
  assert.match(text, /# labelDelimiter: "\|"/);
  assert.doesNotMatch(text, /truePositive|costMatrix|# rules:/);
  assert.equal(uncommented(text).decision?.threshold, 0.5);
});

test('no target (penguins): clustering, with anomaly detection and a reference column offered', async () => {
  const { text, problem, cardPath } = await initCard('groups', fromRoot('examples', 'penguins.csv'), null);
  assert.equal(problem.task.task, 'clustering');
  assert.match(text, /^# task: anomaly$/m);
  assert.match(text, /^# referenceColumn: "species"/m);
  assert.doesNotMatch(text, /truePositive|costMatrix|# rules:/);
  const card = uncommented(text);
  // Anomalies are flagged at a score threshold set by a share (a score-threshold policy), not the k highest.
  assert.equal(card.decision?.flaggedShare, 0.05);
  // Choosing anomalies is one uncommented line, and the card then loads as an anomaly problem.
  writeFileSync(cardPath, text.replace('# task: anomaly', 'task: anomaly'));
  assert.equal((await loadProblem({ card: cardPath })).task.task, 'anomaly');
});
