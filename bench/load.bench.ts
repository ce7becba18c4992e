// Loading benchmark: a 1,000,000-row CSV of 28 floats and a label into a frame, against pandas
// read_csv on the same file in the same run, each load in a fresh process; writes RESULTS.md.
// Run: npm run build && node dist/bench/load.bench.js [--rows N] [--runs N]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { ensureLoadData } from './generate-load-data.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';

interface Run {
  readonly seconds: number;
  readonly rows: number;
  readonly frameBytes: number;
  readonly maxRssBytes: number;
}


const rows = numberArgument('--rows', 1_000_000);
const runs = numberArgument('--runs', 5);
const dataPath = fromRoot('bench', 'data', `load-${rows}.csv`);
process.stderr.write(`generating ${dataPath} (once)…\n`);
await ensureLoadData(dataPath, rows);

const loadOnce = fromBuild('bench', 'load-once.js');
const pandasOnce = fromRoot('bench', 'peers', 'pandas_read_csv.py');
const node = (file: string): Run => JSON.parse(execFileSync(process.execPath, [loadOnce, file], { encoding: 'utf8' })) as Run;
const pandas = (file: string): Run => JSON.parse(execFileSync('/usr/bin/python3', [pandasOnce, file], { encoding: 'utf8' })) as Run;

// The runtime's baseline: the same program loading a ten-row file.
const tiny = join(mkdtempSync(join(tmpdir(), 'framewise-bench-')), 'tiny.csv');
writeFileSync(tiny, `a,b\n${Array.from({ length: 10 }, (_, i) => `${i},${i / 2}`).join('\n')}\n`);
const baseline = node(tiny);

const loadBefore = loadavg()[0]!;
const ours: Run[] = [];
const theirs: Run[] = [];
for (let i = 0; i < runs; i++) {
  // Alternate so that both feel the same machine load.
  ours.push(node(dataPath));
  theirs.push(pandas(dataPath));
  process.stderr.write(`run ${i + 1}/${runs}: framewise ${ours.at(-1)!.seconds.toFixed(2)} s, pandas ${theirs.at(-1)!.seconds.toFixed(2)} s\n`);
}

const best = (xs: Run[]): number => Math.min(...xs.map((x) => x.seconds));
const median = (xs: Run[]): number => {
  const s = xs.map((x) => x.seconds).sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mib = (b: number): string => (b / 1048576).toFixed(0);
const frameBytes = ours[0]!.frameBytes;
const peak = Math.max(...ours.map((r) => r.maxRssBytes));
const allowed = 1.5 * frameBytes + baseline.maxRssBytes;
const timeRatio = median(ours) / median(theirs);

const body = `## Loading a CSV into a frame

Command: \`npm run build && node dist/bench/load.bench.js --rows ${rows} --runs ${runs}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}).
Data: ${rows.toLocaleString('en-US')} rows × 28 float features + a 0/1 label, generated with a fixed seed (\`bench/generate-load-data.ts\`). Each load runs in a fresh process, alternating with the peer. Load average when the runs began: ${loadBefore.toFixed(1)} (the machine is shared; compare the ratio, not the seconds).

| loader | best (s) | median (s) | peak RSS (MiB) |
| --- | ---: | ---: | ---: |
| framewise \`loadFrame\` (DuckDB → typed arrays) | ${best(ours).toFixed(2)} | ${median(ours).toFixed(2)} | ${mib(peak)} |
| pandas ${(theirs[0] as Run & { pandas?: string }).pandas ?? ''} \`read_csv\` | ${best(theirs).toFixed(2)} | ${median(theirs).toFixed(2)} | ${mib(Math.max(...theirs.map((r) => r.maxRssBytes)))} |

- Time, framewise / pandas (medians): **${timeRatio.toFixed(2)}×** (bar: at most 1×).
- Memory: the frame holds ${mib(frameBytes)} MiB; the runtime's baseline (same program, ten-row file) peaks at ${mib(baseline.maxRssBytes)} MiB; the bar is 1.5 × frame + baseline = ${mib(allowed)} MiB; measured peak ${mib(peak)} MiB (**${peak <= allowed ? 'within' : 'over'}** the bar).
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'load', body);
process.stdout.write(body);
