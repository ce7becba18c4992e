// Permutation importance on real data: the feature the target hangs on comes first, a random
// column scores near zero, for tree and linear models; seeded, with the options checked.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { Ridge } from '../learn/linear/ridge.js';
import { readFixtureCsv } from '../learn/tree/test-support.js';
import { buildTruth } from './assess.js';
import { alignPrediction } from './candidates.js';
import { permutationImportance } from './permutation-importance.js';
import { computeMetric } from './task-metrics.js';

/** The frame with a column of seeded standard normal numbers that nothing depends on. */
function withNoise(frame: Frame, seed: number): Frame {
  const rng = new Rng(seed);
  return frame.withColumn({ kind: 'numeric', name: 'noise', values: Float64Array.from({ length: frame.rowCount }, () => rng.normal()) });
}

/** Every third row held out, the rest for training. */
function holdOut(n: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (i % 3 === 0 ? test : train).push(i);
  return { train, test };
}

test('seattle-weather: precipitation matters most, well clear of zero; a random column does not; sorted, with the unshuffled score as baseline', async () => {
  const frame = withNoise((await loadFrame(fromRoot('examples', 'seattle-weather.csv'))).frame, 7);
  const { train, test } = holdOut(frame.rowCount);
  const model = await new Gbdt().fit(frame.take(train), 'weather');
  const held = frame.take(test);
  const truth = buildTruth(held, 'weather', 'multiclass');
  const result = permutationImportance(model, held, truth);
  assert.equal(result.metric, 'balanced_accuracy');
  assert.equal(result.repeats, 5);
  assert.equal(result.rows, held.rowCount);
  assert.equal(result.baseline, computeMetric('balanced_accuracy', truth, alignPrediction(model.predict(held), truth)).value);
  assert.deepEqual(result.features.map((f) => f.feature).sort(), ['date', 'noise', 'precipitation', 'temp_max', 'temp_min', 'wind']);
  const [first] = result.features;
  assert.equal(first!.feature, 'precipitation');
  assert.ok(first!.low > 0, `precipitation interval ${first!.low}..${first!.high}`);
  for (let i = 1; i < result.features.length; i++) assert.ok(result.features[i - 1]!.mean >= result.features[i]!.mean);
  for (const f of result.features) {
    assert.equal(f.drops.length, 5);
    assert.ok(f.low <= f.mean && f.mean <= f.high);
  }
  const noise = result.features.find((f) => f.feature === 'noise')!;
  assert.ok(Math.abs(noise.mean) < 0.1 * first!.mean, `noise ${noise.mean} vs precipitation ${first!.mean}`);
});

test('diabetes: over 12 independent random columns the drop averages near zero and the interval mostly holds zero, while bmi stays clear of it', async () => {
  // The interval covers the shuffles' spread only, not the luck of the one unshuffled order, which
  // for a column nothing depends on is one more shuffle: zero is inside when √(R+1)·|t_(R−1)| ≤
  // t_0.975, about 68% of the time at R = 5, not 95%. Fewer than five of twelve: a 1.5% tail.
  const base = readFixtureCsv('diabetes.csv');
  const { train, test } = holdOut(base.rowCount);
  let holdsZero = 0;
  const means: number[] = [];
  for (let s = 1; s <= 12; s++) {
    const frame = withNoise(base, 100 + s);
    const model = await new Gbdt().fit(frame.take(train), 'target');
    const held = frame.take(test);
    const result = permutationImportance(model, held, buildTruth(held, 'target', 'regression'), { features: ['noise', 'bmi'], seed: s });
    const noise = result.features.find((f) => f.feature === 'noise')!;
    const bmi = result.features.find((f) => f.feature === 'bmi')!;
    assert.equal(result.features[0], bmi);
    assert.ok(bmi.low > 0, `bmi ${bmi.low}..${bmi.high}`);
    assert.ok(Math.abs(noise.mean) < 0.5 * bmi.mean, `noise ${noise.mean} vs bmi ${bmi.mean}`);
    if (noise.low <= 0 && noise.high >= 0) holdsZero++;
    means.push(noise.mean);
  }
  assert.ok(holdsZero >= 5, `zero inside ${holdsZero} of 12 noise intervals`);
  const average = means.reduce((a, b) => a + b, 0) / means.length;
  assert.ok(Math.abs(average) < 0.01, `average noise drop ${average} (${means.map((m) => m.toFixed(4)).join(' ')})`);
});

test('any fitted model: for ridge regression on diabetes the order follows the size of the standardized coefficients', async () => {
  // Shuffling input j of a linear model on standardized inputs raises the mean squared error by
  // about 2·β_j² (its variance is 1): the importance order should be the order of |β_j|.
  const frame = withNoise(readFixtureCsv('diabetes.csv'), 3);
  const { train, test } = holdOut(frame.rowCount);
  const model = await new Ridge({ alpha: 1 }).fit(frame.take(train), 'target');
  const held = frame.take(test);
  const result = permutationImportance(model, held, buildTruth(held, 'target', 'regression'), { metric: 'rmse', repeats: 8 });
  assert.equal(result.higherIsBetter, false);
  const names = model.preprocessor.featureNames;
  const coefficients = model.coefficients;
  const bySize = names.map((name, j) => ({ name, size: Math.abs(coefficients[j]!) })).sort((a, b) => b.size - a.size);
  const order = result.features.map((f) => f.feature);
  assert.deepEqual(order.slice(0, 4), bySize.slice(0, 4).map((c) => c.name), `importance ${order.join(' ')} vs |coefficient| ${bySize.map((c) => c.name).join(' ')}`);
  // Spearman correlation of the two rankings over all inputs.
  const rank = new Map(bySize.map((c, i) => [c.name, i]));
  const n = order.length;
  const d2 = order.reduce((s, name, i) => s + (i - rank.get(name)!) ** 2, 0);
  assert.ok(1 - (6 * d2) / (n * (n * n - 1)) > 0.9, `rank correlation ${1 - (6 * d2) / (n * (n * n - 1))}`);
  assert.ok(result.features[0]!.mean > 5, `RMSE rises by ${result.features[0]!.mean} when ${result.features[0]!.feature} is shuffled`);
  const noise = result.features.find((f) => f.feature === 'noise')!;
  assert.ok(Math.abs(noise.mean) < 0.05 * result.features[0]!.mean, `noise ${noise.mean}`);
});

test('the same seed gives the same result; a feature’s shuffles do not depend on which others are scored; bad options are refused', async () => {
  const frame = readFixtureCsv('diabetes.csv');
  const { train, test } = holdOut(frame.rowCount);
  const model = await new Gbdt({ max_iter: 30 }).fit(frame.take(train), 'target');
  const held = frame.take(test);
  const truth = buildTruth(held, 'target', 'regression');
  const a = permutationImportance(model, held, truth, { seed: 4 });
  assert.deepEqual(permutationImportance(model, held, truth, { seed: 4 }), a);
  const other = permutationImportance(model, held, truth, { seed: 5 });
  assert.notDeepEqual(other.features.find((f) => f.feature === 'bmi')!.drops, a.features.find((f) => f.feature === 'bmi')!.drops);
  const subset = permutationImportance(model, held, truth, { seed: 4, features: ['s5'] });
  assert.deepEqual(subset.features[0], a.features.find((f) => f.feature === 's5'));

  const refused = (options: Parameters<typeof permutationImportance>[3], pattern: RegExp, t = truth): void => {
    assert.throws(() => permutationImportance(model, held, t, options), (e: unknown) => e instanceof FramewiseError && e.code === 'INVALID_ARGUMENT' && pattern.test(e.message));
  };
  refused({ metric: 'roc_auc' }, /'roc_auc' does not score a regression/);
  refused({ repeats: 0 }, /repeats/);
  refused({ features: ['target'] }, /'target' is not an input/);
  refused({}, /truth has 10 rows/, { kind: 'regression', y: new Float64Array(10) });
});
