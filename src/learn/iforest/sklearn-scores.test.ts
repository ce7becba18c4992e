// The anomaly score's definition (depth plus c(leaf size), normalised by c(ψ)) agrees with
// scikit-learn 1.2: with 1,000 trees on the Seattle weather days, both forests give nearly the
// same score to every day although their random trees differ.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../core/paths.js';
import { Frame } from '../../data/frame.js';
import { IsolationForest } from './iforest.js';

test('scores match scikit-learn\'s on every day to within forest noise', async () => {
  const { columns, scores: expected } = JSON.parse(readFileSync(fromRoot('src', 'learn', 'iforest', 'fixtures', 'weather_scores.json'), 'utf8')) as { columns: string[]; scores: number[] };
  const lines = readFileSync(fromRoot('examples', 'seattle-weather.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const frame = new Frame(columns.map((name) => {
    const j = header.indexOf(name);
    return { kind: 'numeric' as const, name, values: Float64Array.from(lines.slice(1), (line) => Number(line.split(',')[j])) };
  }));
  const model = await new IsolationForest({ n_estimators: 1000, seed: 0 }).fit(frame, undefined);
  const ours = model.score(frame);
  assert.equal(ours.length, expected.length);
  let meanOurs = 0;
  let meanTheirs = 0;
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    meanOurs += ours[i]!;
    meanTheirs += expected[i]!;
    worst = Math.max(worst, Math.abs(ours[i]! - expected[i]!));
  }
  meanOurs /= ours.length;
  meanTheirs /= ours.length;
  // A depth off by one shifts every score by about 0.03; a wrong c(n) moves them more.
  assert.ok(Math.abs(meanOurs - meanTheirs) < 0.005, `mean score ${meanOurs} vs scikit-learn ${meanTheirs}`);
  assert.ok(worst < 0.03, `largest difference on one day ${worst}`);
});
