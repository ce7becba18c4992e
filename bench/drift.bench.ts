// Drift report benchmark: 1,000,000 reference and 1,000,000 current rows of 100 generated columns
// (70 numeric, 30 categorical), against SciPy on the same files; then 3,000,000 × 1,000 streamed
// column by column. Each side runs in a fresh process; time and peak RSS go into RESULTS.md.
// Run: npm run build && node dist/bench/drift.bench.js [--rows N] [--cols N] [--big-rows N] [--big-cols N]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../src/core/paths.js';
import { Rng } from '../src/core/rng.js';
import type { Column } from '../src/data/column.js';
import { Frame } from '../src/data/frame.js';
import { type DriftOverrides, driftReport, featureDrift } from '../src/monitor/index.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';

const SEED = 20261126;


const isCategorical = (j: number): boolean => j % 10 >= 7;
const categoriesOf = (j: number): number => 3 + ((j * 7) % 48);

/**
 * Column j of one side: numbers of four shapes (normal, exponential, uniform, integer counts) or
 * category codes with Zipf-like shares. Every fifth numeric column's current side is shifted by
 * 0.3 sd and every third categorical one has its commonest category halved, so some drift.
 */
function generateColumn(j: number, rows: number, current: boolean, out: Float64Array | Int32Array): void {
  const rng = new Rng(SEED + 2 * j + (current ? 1 : 0));
  if (!isCategorical(j)) {
    const shape = j % 4;
    const shift = current && j % 5 === 0 ? 0.3 : 0;
    for (let i = 0; i < rows; i++) {
      const v = shape === 0 ? rng.normal() : shape === 1 ? -Math.log(1 - rng.next()) : shape === 2 ? rng.next() * Math.sqrt(12) : Math.floor(rng.next() * 1000) / 100;
      out[i] = v + shift;
    }
    return;
  }
  const k = categoriesOf(j);
  const cumulative = new Float64Array(k);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += 1 / (c + 1);
  let acc = 0;
  for (let c = 0; c < k; c++) cumulative[c] = acc += 1 / (c + 1) / sum;
  const halve = current && j % 3 === 0;
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out[i] = halve && lo === 0 && (i & 1) === 0 ? 1 : lo;
  }
}

function columnOf(j: number, rows: number, current: boolean): Column {
  if (isCategorical(j)) {
    const codes = new Int32Array(rows);
    generateColumn(j, rows, current, codes);
    return { kind: 'categorical', name: `f${j}`, codes, dictionary: Array.from({ length: categoriesOf(j) }, (_, c) => `c${c}`) };
  }
  const values = new Float64Array(rows);
  generateColumn(j, rows, current, values);
  return { kind: 'numeric', name: `f${j}`, values };
}

/** Writes both sides once as raw files (f64 numbers, i32 codes) that the SciPy peer reads. */
function ensureData(dir: string, rows: number, cols: number): void {
  const meta = JSON.stringify({ rows, cols, seed: SEED, version: 1 });
  if (existsSync(join(dir, 'meta.json')) && readFileSync(join(dir, 'meta.json'), 'utf8') === meta) return;
  mkdirSync(dir, { recursive: true });
  for (let j = 0; j < cols; j++) {
    for (const side of ['ref', 'cur'] as const) {
      const c = columnOf(j, rows, side === 'cur');
      const bytes = c.kind === 'numeric' ? c.values : c.kind === 'categorical' ? c.codes : new Uint8Array(0);
      writeFileSync(join(dir, `${side}-${j}.${c.kind === 'numeric' ? 'f64' : 'i32'}`), new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
  }
  writeFileSync(join(dir, 'meta.json'), meta);
}

function readFrame(dir: string, side: 'ref' | 'cur', cols: number): Frame {
  const columns: Column[] = [];
  for (let j = 0; j < cols; j++) {
    if (isCategorical(j)) {
      const buf = readFileSync(join(dir, `${side}-${j}.i32`));
      const codes = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      columns.push({ kind: 'categorical', name: `f${j}`, codes, dictionary: Array.from({ length: categoriesOf(j) }, (_, c) => `c${c}`) });
    } else {
      const buf = readFileSync(join(dir, `${side}-${j}.f64`));
      columns.push({ kind: 'numeric', name: `f${j}`, values: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8) });
    }
  }
  return new Frame(columns);
}

const mib = (kib: number): number => Math.round(kib / 1024);

/** Child: the report over frames read from the raw files, default tests and statistical tests. */
function onceReport(dir: string, cols: number): void {
  const ref = readFrame(dir, 'ref', cols);
  const cur = readFrame(dir, 'cur', cols);
  const t0 = performance.now();
  const report = driftReport(ref, cur);
  const t1 = performance.now();
  const statistical: Record<string, 'ks' | 'chi_squared'> = {};
  for (let j = 0; j < cols; j++) statistical[`f${j}`] = isCategorical(j) ? 'chi_squared' : 'ks';
  const stat = driftReport(ref, cur, { overrides: statistical satisfies DriftOverrides });
  const t2 = performance.now();
  process.stdout.write(
    JSON.stringify({
      defaultSeconds: (t1 - t0) / 1000,
      statisticalSeconds: (t2 - t1) / 1000,
      drifted: report.driftedFeatures.length,
      datasetDrifted: report.datasetDrifted,
      statDrifted: stat.driftedFeatures.length,
      maxRssMiB: mib(process.resourceUsage().maxRSS),
    }),
  );
}

/** Child: the large shape, column by column, each column generated, tested and dropped. */
function onceBig(rows: number, cols: number): void {
  let generate = 0;
  let test = 0;
  let drifted = 0;
  for (let j = 0; j < cols; j++) {
    const t0 = performance.now();
    const ref = columnOf(j, rows, false);
    const cur = columnOf(j, rows, true);
    const t1 = performance.now();
    const d = featureDrift(ref.name, ref, cur);
    const t2 = performance.now();
    generate += t1 - t0;
    test += t2 - t1;
    if (d?.result.drifted) drifted++;
  }
  process.stdout.write(JSON.stringify({ generateSeconds: generate / 1000, testSeconds: test / 1000, drifted, maxRssMiB: mib(process.resourceUsage().maxRSS) }));
}

/** Only the wide shape, streamed, into its own section of RESULTS.md. */
function wideOnly(self: string, rows: number, cols: number): void {
  const load = loadavg()[0]!;
  const started = performance.now();
  const big = JSON.parse(execFileSync(process.execPath, [self, '--once', 'big', '--rows', String(rows), '--cols', String(cols)], { encoding: 'utf8' })) as Record<string, number>;
  const wall = (performance.now() - started) / 1000;
  console.log('wide', big);
  const body = `## Drift report, wide: ${rows.toLocaleString('en')} rows × ${cols} columns, streamed

Command: \`npm run build && node dist/bench/drift.bench.js --wide-only --big-rows ${rows} --big-cols ${cols}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores shared with other work, Node ${process.version}; load average when the run began: ${load.toFixed(1)}).
The shape Evidently is reported to take 6 hours on. Held whole it would be ${((rows * cols * 16) / 1e9).toFixed(0)} GB as float64 (reference + current), so it is streamed: each column's reference and current sides (${((rows * 16) / 2 ** 20).toFixed(0)} MiB as float64) are generated in memory with the seeded generator, tested with the default choice (Wasserstein / std or Jensen–Shannon, ${rows.toLocaleString('en')} rows per side) and dropped before the next column. Same column generator as the 1M × 100 run (70% numeric, 30% categorical). No peer run on this shape.

| tests (s) | per column (s) | generating the data (s, not in tests) | whole process, wall (s) | peak RSS (MiB) | drifted |
| ---: | ---: | ---: | ---: | ---: | ---: |
| ${big['testSeconds']!.toFixed(1)} | ${(big['testSeconds']! / cols).toFixed(3)} | ${big['generateSeconds']!.toFixed(1)} | ${wall.toFixed(1)} | ${big['maxRssMiB']} | ${big['drifted']} of ${cols} |
`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'drift-wide', body);
}

function main(): void {
  const self = process.argv[1]!;
  if (process.argv[2] === '--once') {
    if (process.argv[3] === 'report') onceReport(process.argv[4]!, numberArgument('--cols', 100));
    else onceBig(numberArgument('--rows', 3_000_000), numberArgument('--cols', 1000));
    return;
  }
  const rows = numberArgument('--rows', 1_000_000);
  const cols = numberArgument('--cols', 100);
  const bigRows = numberArgument('--big-rows', 3_000_000);
  const bigCols = numberArgument('--big-cols', 1000);
  if (process.argv.includes('--wide-only')) {
    wideOnly(self, bigRows, bigCols);
    return;
  }
  const dir = fromRoot('bench', 'data', `drift-${rows}-${cols}`);
  ensureData(dir, rows, cols);
  const load = loadavg()[0]!;
  const run = (args: string[]): Record<string, number | boolean> =>
    JSON.parse(execFileSync(process.execPath, [self, '--once', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Record<string, number | boolean>;
  const ours = run(['report', dir, '--cols', String(cols)]);
  console.log('framewise', ours);
  const peer = JSON.parse(execFileSync('/usr/bin/python3', [fromRoot('bench', 'peers', 'scipy_drift.py'), dir, String(cols)], { encoding: 'utf8' })) as Record<string, number | string>;
  console.log('scipy', peer);
  const big = bigCols > 0 ? run(['big', '--rows', String(bigRows), '--cols', String(bigCols)]) : null;
  if (big) console.log('big', big);

  const numeric = Array.from({ length: cols }, (_, j) => j).filter((j) => !isCategorical(j)).length;
  const f = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : String(v));
  const body = `## Drift report

Command: \`npm run build && node dist/bench/drift.bench.js --rows ${rows} --cols ${cols} --big-rows ${bigRows} --big-cols ${bigCols}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores shared with other work, Node ${process.version}; load average when the runs began: ${load.toFixed(1)}).
Data: ${rows.toLocaleString('en')} reference and ${rows.toLocaleString('en')} current rows × ${cols} generated columns (${numeric} numeric of four shapes, ${cols - numeric} categorical with 3–50 Zipf-like categories; some shifted on the current side), written once as raw files that both sides read; time excludes reading. Each side runs in a fresh process. Peer: \`bench/peers/scipy_drift.py\` with /usr/bin/python3 (SciPy ${peer['scipy']}, one thread), the same tests column by column.

| run | framewise (s) | SciPy (s) | framewise peak RSS (MiB) |
| --- | ---: | ---: | ---: |
| default tests (Wasserstein / std for numbers, Jensen–Shannon for categories) | ${f(ours['defaultSeconds'])} | ${f(peer['defaultSeconds'])} | ${ours['maxRssMiB']} (whole process, both frames loaded) |
| statistical tests (KS with asymptotic p-value for numbers, chi-squared for categories) | ${f(ours['statisticalSeconds'])} | ${f(peer['statisticalSeconds'])} | same process |

- Bar: the full default report within 60 s and under 4 GiB peak: ${Number(ours['defaultSeconds']) <= 60 && Number(ours['maxRssMiB']) < 4096 ? '**met**' : '**missed**'}. Drifted features found: ${ours['drifted']} of ${cols} (default tests), ${ours['statDrifted']} (statistical tests: with a million rows p-values flag tiny differences).
${
  big
    ? `- ${bigRows.toLocaleString('en')} × ${bigCols} (streamed; see the wide section for 1,000 columns): column by column, each column's reference and current generated as float64 (${((bigRows * 8 * 2) / 2 ** 20).toFixed(0)} MiB per column pair), tested with the default choice and dropped, so the whole ${bigRows.toLocaleString('en')} × ${bigCols} × 2 matrix (${((bigRows * bigCols * 16) / 1e9).toFixed(0)} GB as float64) is never held. Test time ${f(big['testSeconds'])} s (${f(Number(big['testSeconds']) / bigCols)} s per column), generation ${f(big['generateSeconds'])} s (not counted), peak RSS ${big['maxRssMiB']} MiB, ${big['drifted']} of ${bigCols} features drifted.`
    : ''
}
`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'drift', body);
}

main();
