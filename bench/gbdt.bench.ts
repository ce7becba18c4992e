// Boosting benchmark: 1,000,000 × 28 binary classification (800k train / 200k test), or with
// --task regression 1,000,000 × 20 (Friedman #1); 100 rounds, 31 leaves, learning rate 0.1,
// 255 bins; framewise against XGBoost hist (one thread, lossguide) and scikit-learn
// HistGradientBoosting on the same file in the same run; writes its section of RESULTS.md.
// Run: npm run build && node dist/bench/gbdt.bench.js [--rows N] [--runs N] [--task binary|regression]

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { numberArgument } from './arguments.js';
import { ensureGbdtData, ensureRegressionData, REGRESSION_FEATURES } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';

interface Run {
  readonly name: string;
  readonly fitSeconds: number;
  /** CPU time of the fit (user + system, every thread): less sensitive than wall time to a busy machine. */
  readonly fitCpuSeconds: number;
  /** Test AUC (binary) … */
  readonly auc?: number;
  /** … or test RMSE (regression). */
  readonly rmse?: number;
  readonly predictRowsPerSecond: number;
  readonly maxRssBytes: number;
  readonly trees: number;
}

const rows = numberArgument('--rows', 1_000_000);
const runs = numberArgument('--runs', 1);
const taskAt = process.argv.indexOf('--task');
const task = taskAt >= 0 ? process.argv[taskAt + 1] : 'binary';
if (task !== 'binary' && task !== 'regression') throw new Error(`--task must be binary or regression, not ${task}`);
const regression = task === 'regression';
const trainRows = Math.round(rows * 0.8);
const dir = fromRoot('bench', 'data', regression ? `gbdt-regression-${rows}` : `gbdt-${rows}`);
process.stderr.write(`generating ${dir} (once)…\n`);
const data = regression ? ensureRegressionData(dir, rows) : ensureGbdtData(dir, rows);

const once = fromBuild('bench', 'gbdt-once.js');
const peer = fromRoot('bench', 'peers', 'xgb_gbdt.py');
const ours = (threads: number): Run => JSON.parse(execFileSync(process.execPath, [once, data.dir, String(rows), String(trainRows), String(threads), task], { encoding: 'utf8' })) as Run;
const python = (which: string): Run =>
  JSON.parse(execFileSync('/usr/bin/python3', [peer, data.dir, String(rows), String(trainRows), which, task], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as Run;
const metric = (r: Run): number => (regression ? r.rmse! : r.auc!);
const metricName = regression ? 'test RMSE' : 'test AUC';

const loadAtStart = loadavg()[0]!;
const started = new Date();
const results: Record<string, Run[]> = { framewise: [], framewise2: [], xgboost: [], sklearn: [] };
for (let i = 0; i < runs; i++) {
  // Alternate so that every contender feels the same machine load.
  const contenders = [
    ['framewise', () => ours(1)],
    ['xgboost', () => python('xgboost')],
    ['framewise2', () => ours(2)],
    ['sklearn', () => python('sklearn')],
  ] as const;
  for (const [key, run] of contenders) {
    const r = run();
    results[key]!.push(r);
    process.stderr.write(`run ${i + 1}/${runs} ${r.name}: fit ${r.fitSeconds.toFixed(2)} s (CPU ${r.fitCpuSeconds.toFixed(2)} s), ${metricName} ${metric(r).toFixed(5)}, ${Math.round(r.predictRowsPerSecond)} rows/s\n`);
  }
}
const loadAtEnd = loadavg()[0]!;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const summary = (key: string): { name: string; fit: number; cpu: number; metric: number; predict: number; rss: number; fits: string } => {
  const rs = results[key]!;
  return {
    name: rs[0]!.name,
    fit: median(rs.map((r) => r.fitSeconds)),
    cpu: median(rs.map((r) => r.fitCpuSeconds)),
    metric: median(rs.map(metric)),
    predict: median(rs.map((r) => r.predictRowsPerSecond)),
    rss: Math.max(...rs.map((r) => r.maxRssBytes)),
    fits: rs.map((r) => r.fitSeconds.toFixed(2)).join(', '),
  };
};
const fw = summary('framewise');
const fw2 = summary('framewise2');
const xgb = summary('xgboost');
const sk = summary('sklearn');
const row = (s: ReturnType<typeof summary>): string =>
  `| ${s.name} | ${s.fit.toFixed(2)} | ${s.cpu.toFixed(2)} | ${s.metric.toFixed(5)} | ${Math.round(s.predict).toLocaleString('en-US')} | ${(s.rss / 1048576).toFixed(0)} |`;
const date = started.toISOString().slice(0, 16).replace('T', ' ');
const command = `npm run build && node dist/bench/gbdt.bench.js --rows ${rows} --runs ${runs}${regression ? ' --task regression' : ''}`;
const dataText = regression
  ? `${rows.toLocaleString('en-US')} × ${REGRESSION_FEATURES} regression generated with a fixed seed like scikit-learn's make_friedman1 (x uniform on [0, 1), y = 10 sin(π x0 x1) + 20 (x2 − 0.5)² + 10 x3 + 5 x4 + N(0, 1), 15 noise features; \`bench/gbdt-data.ts\`)`
  : `${rows.toLocaleString('en-US')} × 28 binary classification generated with a fixed seed like scikit-learn's make_classification (10 informative, 4 redundant, 14 noise features, 2 clusters per class, flip_y 0.05; \`bench/gbdt-data.ts\`)`;
const metricLine = regression
  ? `- RMSE, framewise / XGBoost: **${(fw.metric / xgb.metric).toFixed(4)}** (bar: within 1%, i.e. at most 1.01).`
  : `- AUC, framewise − XGBoost: **${(fw.metric - xgb.metric).toFixed(5)}** (bar: within ±0.002).`;
const body = `
## Gradient boosting${regression ? ' (regression)' : ''}: fit, ${regression ? 'RMSE' : 'AUC'}, prediction

Command: \`${command}\` (${date} UTC, ${cpus().length} cores shared with other work, load average ${loadAtStart.toFixed(1)} when the runs began and ${loadAtEnd.toFixed(1)} when they ended, Node ${process.version}).
Data: ${dataText}, first ${trainRows.toLocaleString('en-US')} rows to train, the rest to test, written once as float32 that every contender reads. ${regression ? 'Squared error, ' : ''}100 rounds, 31 leaves (leaf-wise), learning rate 0.1, 255 bins, no early stopping. Each contender runs in its own process (peak RSS is its own, data included); medians of ${runs} run(s).
Prediction: the test rows from in-memory columns to ${regression ? 'numbers' : 'probabilities'} (XGBoost: DMatrix built and predicted; scikit-learn: predict${regression ? '' : '_proba'}).

| contender | fit (s) | fit CPU (s) | ${metricName} | predict (rows/s) | peak RSS (MiB) |
| --- | ---: | ---: | ---: | ---: | ---: |
${row(fw)}
${row(fw2)}
${row(xgb)}
${row(sk)}

- Fit time, framewise / XGBoost (both one thread): **${(fw.fit / xgb.fit).toFixed(2)}×** (bar: at most 1.25×); in CPU time: **${(fw.cpu / xgb.cpu).toFixed(2)}×**; with framewise's helper thread (wall time): **${(fw2.fit / xgb.fit).toFixed(2)}×**.
${metricLine}
- Prediction: **${Math.round(fw.predict).toLocaleString('en-US')} rows/s** on the ${(rows - trainRows).toLocaleString('en-US')} test rows (the prediction bar, at least XGBoost's inplace_predict, is measured by gbdt-predict.bench.ts).
- Peak memory, framewise / XGBoost: **${(fw.rss / xgb.rss).toFixed(2)}×** (bar: at most 1).
- Fit seconds of each run, in order: framewise ${fw.fits}; framewise 2 threads ${fw2.fits}; XGBoost ${xgb.fits}; scikit-learn ${sk.fits}.
- Helper thread: ${fw2.fit < fw.fit ? `${((1 - fw2.fit / fw.fit) * 100).toFixed(0)}% less fit time than one thread` : `no gain over one thread in this run (${fw2.fit.toFixed(2)} s against ${fw.fit.toFixed(2)} s): it only pays when a second core is free`}; both build identical models (checked in gbdt.test.ts).
- The machine's two cores were shared with other jobs while this ran: absolute seconds are noisy, the same-run ratios less so.
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), regression ? 'gbdt-regression' : 'gbdt', body);
process.stdout.write(body);
