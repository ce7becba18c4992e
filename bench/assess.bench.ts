// Does `framewise assess` keep to its time budget? Runs the real CLI on seattle-weather and on
// the 100,000-row, 28-feature set at several budgets and records wall time against each budget.
// Run: npm run build && node dist/bench/assess.bench.js

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { ensureLoadData } from './generate-load-data.js';
import { writeResultsSection } from './results-file.js';

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
