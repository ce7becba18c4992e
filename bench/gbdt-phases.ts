// Where a boosting fit spends its time: CPU time (this process's user + system) of each phase,
// taken by wrapping the engine's kernels, the split search and the gradients for one fit of
// the benchmark's data; histogram builds grouped by the node's share of the rows.
// Run: npm run build && node dist/bench/gbdt-phases.js [--rows N] [--task binary|regression]

import { cpus, loadavg } from 'node:os';
import { fromRoot } from '../src/core/paths.js';
import { Frame } from '../src/data/frame.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { logLoss, squaredError } from '../src/learn/gbdt/objectives.js';
import { WasmLogistic } from '../src/learn/gbdt/wasm-logistic.js';
import { WasmHistograms } from '../src/learn/tree/histogram-wasm.js';
import { Grower } from '../src/learn/tree/grower.js';
import { numberArgument } from './arguments.js';
import { ensureGbdtData, ensureRegressionData, readGbdtSplit, readRegressionSplit } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';

const rows = numberArgument('--rows', 1_000_000);
const regression = process.argv.includes('regression');
const trainRows = Math.round(rows * 0.8);
let columns: Float64Array[];
let target: Float64Array;
if (regression) {
  const { train } = readRegressionSplit(ensureRegressionData(fromRoot('bench', 'data', `gbdt-regression-${rows}`), rows), trainRows);
  columns = train.columns;
  target = train.targets;
} else {
  const { train } = readGbdtSplit(ensureGbdtData(fromRoot('bench', 'data', `gbdt-${rows}`), rows), trainRows);
  columns = train.columns;
  target = Float64Array.from(train.labels);
}
const frame = new Frame([...columns.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values })), { kind: 'numeric' as const, name: 'target', values: target }]);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const spent = new Map<string, { ms: number; calls: number }>();
let depth = 0;
/** Replaces obj[name] by a version that adds its CPU time to `label` (outermost wrapper only). */
function wrap(obj: object, name: string, label: (args: unknown[]) => string): void {
  const target = obj as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]): unknown {
    if (depth > 0) return original.apply(this, args);
    depth++;
    const t = cpuMs();
    try {
      return original.apply(this, args);
    } finally {
      depth--;
      const key = label(args);
      const entry = spent.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += cpuMs() - t;
      entry.calls++;
      spent.set(key, entry);
    }
  };
}
const share = (args: unknown[]): string => {
  const f = ((args[4] as number) - (args[3] as number)) / trainRows;
  return f > 0.999 ? 'histogram, all rows (root)' : f > 0.2 ? 'histogram, nodes of 20-100% of rows' : f > 0.05 ? 'histogram, nodes of 5-20%' : f > 0.01 ? 'histogram, nodes of 1-5%' : 'histogram, nodes under 1%';
};
wrap(WasmHistograms.prototype, 'build', share);
wrap(WasmHistograms.prototype, 'partition', () => 'partition');
const grower = Grower.prototype as unknown as Record<string, unknown>;
wrap(grower, 'evaluate', () => 'split search');
wrap(grower, 'rowTotals', () => 'root totals');
wrap(squaredError, 'gradients', () => 'gradients');
wrap(logLoss, 'gradients', () => 'gradients');
wrap(WasmLogistic.prototype, 'gradients', () => 'gradients');
wrap(WasmHistograms.prototype, 'take', () => 'histogram zeroing');

const load = loadavg()[0]!;
const t0 = cpuMs();
const w0 = performance.now();
const model = await new Gbdt({ objective: regression ? 'regression' : 'classification', max_iter: 100, max_leaves: 31, learning_rate: 0.1, max_bins: 255, early_stopping: 'off' }).fit(frame, 'target');
const total = cpuMs() - t0;
const wall = performance.now() - w0;
const rowsOut = [...spent.entries()].sort((a, b) => b[1].ms - a[1].ms);
const accounted = rowsOut.reduce((s, [, v]) => s + v.ms, 0);
const lines = rowsOut.map(([k, v]) => `| ${k} | ${v.calls.toLocaleString('en-US')} | ${(v.ms / 1000).toFixed(2)} | ${(v.ms / model.rounds).toFixed(1)} | ${((100 * v.ms) / total).toFixed(0)}% |`);
const body = `
## Gradient boosting${regression ? ' (regression)' : ''}: where a fit's time goes

Command: \`npm run build && node dist/bench/gbdt-phases.js --rows ${rows}${regression ? ' --task regression' : ''}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} shared cores, load average ${load.toFixed(1)} at the start, Node ${process.version}). One fit, one thread, the benchmark's settings (100 rounds, 31 leaves, 255 bins) on its first ${trainRows.toLocaleString('en-US')} rows; CPU time of this process per phase (wall time ${(wall / 1000).toFixed(2)} s, CPU ${(total / 1000).toFixed(2)} s).

| phase | calls | CPU s | ms per round | share of fit CPU |
| --- | ---: | ---: | ---: | ---: |
${lines.join('\n')}
| everything else (binning, edges, leaf values, score updates, bookkeeping) | | ${((total - accounted) / 1000).toFixed(2)} | ${((total - accounted) / model.rounds).toFixed(1)} | ${((100 * (total - accounted)) / total).toFixed(0)}% |
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), regression ? 'gbdt-regression-phases' : 'gbdt-phases', body);
process.stdout.write(body);
