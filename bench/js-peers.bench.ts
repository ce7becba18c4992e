// framewise against the JavaScript ML libraries (ml-random-forest, ml-cart, ml-logistic-regression,
// ml-kmeans) on 100,000 × 28 generated binary classification rows (80k train / 20k test): fit time,
// predict time, test accuracy and AUC; k-means by time and mean squared distance. Peers run in
// their own processes with a time limit; one that does not finish is rerun on a stated subsample,
// and framewise is run on that subsample as well. Writes its section of bench/RESULTS.md.
// Run: npm run build && node dist/bench/js-peers.bench.js [--rows N] [--timeout SECONDS]

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fromRoot } from '../src/core/paths.js';
import { Frame } from '../src/data/frame.js';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import type { Estimator } from '../src/learn/estimator.js';
import { RandomForest } from '../src/learn/forest/forest.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { KMeans } from '../src/learn/kmeans/kmeans.js';
import { LogisticRegression } from '../src/learn/linear/logistic.js';
import { ensureGbdtData, FEATURES, type GbdtPart, readGbdtSplit } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';


const rows = numberArgument('--rows', 100_000);
const timeoutSeconds = numberArgument('--timeout', 180);
const trainRows = Math.round(rows * 0.8);
const K = 8;
const data = ensureGbdtData(fromRoot('bench', 'data', `gbdt-${rows}`), rows);
const { train, test } = readGbdtSplit(data, trainRows);

interface Row {
  readonly model: string;
  readonly trainRows: number;
  readonly fit: string;
  readonly predict: string;
  readonly accuracy: string;
  readonly auc: string;
  readonly note: string;
}

const table: Row[] = [];
const log = (text: string): void => void process.stderr.write(`${text}\n`);
const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));

function frameOf(part: GbdtPart, take = part.labels.length, withLabel = true): Frame {
  return new Frame([
    ...part.columns.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values: values.subarray(0, take) })),
    ...(withLabel ? [{ kind: 'categorical' as const, name: 'label', codes: Int32Array.from(part.labels.subarray(0, take)), dictionary: ['0', '1'] }] : []),
  ]);
}

const testFrame = frameOf(test, test.labels.length, false);

function scoreRow(model: string, n: number, fitSeconds: number, predictSeconds: number, scores: ArrayLike<number>, note: string): Row {
  let right = 0;
  for (let i = 0; i < test.labels.length; i++) if ((scores[i]! > 0.5 ? 1 : 0) === test.labels[i]) right++;
  const row = { model, trainRows: n, fit: seconds(fitSeconds), predict: seconds(predictSeconds), accuracy: (right / test.labels.length).toFixed(4), auc: rocAuc(test.labels, scores).value.toFixed(4), note };
  log(`${model} on ${n} rows: fit ${row.fit} s, predict ${row.predict} s, accuracy ${row.accuracy}, AUC ${row.auc}`);
  return row;
}

async function ours(name: string, estimator: Estimator, n: number, note: string): Promise<Row> {
  const frame = frameOf(train, n);
  const t0 = performance.now();
  const model = await estimator.fit(frame, 'label');
  const t1 = performance.now();
  const prediction = model.predict(testFrame);
  const t2 = performance.now();
  if (prediction.kind !== 'classification') throw new Error('expected classes');
  const positive = new Float64Array(test.labels.length);
  for (let i = 0; i < positive.length; i++) positive[i] = prediction.probabilities[2 * i + 1]!;
  return scoreRow(name, n, (t1 - t0) / 1000, (t2 - t1) / 1000, positive, note);
}

interface PeerOutput {
  readonly fitSeconds: number;
  readonly predictSeconds: number;
  readonly scores?: number[];
  readonly centroids?: number[][];
  readonly iterations?: number;
}

/** Runs a peer on `n` training rows; undefined when it is still running after the time limit. */
function peer(name: string, n: number, options: Record<string, unknown> = {}): PeerOutput | undefined {
  const script = fromRoot('bench', 'peers', 'js_peer.mjs');
  try {
    const text = execFileSync(process.execPath, [script, name, data.dir, String(rows), String(trainRows), String(n), JSON.stringify(options)], {
      encoding: 'utf8',
      timeout: timeoutSeconds * 1000,
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(text) as PeerOutput;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
      log(`${name} on ${n} rows: still running after ${timeoutSeconds} s, stopped`);
      return undefined;
    }
    throw error;
  }
}

const notes: string[] = [];
log(`data: ${rows} rows × ${FEATURES} features, ${trainRows} to train, ${rows - trainRows} to test; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`);

// Classification: framewise on all training rows.
table.push(await ours('framewise Gbdt', new Gbdt({ objective: 'classification' }), trainRows, 'defaults: ≤100 rounds, 31 leaves, early stopping on (>10k rows)'));
table.push(await ours('framewise RandomForest', new RandomForest({ objective: 'classification' }), trainRows, 'defaults: 100 trees, √p features per split'));
table.push(await ours('framewise LogisticRegression', new LogisticRegression(), trainRows, 'defaults: L-BFGS, C=1, standardised'));

// The peers, each at full size first; those that time out again on a subsample, with framewise on the same rows.
interface PeerPlan {
  readonly name: string;
  /** Training rows to fall back on when the full set does not finish in time. */
  readonly subsample: number;
  readonly options?: Record<string, unknown>;
  readonly note: string;
  /** The framewise counterpart run on the same subsample. */
  readonly ours: { readonly name: string; readonly note: string; readonly make: () => Estimator };
}
const classifiers: readonly PeerPlan[] = [
  {
    name: 'ml-logistic-regression',
    subsample: 20000,
    note: 'numSteps 1000 (default 50,000), learningRate 5e-4 (default), a constant column for the intercept',
    ours: { name: 'framewise LogisticRegression', note: 'defaults, same subsample', make: () => new LogisticRegression() },
  },
  {
    name: 'ml-cart',
    subsample: 5000,
    note: 'DecisionTreeClassifier defaults (gini, no depth limit, minNumSamples 3)',
    ours: { name: 'framewise single tree', note: 'RandomForest with 1 tree, no bootstrap, all features, min_samples_leaf 1; same subsample', make: () => new RandomForest({ objective: 'classification', n_estimators: 1, bootstrap: false, max_features: 'all', min_samples_leaf: 1 }) },
  },
  {
    name: 'ml-random-forest',
    subsample: 2000,
    note: '100 trees, bootstrap, √p of the features per tree (its maxFeatures draws per tree)',
    ours: { name: 'framewise RandomForest', note: 'defaults, same subsample', make: () => new RandomForest({ objective: 'classification' }) },
  },
];
for (const c of classifiers) {
  let n = trainRows;
  let result = peer(c.name, n, c.options);
  if (result === undefined) {
    notes.push(`${c.name} did not finish fitting ${trainRows.toLocaleString('en-US')} rows within ${timeoutSeconds} s; it was rerun on the first ${c.subsample.toLocaleString('en-US')} training rows (same ${(rows - trainRows).toLocaleString('en-US')} test rows), and framewise was run on those rows too.`);
    n = c.subsample;
    result = peer(c.name, n, c.options);
    if (result === undefined) {
      notes.push(`${c.name} did not finish on ${n.toLocaleString('en-US')} rows within ${timeoutSeconds} s either.`);
      table.push({ model: c.name, trainRows: n, fit: `> ${timeoutSeconds}`, predict: '–', accuracy: '–', auc: '–', note: `${c.note}; stopped` });
      continue;
    }
    table.push(await ours(c.ours.name, c.ours.make(), n, c.ours.note));
  }
  table.push(scoreRow(c.name, n, result.fitSeconds, result.predictSeconds, result.scores!, c.note));
}

// k-means: k = 8, one k-means++ start each, raw (unstandardised) features; quality as the mean
// squared distance of the test rows to their nearest centre, measured here for both.
function meanSquaredDistance(centres: ArrayLike<number>, k: number): number {
  let total = 0;
  const n = test.labels.length;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let c = 0; c < k; c++) {
      let d = 0;
      for (let j = 0; j < FEATURES; j++) {
        const diff = test.columns[j]![i]! - centres[c * FEATURES + j]!;
        d += diff * diff;
      }
      if (d < best) best = d;
    }
    total += best;
  }
  return total / n;
}
const kmRows: string[] = [];
{
  const frame = frameOf(train, trainRows, false);
  const t0 = performance.now();
  const model = await new KMeans({ n_clusters: K, n_init: 1, standardize: false, max_iter: 300, tol: 1e-4, seed: 3 }).fit(frame, undefined);
  const t1 = performance.now();
  model.predict(testFrame);
  const t2 = performance.now();
  const msd = meanSquaredDistance(model.centers, K);
  kmRows.push(`| framewise KMeans | ${trainRows.toLocaleString('en-US')} | ${seconds((t1 - t0) / 1000)} | ${seconds((t2 - t1) / 1000)} | ${msd.toFixed(4)} | ${model.iterations} |`);
  log(`framewise KMeans: fit ${seconds((t1 - t0) / 1000)} s, msd ${msd.toFixed(4)}, ${model.iterations} iterations`);
}
{
  const result = peer('ml-kmeans', trainRows, { k: K });
  if (result === undefined) kmRows.push(`| ml-kmeans | ${trainRows.toLocaleString('en-US')} | > ${timeoutSeconds} | – | – | – |`);
  else {
    const msd = meanSquaredDistance(result.centroids!.flat(), K);
    kmRows.push(`| ml-kmeans | ${trainRows.toLocaleString('en-US')} | ${seconds(result.fitSeconds)} | ${seconds(result.predictSeconds)} | ${msd.toFixed(4)} | ${result.iterations} |`);
    log(`ml-kmeans: fit ${seconds(result.fitSeconds)} s, msd ${msd.toFixed(4)}, ${result.iterations} iterations`);
  }
}

const body = [
  '## framewise against JavaScript ML libraries',
  '',
  `Command: \`npm run build && node dist/bench/js-peers.bench.js --rows ${rows} --timeout ${timeoutSeconds}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} shared cores, Node ${process.version}).`,
  '',
  `Data: ${rows.toLocaleString('en-US')} × ${FEATURES} generated binary classification rows (bench/gbdt-data.ts, like scikit-learn's make_classification: 10 informative, 4 redundant, 14 noise features, 5% flipped labels); the first ${trainRows.toLocaleString('en-US')} rows train, the last ${(rows - trainRows).toLocaleString('en-US')} test. Times are fit and predict only (the peers get number[][] rows, framewise typed-array columns, built before the clock starts); the peers run one at a time in their own processes with a ${timeoutSeconds} s limit. Accuracy thresholds P(class 1) at 0.5; AUC from the same scores.`,
  '',
  `| model | train rows | fit s | predict s (${(rows - trainRows).toLocaleString('en-US')} rows) | test accuracy | test AUC | settings |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...table.map((r) => `| ${r.model} | ${r.trainRows.toLocaleString('en-US')} | ${r.fit} | ${r.predict} | ${r.accuracy} | ${r.auc} | ${r.note} |`),
  '',
  ...notes.map((n) => `- ${n}`),
  '',
  `k-means, k = ${K}, one k-means++ start, raw features, at most 300 iterations (tolerances differ: framewise 1e-4 × mean variance on centre shifts, ml-kmeans 1e-4 as given to it); quality is the test rows' mean squared distance to the nearest centre, computed by this script for both:`,
  '',
  '| model | train rows | fit s | predict s | test mean squared distance | iterations |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...kmRows,
].join('\n');
writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'js-peers', body);
log('wrote bench/RESULTS.md section js-peers');
