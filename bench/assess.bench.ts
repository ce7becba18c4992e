// Does `framewise assess` keep to its time budget? Runs the real CLI on seattle-weather and on
// the 100,000-row, 28-feature set at several budgets and records wall time against each budget;
// then on the known-answer tables of 100,000, 1,000,000 and 10,000,000 rows at the default budget
// (assess-known-answer.ts) and the lifecycle commands on the largest (assess-lifecycle.ts).
// Run: npm run build && node dist/bench/assess.bench.js [--part budget,known-answer,lifecycle]
//   [--sizes 100000,1000000,10000000] [--lifecycle-rows 10000000] [--no-peer]

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { ensureLoadData } from './generate-load-data.js';
import { writeResultsSection } from './results-file.js';
import { knownAnswerTable, runKnownAnswer } from './assess-known-answer.js';
import { lifecycleTable, runLifecycle } from './assess-lifecycle.js';
import { KNOWN_ANSWER_FEATURES, KNOWN_ANSWER_SIZES } from './known-answer-data.js';

function listArgument(name: string, fallback: readonly string[]): string[] {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]!.split(',') : [...fallback];
}
const parts = listArgument('--part', ['budget', 'known-answer', 'lifecycle']);
const sizes = listArgument('--sizes', KNOWN_ANSWER_SIZES.map(String)).map(Number);
const lifecycleRows = Number(listArgument('--lifecycle-rows', ['10000000'])[0]);
const withPeer = !process.argv.includes('--no-peer');
const work = join(tmpdir(), 'framewise-assess-bench');
const machine = `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at the start`;

async function budgetPart(): Promise<void> {
  const cli = fromBuild('src', 'cli', 'main.js');
  const large = fromRoot('bench', 'data', 'load-100000.csv');
  await ensureLoadData(large, 100_000);

  const cases = [
    { label: 'seattle-weather (1,461 × 5, weather)', file: fromRoot('examples', 'seattle-weather.csv'), target: 'weather', budget: 60 },
    { label: '100,000 × 28 binary', file: large, target: 'label', budget: 60 },
    { label: '100,000 × 28 binary', file: large, target: 'label', budget: 30 },
  ];

  const rows: string[] = [];
  for (const c of cases) {
    const out = join(tmpdir(), `framewise-assess-bench-${c.budget}`);
    const load = loadavg()[0]!;
    const start = performance.now();
    execFileSync(process.execPath, [cli, 'assess', c.file, '--target', c.target, '--budget', String(c.budget), '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    const seconds = (performance.now() - start) / 1000;
    const a = JSON.parse(readFileSync(join(out, 'assessment.json'), 'utf8')) as { verdict: { verdict: string }; leaderboard: { name: string; foldsRun: number }[]; warnings: string[] };
    const models = a.leaderboard.map((m) => `${m.name} (${m.foldsRun} folds)`).join(', ');
    rows.push(`| ${c.label} | ${c.budget} | ${seconds.toFixed(1)} | ${(seconds / c.budget).toFixed(2)} | ${a.verdict.verdict} | ${models}${a.warnings.length ? `; ${a.warnings.length} note(s): ${a.warnings.join(' / ')}` : ''} | ${load.toFixed(1)} |`);
    process.stderr.write(`${rows.at(-1)}\n`);
  }

  const body = `## \`framewise assess\` against its time budget

Command: \`npm run build && node dist/bench/assess.bench.js\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}). Wall time of the whole CLI run, loading included. The bar: at most 1.1 × the budget.

| data | budget (s) | wall (s) | wall / budget | verdict | models run | load avg |
| --- | ---: | ---: | ---: | --- | --- | ---: |
${rows.join('\n')}
`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'assess', body);
  process.stdout.write(body);
}

/** Bytes of the loaded frame: 20 numeric columns of 8 bytes and the label's 4-byte codes per row. */
const frameMiB = (rows: number): number => (rows * (KNOWN_ANSWER_FEATURES * 8 + 4)) / 2 ** 20;

async function knownAnswerPart(): Promise<void> {
  // The section is rewritten after each size, so a long run leaves what it measured so far.
  await runKnownAnswer(sizes, work, withPeer, (rows) => writeKnownAnswer(rows, sizes.slice(rows.length)));
}

function writeKnownAnswer(rows: Parameters<typeof knownAnswerTable>[0], pending: readonly number[]): void {
  const body = `## \`framewise assess\` on known-answer tables at the default budget

Command: \`npm run build && node dist/bench/assess.bench.js --part known-answer\` (${machine}). Tables from \`bench/known-answer-data.ts\`: a binary label from 8 informative features through interactions and curves, plus 12 noise features; a single feature reaches ROC AUC about 0.66 and a logistic regression about 0.67, while gradient boosting reaches about 0.91 on the held-out file (200,000 rows, own seed), so the right verdict is \`use-ml\`. Each size runs \`framewise assess FILE --target label\` (default budget), then \`framewise brief FILE --target label\` for the chosen model, which \`framewise predict\` scores on the held-out file; the peer is \`bench/peers/xgb_known_answer.py\` (XGBoost hist, 1 thread, 100 rounds, 31 leaves) trained on every row. Wall and peak memory are GNU time's for the whole CLI process. "Rest of the run" is the wall time outside the assessment's own clock (loading the file, writing the outputs). The bar: wall within 1.1 × the budget plus the time to load the file, and memory within 2 × the frame's size (${frameMiB(10_000_000).toFixed(0)} MiB at 10,000,000 rows) plus the runtime's baseline.

${knownAnswerTable(rows)}
${pending.length === 0 ? '' : `\nStill running when this was written: ${pending.map((r) => r.toLocaleString('en-US')).join(', ')} rows.\n`}`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'assess-known-answer', body);
  process.stdout.write(body);
}

async function lifecyclePart(): Promise<void> {
  await runLifecycle(lifecycleRows, work, (steps) => writeLifecycle(steps));
}

function writeLifecycle(steps: Parameters<typeof lifecycleTable>[0]): void {
  const body = `## The lifecycle at ${lifecycleRows.toLocaleString('en-US')} rows

Command: \`npm run build && node dist/bench/assess.bench.js --part lifecycle\` (${machine}). From a card written by \`framewise init\` on the known-answer table of ${lifecycleRows.toLocaleString('en-US')} rows × 20 features (goal filled in), in this order; \`monitor\`'s current window and \`retrain\`'s new data are the same table. The frame itself is ${frameMiB(lifecycleRows).toFixed(0)} MiB; the bar is about 2 × that plus the runtime's baseline. brief exits 2 when its verdict chose no model (nothing to register); train registers a model either way for the steps after it.

${lifecycleTable(steps, frameMiB(lifecycleRows))}
`;
  writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'assess-lifecycle', body);
  process.stdout.write(body);
}

if (parts.includes('budget')) await budgetPart();
if (parts.includes('known-answer')) await knownAnswerPart();
if (parts.includes('lifecycle')) await lifecyclePart();
