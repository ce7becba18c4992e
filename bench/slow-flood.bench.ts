// Slow-body flood against `framewise serve` in its own process: 100 connections each send headers
// and most of a 4 MB body, then stall, while a normal client keeps predicting. Measures the
// server's resident memory (before, peak, after) and the normal client's answers, once with the
// timeouts pushed out of reach (as the server behaved before it had them) and once with the
// defaults, over several waves of the flood.
// Run: npm run build && node dist/bench/slow-flood.bench.js [--waves N] [--watch SECONDS]

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fromBuild, fromRoot } from '../src/core/paths.js';
import { DEFAULT_CONNECTION_LIMITS } from '../src/serve/connection-limits.js';
import { penguinRegistry, SEX_ROW } from '../src/serve/serve-fixtures.js';
import { numberArgument } from './arguments.js';
import { writeResultsSection } from './results-file.js';

const waves = numberArgument('--waves', 3);
/** How long each wave is watched: past the default request timeout, so the defaults run sees it cut. */
const watchSeconds = numberArgument('--watch', DEFAULT_CONNECTION_LIMITS.requestTimeoutMs / 1000 + 10);
const CONNECTIONS = 100;
const DECLARED = 4_000_000;
const SENT = 3_900_000;

const reg = await penguinRegistry();
reg.store.close();

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

async function start(extra: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', reg.dir, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FRAMEWISE_TOKEN: '' } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  while (!/serving on http:\/\/[^:]+:(\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, port: Number(/serving on http:\/\/[^:]+:(\d+)/.exec(out)![1]) };
}

const body = JSON.stringify({ row: SEX_ROW });
const stalled = Buffer.alloc(SENT, 0x20);
stalled[0] = 0x7b; // '{', then spaces: valid JSON so far, never finished

/** One stalled connection; resolves with the status line the server answered (or '' if it closed without one) when the server closes it. */
function stall(port: number, sockets: Socket[]): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`POST /v1/models/sex/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${DECLARED}\r\n\r\n`);
      s.write(stalled);
    });
    sockets.push(s);
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', () => {});
    s.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? ''));
  });
}

interface Wave {
  readonly peakMb: number;
  readonly endMb: number;
  readonly answered408: number;
  readonly ok: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
}

/** The stalled connections of earlier waves the server has not closed. */
const held: Socket[] = [];

async function wave(pid: number, port: number): Promise<Wave> {
  const sockets: Socket[] = [];
  let cut = 0;
  let answered408 = 0;
  const flood = Array.from({ length: CONNECTIONS }, () =>
    stall(port, sockets).then((status) => {
      cut++;
      if (status === '408') answered408++;
    }),
  );
  let peak = rssMb(pid);
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + watchSeconds * 1000;
  while (Date.now() < until && cut < CONNECTIONS) {
    const t0 = performance.now();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(performance.now() - t0);
      else failed++;
    } catch {
      failed++;
    }
    peak = Math.max(peak, rssMb(pid));
    await new Promise((r) => setTimeout(r, 20));
  }
  const endMb = rssMb(pid);
  // Connections the server still holds stay open into the next wave, as an attacker would keep them.
  held.push(...sockets);
  await Promise.race([Promise.all(flood), new Promise((r) => setTimeout(r, 100))]);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { peakMb: peak, endMb, answered408, ok: latencies.length, failed, p50: at(0.5), p99: at(0.99) };
}

async function run(label: string, extra: readonly string[]): Promise<string[]> {
  const { child, port } = await start(extra);
  for (let i = 0; i < 200; i++) await (await fetch(`http://127.0.0.1:${port}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).arrayBuffer();
  const before = rssMb(child.pid!);
  const lines: string[] = [];
  for (let w = 1; w <= waves; w++) {
    const r = await wave(child.pid!, port);
    lines.push(`| ${label} | ${w} | ${before.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${r.endMb.toFixed(0)} | ${r.answered408} of ${CONNECTIONS} | ${r.ok} / ${r.failed} | ${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} |`);
    process.stdout.write(`${lines.at(-1)}\n`);
  }
  for (const s of held.splice(0)) s.destroy();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return lines;
}

const started = new Date().toISOString().slice(0, 16).replace('T', ' ');
const load = loadavg()[0]!;
const unbounded = await run('no timeouts (86,400 s)', ['--header-timeout', '86400', '--request-timeout', '86400']);
const bounded = await run('defaults (10 s headers, 30 s request)', []);
rmSync(reg.dir, { recursive: true, force: true });

const section = `## Slow-body flood (framewise serve)

Command: \`npm run build && node dist/bench/slow-flood.bench.js --waves ${waves} --watch ${watchSeconds}\` (${started} UTC, ${cpus().length} cores shared with other work, load average ${load.toFixed(1)}, Node ${process.version}). Each wave opens ${CONNECTIONS} connections that send headers declaring a ${DECLARED.toLocaleString('en')}-byte body, then ${SENT.toLocaleString('en')} bytes of it, then nothing, while one client predicts one row at a time (penguins, boosted trees); a wave is watched for ${watchSeconds} s or until the server has closed every stalled connection. Memory is the server process's resident set (MB) from /proc. "No timeouts" pushes the header and request timeouts to a day, as the server behaved before it had them: the stalled connections of each wave stay open into the next, as an attacker would keep them, and are closed by the benchmark at the end of the run.

| server | wave | RSS before | RSS peak | RSS at wave end | stalled connections answered 408 | normal requests ok / failed | normal latency p50 / p99 (ms) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${[...unbounded, ...bounded].join('\n')}
`;
writeResultsSection(fromRoot('bench', 'RESULTS.md'), 'slow-flood', section);
process.stdout.write(section);
