// Serving benchmark: a boosted model of 100 trees on 28 features served by `framewise serve` in its
// own process, loaded by autocannon over loopback: single-row requests per second against a bare
// Fastify echo route in the same run, each server's CPU per request at a fixed 15,000 requests per
// second, p99 latency at a fixed 1,000, the p50 of 1,000-row batches, and the server's memory while
// every prediction is logged.
// Run: npm run build && node dist/bench/serve.bench.js [--seconds N] [--pairs N]

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { Frame } from '../src/data/frame.js';
import { Gbdt } from '../src/learn/gbdt/gbdt.js';
import { buildLineage } from '../src/registry/lineage.js';
import { SqliteModelStore } from '../src/registry/sqlite-store.js';
import { ensureGbdtData, FEATURES, readGbdtSplit } from './gbdt-data.js';
import { writeResultsSection } from './results-file.js';
import { numberArgument } from './arguments.js';
import { type AutocannonResult, autocannon } from './autocannon.js';


const seconds = numberArgument('--seconds', 10);
/** Alternated echo/predict pairs: the machine's other load moves single runs by several points, so the ratio is their median. */
const pairCount = numberArgument('--pairs', 4);

// The model: 100 rounds of 31 leaves on 20,000 rows of the boosting benchmark's data.
const data = ensureGbdtData(fromRoot('bench', 'data', 'gbdt-20000'), 20_000);
const { train, test } = readGbdtSplit(data, 18_000);
const names = Array.from({ length: FEATURES }, (_, j) => `f${j}`);
const trainFrame = new Frame([...train.columns.map((values, j) => ({ kind: 'numeric' as const, name: names[j]!, values })), { kind: 'numeric' as const, name: 'label', values: Float64Array.from(train.labels) }]);
const model = await new Gbdt({ objective: 'classification', max_iter: 100, early_stopping: 'off' }).fit(trainFrame, 'label');
const registry = mkdtempSync(join(tmpdir(), 'framewise-serve-bench-'));
const store = SqliteModelStore.open(registry, { create: true });
store.register({ name: 'bench', model: model.toJSON() as ReturnType<typeof model.toJSON> & Record<string, unknown>, lineage: buildLineage({ frame: trainFrame, model, framewiseVersion: 'bench' }) });
store.setAlias('bench', 'champion', 1, 'bench', 'benchmark');
store.close();
const rowAt = (r: number): Record<string, number> => Object.fromEntries(names.map((n, j) => [n, test.columns[j]![r]!]));
const oneRow = JSON.stringify({ row: rowAt(0) });
const batch = JSON.stringify({ rows: Array.from({ length: 1000 }, (_, r) => rowAt(r)) });

async function start(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  while (!pattern.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, base: pattern.exec(out)![1]! };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

/** CPU seconds (user + system) a process has used, per thread: the first entry is the main thread. */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      // Fields after the command's closing parenthesis; utime and stime are the 14th and 15th.
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

interface CpuUse {
  /** Microseconds of CPU per request: the whole server process, its main thread. */
  readonly total: number;
  readonly main: number;
}

/** Runs a load and the server's CPU time spent on it, per request. */
async function measured(pid: number, run: () => Promise<AutocannonResult>): Promise<{ result: AutocannonResult; cpu: CpuUse }> {
  const before = threadCpu(pid);
  const result = await run();
  const after = threadCpu(pid);
  let total = 0;
  for (const [tid, seconds] of after) total += seconds - (before.get(tid) ?? 0);
  const main = (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
  const n = Math.max(1, result.requests.total);
  return { result, cpu: { total: (total / n) * 1e6, main: (main / n) * 1e6 } };
}

/** Waits until the server's log has written everything (so one measurement's backlog does not load the next). */
async function settle(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const text = await (await fetch(`${base}/metrics`)).text();
    if (/framewise_prediction_log_pending 0\b/.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CONNECTIONS = 10;
const FIXED_RATE = 15_000;
const load = (url: string, body: string, extra: Record<string, unknown> = {}): Promise<AutocannonResult> =>
  autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, duration: seconds, connections: CONNECTIONS, pipelining: 1, ...extra });

const loadAtStart = loadavg()[0]!;
// Both servers run side by side (the one not under load sits idle); their runs alternate --pairs
// times, so a change in the machine's other load falls on both.
const echo = await start([fromBuild('bench', 'serve-echo.js')], /serving on (http:\/\/\S+)/);
const served = await start([fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', registry, '--port', '0'], /serving on (http:\/\/\S+)/);
const echoUrl = `${echo.base}/echo`;
const predictUrl = `${served.base}/v1/models/bench/predict`;
await load(echoUrl, oneRow, { duration: 2 }); // warm-up
await load(predictUrl, oneRow, { duration: 2 });
await settle(served.base);
const rssBefore = rssMb(served.child.pid!);
const pairs: { echo: { result: AutocannonResult; cpu: CpuUse }; predict: { result: AutocannonResult; cpu: CpuUse } }[] = [];
let rssAfterSingle = Number.NaN;
for (let pass = 0; pass < pairCount; pass++) {
  const e = await measured(echo.child.pid!, () => load(echoUrl, oneRow));
  const p = await measured(served.child.pid!, () => load(predictUrl, oneRow));
  if (pass === 0) rssAfterSingle = rssMb(served.child.pid!);
  pairs.push({ echo: e, predict: p });
  await settle(served.base);
}
// At a fixed 15,000 requests/s neither server is saturated: the CPU each spends per request
// compares their own work, without the contest for the cores deciding how fast each goes.
const echoAtRate = await measured(echo.child.pid!, () => load(echoUrl, oneRow, { overallRate: FIXED_RATE }));
const predictAtRate = await measured(served.child.pid!, () => load(predictUrl, oneRow, { overallRate: FIXED_RATE }));
await settle(served.base);
await stop(echo.child);
const fixed = await load(predictUrl, oneRow, { overallRate: 1000 });
await settle(served.base);
const batched = await load(predictUrl, batch, { connections: 1 });
const rssAfter = rssMb(served.child.pid!);
// Second runs of both: memory should level off, not keep growing with the rows logged.
await load(predictUrl, batch, { connections: 1 });
const rssBatches2 = rssMb(served.child.pid!);
await load(predictUrl, oneRow);
const rssSecond = rssMb(served.child.pid!);
await new Promise((r) => setTimeout(r, 3000));
const rssIdle = rssMb(served.child.pid!);
const metricsText = await (await fetch(`${served.base}/metrics`)).text();
const pendingAfter = Number(/framewise_prediction_log_pending (\d+)/.exec(metricsText)?.[1] ?? Number.NaN);
const logged = [...metricsText.matchAll(/framewise_predictions_total\{[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
await stop(served.child);
rmSync(registry, { recursive: true, force: true });

const failures = (r: AutocannonResult): number => r.non2xx + r.errors + r.timeouts;
const rps = (r: AutocannonResult): number => r.requests.average;
const echoRps = pairs.reduce((n, p) => n + rps(p.echo.result), 0) / pairs.length;
const predictRps = pairs.reduce((n, p) => n + rps(p.predict.result), 0) / pairs.length;
const pairRatios = pairs.map((p) => rps(p.predict.result) / rps(p.echo.result));
const sortedRatios = [...pairRatios].sort((a, b) => a - b);
const middle = sortedRatios.length >> 1;
const ratio = sortedRatios.length % 2 === 1 ? sortedRatios[middle]! : (sortedRatios[middle - 1]! + sortedRatios[middle]!) / 2;
const cpu = (key: 'echo' | 'predict', part: keyof CpuUse): string => (pairs.reduce((n, p) => n + p[key].cpu[part], 0) / pairs.length).toFixed(1);
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const body = `## Serving (framewise serve)

Command: \`npm run build && node dist/bench/serve.bench.js --seconds ${seconds} --pairs ${pairCount}\` (${date} UTC, ${cpus().length} cores shared with other work, load average ${loadAtStart.toFixed(1)} when the runs began, Node ${process.version}). Model: gbdt, 100 trees of up to 31 leaves, 28 numeric features, binary; every prediction is validated, checked for out-of-distribution values and written to the prediction log (batched JSON lines, indexed in SQLite) before it is answered (group commit; the \`serve-commit\` section measures what that costs). Server and baseline each run in their own process; autocannon runs in the benchmark's process with ${CONNECTIONS} connections and no pipelining (one request in flight per connection), ${seconds} s per measurement, so the load generator, the server and its log writer thread share the same ${cpus().length} cores. The echo and predict runs alternate ${pairCount} times; the table gives the mean requests per second and the median of the per-pair ratios; each measurement starts once the log has written everything from the one before. Each answer waits for its log batch to be written (and, past 20,000 rows waiting, a request waits to be taken): those waits are inside these numbers.

| measurement | result | target |
| --- | --- | --- |
| single-row predict, requests/s | ${Math.round(predictRps)} (runs: ${pairs.map((p) => Math.round(rps(p.predict.result))).join(', ')}; p50 latency ${pairs[0]!.predict.result.latency.p50} ms, p99 ${pairs[0]!.predict.result.latency.p99} ms) | |
| bare Fastify JSON echo, same body, requests/s | ${Math.round(echoRps)} (runs: ${pairs.map((p) => Math.round(rps(p.echo.result))).join(', ')}) | |
| predict ÷ echo, median of pairs | ${(100 * ratio).toFixed(0)} % (per pair: ${pairs.map((p) => `${((100 * rps(p.predict.result)) / rps(p.echo.result)).toFixed(0)} %`).join(', ')}) | ≥ 70 % |
| server CPU per request, µs: predict (main thread + log writer and the rest) / echo | ${cpu('predict', 'total')} (${cpu('predict', 'main')} + ${(Number(cpu('predict', 'total')) - Number(cpu('predict', 'main'))).toFixed(1)}) / ${cpu('echo', 'total')} | |
| server CPU per request at a fixed ${FIXED_RATE.toLocaleString('en-US')} requests/s, µs: predict (main thread + the rest) / echo | ${predictAtRate.cpu.total.toFixed(1)} (${predictAtRate.cpu.main.toFixed(1)} + ${(predictAtRate.cpu.total - predictAtRate.cpu.main).toFixed(1)}) / ${echoAtRate.cpu.total.toFixed(1)} (${rps(predictAtRate.result).toFixed(0)} and ${rps(echoAtRate.result).toFixed(0)} requests/s achieved) | |
| p99 latency at a fixed 1,000 requests/s (single row) | ${fixed.latency.p99} ms (p50 ${fixed.latency.p50} ms, ${Math.round(fixed.requests.average)} req/s achieved) | < 10 ms |
| 1,000-row batch, one connection, p50 latency | ${batched.latency.p50} ms (p99 ${batched.latency.p99} ms) | < 20 ms |
| server RSS (MB): before / after single rows / after the batches / after the batches again / after single rows again / 3 s idle | ${rssBefore.toFixed(0)} / ${rssAfterSingle.toFixed(0)} / ${rssAfter.toFixed(0)} / ${rssBatches2.toFixed(0)} / ${rssSecond.toFixed(0)} / ${rssIdle.toFixed(0)} | stable |
| predictions logged; waiting to be written 3 s after the load | ${logged}; ${pendingAfter} | 0 waiting |
| failed requests (non-2xx, errors, timeouts) | ${pairs.reduce((n, p) => n + failures(p.predict.result) + failures(p.echo.result), 0) + failures(predictAtRate.result) + failures(echoAtRate.result) + failures(fixed) + failures(batched)} | 0 |

The machine is shared with other work, and autocannon, the server and its log writer share its ${cpus().length} cores: requests per second and their ratio to the echo route move with that load from run to run. CPU per request is read from /proc for the server process during each run: beyond the echo route's HTTP and JSON work, a prediction adds on the main thread the check of the row against the signature, the model itself (100 trees), the response, the prediction id and the metrics, and on other threads the log writer and the garbage collector (the part after the +). Since the main thread has to share the 2 cores with the load generator and those threads, requests per second fall short of what its CPU time alone would allow. The fixed-rate row measures the same CPU with neither server saturated (one run of each, after the pairs).`;
process.stdout.write(`${body}\n`);
if (!process.argv.includes('--dry')) writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'serve', body);
