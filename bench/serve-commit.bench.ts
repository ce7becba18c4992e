// What answering only logged predictions (group commit) costs: the serving benchmark's boosted model
// (100 trees, 28 features) served by several builds of `framewise serve` side by side, measured in
// alternating rounds under the same load: single-row p50/p99 latency at a fixed 1,000 requests/s,
// single-row requests/s with 10 and with 50 connections, and the p50/p99 of 1,000-row batches on one
// connection. This build is measured as is and with --log-fsync; `--before DIR` adds another
// build's checkout (its dist/src/cli/main.js), such as the commit before group commit.
// Run: npm run build && node dist/bench/serve-commit.bench.js [--seconds N] [--rounds N] [--before DIR]

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { Frame } from '../src/data/frame.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { buildLineage } from '../src/registry/lineage.js';
import { SqliteModelStore } from '../src/registry/sqlite-store.js';
import { numberArgument } from './arguments.js';
import { type AutocannonResult, autocannon } from './autocannon.js';
import { ensureGbdtData, FEATURES, readGbdtSplit } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';


const seconds = numberArgument('--seconds', 10);
const rounds = numberArgument('--rounds', 3);
const beforeAt = process.argv.indexOf('--before');
const beforeDir = beforeAt >= 0 ? process.argv[beforeAt + 1] : undefined;

const data = ensureGbdtData(fromRoot('bench', 'data', 'gbdt-20000'), 20_000);
const { train, test } = readGbdtSplit(data, 18_000);
const names = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
const trainFrame = new Frame([...train.columns.map((values, j) => ({ kind: 'numeric' as const, name: names[j]!, values })), { kind: 'numeric' as const, name: 'label', values: Float64Array.from(train.labels) }]);
const model = await new Gbdt({ objective: 'classification', max_iter: 100, early_stopping: 'off' }).fit(trainFrame, 'label');
const rowAt = (r: number): Record<string, number> => Object.fromEntries(names.map((n, j) => [n, test.columns[j]![r]!]));
const oneRow = JSON.stringify({ row: rowAt(0) });
const batch = JSON.stringify({ rows: Array.from({ length: 1000 }, (_, r) => rowAt(r)) });

/** A registry folder of its own for each server, so that no two servers share a log. */
function registry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-commit-'));
  const store = SqliteModelStore.open(dir, { create: true });
  store.register({ name: 'bench', model: model.toJSON() as ReturnType<typeof model.toJSON> & Record<string, unknown>, lineage: buildLineage({ frame: trainFrame, model, framewiseVersion: 'bench' }) });
  store.setAlias('bench', 'champion', 1, 'bench', 'benchmark');
  store.close();
  return dir;
}

interface Server {
  readonly label: string;
  readonly child: ChildProcess;
  readonly base: string;
  readonly dir: string;
}

async function start(label: string, main: string, extra: readonly string[]): Promise<Server> {
  const dir = registry();
  const child = spawn(process.execPath, [main, 'serve', '--registry', dir, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const pattern = /serving on (http:\/\/\S+)/;
  while (!pattern.test(out)) {
    if (child.exitCode !== null) throw new Error(`${label} exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { label, child, base: pattern.exec(out)![1]!, dir };
}

/** Waits until the server's log has written everything, so one measurement's backlog does not load the next. */
async function settle(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const text = await (await fetch(`${base}/metrics`)).text();
    if (/framewise_prediction_log_pending 0\b/.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const load = (server: Server, body: string, extra: Record<string, unknown>): Promise<AutocannonResult> =>
  autocannon({ url: `${server.base}/v1/models/bench/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body, duration: seconds, connections: 10, pipelining: 1, ...extra });

interface Round {
  readonly fixed: AutocannonResult;
  readonly open: AutocannonResult;
  readonly wide: AutocannonResult;
  readonly batches: AutocannonResult;
}

const servers: Server[] = [];
if (beforeDir !== undefined) servers.push(await start('before (7786876: answered, then logged within 100 ms)', join(beforeDir, 'dist', 'src', 'cli', 'main.js'), []));
servers.push(await start('group commit (answered once written)', fromBuild('src', 'cli', 'main.js'), []));
servers.push(await start('group commit with --log-fsync', fromBuild('src', 'cli', 'main.js'), ['--log-fsync']));

const loadAtStart = loadavg()[0]!;
for (const s of servers) {
  await load(s, oneRow, { duration: 2 }); // warm-up
  await settle(s.base);
}
const results = new Map<Server, Round[]>(servers.map((s) => [s, []]));
// Rounds alternate the servers, so a change in the machine's other load falls on each of them.
for (let round = 0; round < rounds; round++) {
  for (const s of servers) {
    const fixed = await load(s, oneRow, { overallRate: 1000 });
    await settle(s.base);
    const open = await load(s, oneRow, {});
    await settle(s.base);
    const wide = await load(s, oneRow, { connections: 50 });
    await settle(s.base);
    const batches = await load(s, batch, { connections: 1 });
    await settle(s.base);
    results.get(s)!.push({ fixed, open, wide, batches });
  }
}
for (const s of servers) {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
  rmSync(s.dir, { recursive: true, force: true });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};
const failures = (r: AutocannonResult): number => r.non2xx + r.errors + r.timeouts;
const cell = (runs: readonly Round[], pick: (r: Round) => number, digits = 0): string => `${median(runs.map(pick)).toFixed(digits)} (${runs.map((r) => pick(r).toFixed(digits)).join(', ')})`;
const rows = servers.map((s) => {
  const runs = results.get(s)!;
  return `| ${s.label} | ${cell(runs, (r) => r.fixed.latency.p50)} | ${cell(runs, (r) => r.fixed.latency.p99)} | ${cell(runs, (r) => r.open.requests.average)} | ${cell(runs, (r) => r.open.latency.p99)} | ${cell(runs, (r) => r.wide.requests.average)} | ${cell(runs, (r) => r.batches.latency.p50)} / ${cell(runs, (r) => r.batches.latency.p99)} | ${runs.reduce((n, r) => n + failures(r.fixed) + failures(r.open) + failures(r.wide) + failures(r.batches), 0)} |`;
});
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const body = `## Serving: the cost of answering only logged predictions (group commit)

Command: \`npm run build && node dist/bench/serve-commit.bench.js --seconds ${seconds} --rounds ${rounds}${beforeDir === undefined ? '' : ' --before /tmp/serve-before'}\`${beforeDir === undefined ? '' : ', after \`git worktree add /tmp/serve-before 7786876 && ln -s "$PWD/node_modules" /tmp/serve-before/node_modules && (cd /tmp/serve-before && npx tsc -p tsconfig.json)\`'} (${date} UTC, ${cpus().length} cores shared with other work, load average ${loadAtStart.toFixed(1)} when the runs began, Node ${process.version}). The serving benchmark's model (gbdt, 100 trees, 28 numeric features, binary), each server in its own process on a registry folder of its own, autocannon in the benchmark's process; ${rounds} rounds that alternate the servers, ${seconds} s per measurement, each starting once the log has written everything from the one before. Each cell is the median of the rounds, with the rounds in brackets; latencies in ms (autocannon's whole milliseconds).

| server | 1,000 req/s: p50 | 1,000 req/s: p99 | single row, 10 connections: req/s | same: p99 | single row, 50 connections: req/s | 1,000-row batch, 1 connection: p50 / p99 | failed requests |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Before, a prediction was answered as soon as it was made and its log record written within the next 100 ms, so a kill -9 lost the records of answers already sent. With group commit the answer waits until the writer thread has appended its batch to the segment and indexed it (write(2) returned; SQLite in WAL with synchronous NORMAL): while one batch is written the next gathers, so under load a batch holds every request that arrived meanwhile, and the wait is about one write. With --log-fsync each batch is also fsync'd (and the index commits with synchronous FULL) before its answers go, which survives a power cut too; what that costs depends on the disk. The cost of group commit is the wait for the writer thread (two hand-overs between threads and one write and SQLite commit per batch): with 10 connections each waiting for its answer, that wait is in every round trip, so requests per second fall; with more connections the batches grow and the gap narrows; the writer also spends more CPU per request, since batches are smaller than the 100 ms ones it wrote before (see the CPU rows of the serving section). On this shared machine a fixed-rate p99 is decided by the other work's load as much as by the server (the same build's p99 moves by tens of milliseconds between rounds): compare rows of one run, never runs.`;
process.stdout.write(`${body}\n`);
if (!process.argv.includes('--dry')) writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'serve-commit', body);
