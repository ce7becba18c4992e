// Boosting benchmark: 1,000,000 × 28 binary classification (800k train / 200k test), 100 rounds,
// 31 leaves, learning rate 0.1, 255 bins; framewise against XGBoost hist (one thread, lossguide)
// and scikit-learn HistGradientBoosting on the same file in the same run; writes RESULTS.md.
// Run: npm run build && node dist/bench/gbdt.bench.js [--rows N] [--runs N]

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { ensureGbdtData } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';

interface Run {
  readonly name: string;
  readonly fitSeconds: number;
  /** CPU time of the fit (user + system, every thread): less sensitive than wall time to a busy machine. */
  readonly fitCpuSeconds: number;
  readonly auc: number;
  readonly predictRowsPerSecond: number;
  readonly maxRssBytes: number;
  readonly trees: number;
}


const rows = numberArgument('--rows', 1_000_000);
const runs = numberArgument('--runs', 1);
const trainRows = Math.round(rows * 0.8);
const dir = fromRoot('bench', 'data', `gbdt-${rows}`);
process.stderr.write(`generating ${dir} (once)…\n`);
const data = ensureGbdtData(dir, rows);

const once = fromBuild('bench', 'gbdt-once.js');
const peer = fromRoot('bench', 'peers', 'xgb_gbdt.py');
const ours = (threads: number): Run => JSON.parse(execFileSync(process.execPath, [once, data.dir, String(rows), String(trainRows), String(threads)], { encoding: 'utf8' })) as Run;
const python = (which: string): Run =>
  JSON.parse(execFileSync('/usr/bin/python3', [peer, data.dir, String(rows), String(trainRows), which], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as Run;

const loadAtStart = loadavg()[0]!;
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
    process.stderr.write(`run ${i + 1}/${runs} ${r.name}: fit ${r.fitSeconds.toFixed(2)} s (CPU ${r.fitCpuSeconds.toFixed(2)} s), AUC ${r.auc.toFixed(5)}, ${Math.round(r.predictRowsPerSecond)} rows/s\n`);
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const summary = (key: string): { name: string; fit: number; cpu: number; auc: number; predict: number; rss: number } => {
  const rs = results[key]!;
  return {
    name: rs[0]!.name,
    fit: median(rs.map((r) => r.fitSeconds)),
    cpu: median(rs.map((r) => r.fitCpuSeconds)),
    auc: median(rs.map((r) => r.auc)),
    predict: median(rs.map((r) => r.predictRowsPerSecond)),
    rss: Math.max(...rs.map((r) => r.maxRssBytes)),
  };
};
const fw = summary('framewise');
const fw2 = summary('framewise2');
const xgb = summary('xgboost');
const sk = summary('sklearn');
const row = (s: ReturnType<typeof summary>): string =>
  `| ${s.name} | ${s.fit.toFixed(2)} | ${s.cpu.toFixed(2)} | ${s.auc.toFixed(5)} | ${Math.round(s.predict).toLocaleString('en-US')} | ${(s.rss / 1048576).toFixed(0)} |`;
const date = new Date().toISOString().slice(0, 10);
const body = `
## Gradient boosting: fit, AUC, prediction

Command: \`npm run build && node dist/bench/gbdt.bench.js --rows ${rows} --runs ${runs}\` (${date}, ${cpus().length} cores shared with other work, load average ${loadAtStart.toFixed(1)} when the runs began, Node ${process.version}).
Data: ${rows.toLocaleString('en-US')} × 28 binary classification generated with a fixed seed like scikit-learn's make_classification (10 informative, 4 redundant, 14 noise features, 2 clusters per class, flip_y 0.05; \`bench/gbdt-data.ts\`), first ${trainRows.toLocaleString('en-US')} rows to train, the rest to test, written once as float32 that every contender reads. 100 rounds, 31 leaves (leaf-wise), learning rate 0.1, 255 bins, no early stopping. Each contender runs in its own process (peak RSS is its own, data included); medians of ${runs} run(s).
Prediction: the test rows from in-memory columns to probabilities (XGBoost: DMatrix built and predicted; scikit-learn: predict_proba).

| contender | fit (s) | fit CPU (s) | test AUC | predict (rows/s) | peak RSS (MiB) |
| --- | ---: | ---: | ---: | ---: | ---: |
${row(fw)}
${row(fw2)}
${row(xgb)}
${row(sk)}

- Fit time, framewise / XGBoost (both one thread): **${(fw.fit / xgb.fit).toFixed(2)}×** (bar: at most 1.25×); in CPU time: **${(fw.cpu / xgb.cpu).toFixed(2)}×**; with framewise's helper thread (wall time): **${(fw2.fit / xgb.fit).toFixed(2)}×**.
- AUC, framewise − XGBoost: **${(fw.auc - xgb.auc).toFixed(5)}** (bar: within ±0.002).
- Prediction: **${Math.round(fw.predict).toLocaleString('en-US')} rows/s** (bar: at least 650,000).
- Helper thread: ${fw2.fit < fw.fit ? `${((1 - fw2.fit / fw.fit) * 100).toFixed(0)}% less fit time than one thread` : `no gain over one thread in this run (${fw2.fit.toFixed(2)} s against ${fw.fit.toFixed(2)} s): it only pays when a second core is free, and here the cores were shared`}; both build identical models (checked in gbdt.test.ts).
- The machine's two cores were shared with other jobs while this ran: absolute seconds are noisy, the same-run ratios less so.
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'gbdt', body);
process.stdout.write(body);
