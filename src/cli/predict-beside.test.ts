// The command a brief prints, `framewise predict <dir>/model.json data.csv`, works for a card whose
// data comes through `sql` (the bundled seattle-weather card): predict reads decision.json beside
// the model, so the raw file goes through the card's query and the decision is at its threshold.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { readCard } from '../frame/card-file.js';
import { readModelFile } from '../learn/model-io.js';
import { decisionFileText } from '../registry/decision-file.js';
import { cardDataSettings, type DecisionPackage, policyFromCard } from '../registry/decision-package.js';
import { assertSuccess, assertUserError, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-predict-beside-'));
const cardPath = 'examples/seattle-weather/framewise.yaml';
const raw = 'examples/seattle-weather.csv';

test("a model file with decision.json beside it predicts the raw file through the card's sql, deciding at its threshold", async () => {
  const model = join(dir, 'model.json');
  assertSuccess(runCli('train', cardPath, '--model', 'linear', '--out', model));
  // Without its package the model file cannot read the raw file: the card's columns are not there.
  assertUserError(runCli('predict', model, raw, '--out', join(dir, 'bare.csv')), /rain_today_mm/);

  // What the brief writes beside model.json: the card's data settings and decision policy.
  const card = readCard(fromRoot(cardPath)).card;
  const pkg: DecisionPackage = { version: 1, data: cardDataSettings(card), policy: policyFromCard('binary', card, null), promise: { metrics: {}, value: null, positiveRate: null, rows: 0 }, business: card.business ?? {} };
  writeFileSync(join(dir, 'decision.json'), decisionFileText(pkg));
  const out = join(dir, 'predictions.json');
  const result = runCli('predict', model, raw, '--out', out);
  assertSuccess(result);
  assert.match(result.stderr, /read\s+through the registered data\.sql/);
  assert.match(result.stderr, /decision   threshold 0\.5 on 'true' \(the card's decision\), from .*decision\.json/);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
  // 1,461 days, the last of which has no tomorrow and is left out by the query.
  assert.equal(rows.length, 1460);
  assert.ok('rain_today_mm' in rows[0]! && 'decision' in rows[0]!);
  const fitted = await readModelFile(model);
  assert.deepEqual(fitted.signature.features.map((f) => f.name).sort(), ['month', 'rain_today_mm', 'temp_max', 'temp_min', 'weather_today', 'wind']);
  for (const r of rows) assert.equal(r['decision'], (r['proba_true'] as number) >= 0.5 ? 'true' : 'false');
});
