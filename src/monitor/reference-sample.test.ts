// The training sample kept at registration and the out-of-distribution checks, on Seattle's
// weather: a seeded subset that is the same on every draw, and values outside what training saw.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { valueAt } from '../data/column.js';
import { loadFrame } from '../data/load.js';
import type { InputSignature } from '../learn/estimator.js';
import { oodReport } from './ood.js';
import { drawReferenceSample, readReferenceSample, sampleFrame, writeReferenceSample } from '../registry/reference-sample.js';

const weather = fromRoot('examples', 'seattle-weather.csv');
const SQL = "SELECT precipitation, temp_max, wind, CASE WHEN month(date) IN (6, 7, 8) THEN 'summer' ELSE 'other' END AS season, weather FROM data";
const { frame } = await loadFrame(weather, { sql: `${SQL} WHERE year(date) IN (2012, 2013)` });

/** The signature as training would record it: ranges, categories and whether missing occurred. */
const signature: InputSignature = {
  features: [
    { name: 'precipitation', type: 'numeric', min: 0, max: 55.9, hadMissing: false },
    { name: 'temp_max', type: 'numeric', min: -1.6, max: 35.6, hadMissing: false },
    { name: 'wind', type: 'numeric', min: 0.4, max: 9.5, hadMissing: false },
    { name: 'season', type: 'categorical', categories: ['other', 'summer'], hadMissing: false },
  ],
  ignored: [],
};

test('the sample keeps the features only, at most maxRows rows, the same rows on every draw', () => {
  const a = drawReferenceSample(frame, signature, 200);
  const b = drawReferenceSample(frame, signature, 200);
  assert.equal(a.rows, 200);
  assert.equal(a.sourceRows, 731);
  assert.deepEqual(a.columns.map((c) => c.name), ['precipitation', 'temp_max', 'wind', 'season']);
  assert.deepEqual(a, b);
  const other = drawReferenceSample(frame, signature, 200, 7);
  assert.notDeepEqual(a.columns[1], other.columns[1]);
  // Every row when there are few enough.
  assert.equal(drawReferenceSample(frame, signature).rows, 731);
});

test('the sample written beside an artifact reads back as the same rows and types', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-sample-'));
  const sample = drawReferenceSample(frame, signature, 300);
  writeReferenceSample(join(dir, '1.json'), sample);
  const back = sampleFrame(readReferenceSample(join(dir, '1.json'), 'test@1'));
  assert.equal(back.rowCount, 300);
  assert.equal(back.typeOf('season').type, 'categorical');
  const original = frame.select(back.names);
  // The sampled rows are training rows, in file order: each sampled temp_max appears in training.
  const seen = new Set(Array.from({ length: original.rowCount }, (_, i) => valueAt(original.column('temp_max'), i)));
  for (let i = 0; i < back.rowCount; i++) assert.ok(seen.has(valueAt(back.column('temp_max'), i)));
  assert.throws(() => readReferenceSample(join(dir, '2.json'), 'test@2'), /test@2 has no reference sample/);
});

test('out of distribution: the training years are clean, later extremes and new categories are counted', async () => {
  const sample = sampleFrame(drawReferenceSample(frame, signature));
  assert.equal(oodReport(signature, frame, sample).oodRows, 0);
  const { frame: later } = await loadFrame(weather, { sql: `SELECT precipitation, temp_max + 3 AS temp_max, NULL::DOUBLE AS wind, CASE WHEN month(date) IN (6, 7, 8) THEN 'summer' WHEN month(date) = 9 THEN 'early autumn' ELSE 'other' END AS season FROM data WHERE year(date) = 2015` });
  const report = oodReport(signature, later, sample);
  const by = new Map(report.features.map((f) => [f.name, f]));
  // Every day of 2015 lacks wind, which training never lacked: all rows count.
  assert.equal(by.get('wind')!.unexpectedMissing, 365);
  assert.equal(by.get('wind')!.missingJump, true);
  assert.equal(report.oodRate, 1);
  // September's 30 days are a season never seen.
  assert.equal(by.get('season')!.unseenCategories, 30);
  assert.deepEqual(by.get('season')!.examples, ['early autumn']);
  // 3 °C warmer: the days above 32.6 °C in 2015 are now above the training maximum.
  let hot = 0;
  const { frame: raw } = await loadFrame(weather, { sql: 'SELECT temp_max FROM data WHERE year(date) = 2015' });
  for (let i = 0; i < raw.rowCount; i++) if ((valueAt(raw.column('temp_max'), i) as number) + 3 > 35.6) hot++;
  assert.ok(hot > 0);
  assert.equal(by.get('temp_max')!.outOfRange, hot);
  assert.equal(by.get('precipitation')!.oodRows, 0);
});
