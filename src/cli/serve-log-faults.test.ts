// `framewise serve` when things go wrong with its prediction log: killed with -9 under load, every
// prediction it had answered 200 is in `log export`; with the log folder replaced by a file,
// predictions are refused with 503 LOG_UNAVAILABLE, /readyz names the log, the cause is told once
// on stderr, and SIGTERM still ends the process, saying how many rows could not be written.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';
import { openDuckDB } from '../data/duckdb.js';

const MAIN = fromBuild('src', 'cli', 'main.js');
const ROW = { island: 'Biscoe', bill_length_mm: 47.5, bill_depth_mm: 15, flipper_length_mm: 217, body_mass_g: 5200, sex: 'male', year: 2008 };

let dir: string;
const children: ChildProcess[] = [];

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 120_000 });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'framewise-log-faults-'));
  const trained = cli(['train', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--model', 'linear', '--out', join(dir, 'm.json'), '--register', 'penguins', '--registry', registry()]);
  assert.equal(trained.status, 0, trained.stderr);
  const promoted = cli(['models', 'promote', 'penguins', '1', '--why', 'first model', '--by', 'test', '--registry', registry()]);
  assert.equal(promoted.status, 0, promoted.stderr);
});

after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function registry(name = 'reg'): string {
  return join(dir, name);
}

async function startServer(reg: string): Promise<{ child: ChildProcess; base: string; stdout: () => string; stderr: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'serve', '--registry', reg, '--port', '0'], { env: { ...process.env, FRAMEWISE_TOKEN: 'log-faults-token-0123456789' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  while (!/serving on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, base: /serving on (http:\/\/\S+)/.exec(out)![1]!, stdout: () => out, stderr: () => err };
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

interface Answer {
  readonly status: number;
  readonly body: { predictions?: { id: string }[]; error?: { code: string; message: string; hint?: string } };
}

async function predict(base: string, bodyMass = 5200): Promise<Answer> {
  try {
    const res = await fetch(`${base}/v1/models/penguins/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ row: { ...ROW, body_mass_g: bodyMass } }) });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  } catch {
    // The server is gone (killed): no answer.
    return { status: 0, body: {} };
  }
}

/** The prediction ids `framewise log export` writes for a registry. */
async function exportedIds(reg: string): Promise<Set<string>> {
  const out = join(dir, `export-${Math.random().toString(36).slice(2)}.parquet`);
  const run = cli(['log', 'export', '--registry', reg, '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const duck = await openDuckDB();
  try {
    const rows = (await duck.connection.runAndReadAll(`SELECT id FROM read_parquet('${out}')`)).getRowObjectsJson() as { id: string }[];
    return new Set(rows.map((r) => r.id));
  } finally {
    duck.close();
  }
}

test('kill -9 in the middle of a load: every prediction answered 200 is in log export', async () => {
  const reg = registry();
  const { child, base } = await startServer(reg);
  const answered: string[] = [];
  let sent = 0;
  let killedAfter = -1;
  // 16 clients share a budget of 1,000 single-row requests; the server is killed once 400 are
  // answered, while the others are on their way, being predicted or waiting for the log.
  const client = async (): Promise<void> => {
    while (sent < 1000 && child.exitCode === null && child.signalCode === null) {
      sent++;
      const r = await predict(base, 3000 + (sent % 3000));
      if (r.status === 200) answered.push(r.body.predictions![0]!.id);
      else if (r.status !== 0) assert.fail(`status ${r.status}: ${JSON.stringify(r.body)}`);
      if (answered.length >= 400 && killedAfter < 0) {
        killedAfter = answered.length;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, client));
  await exited(child);
  assert.equal(child.signalCode, 'SIGKILL');
  assert.ok(answered.length >= 400, `${answered.length} answered`);
  assert.ok(sent > answered.length, 'requests were still on their way when the server was killed');
  const logged = await exportedIds(reg);
  const missing = answered.filter((id) => !logged.has(id));
  assert.deepEqual(missing, [], `${missing.length} of ${answered.length} predictions answered 200 are missing from the log`);
  // A restarted server serves, logs and stops cleanly over the killed run's log.
  const again = await startServer(reg);
  const one = await predict(again.base);
  assert.equal(one.status, 200);
  again.child.kill('SIGTERM');
  assert.equal(await exited(again.child), 0, again.stderr());
  assert.ok((await exportedIds(reg)).has(one.body.predictions![0]!.id));
});

test('the log folder replaced by a file: 503 LOG_UNAVAILABLE, /readyz names the log, one line on stderr, a clean stop', async () => {
  const reg = registry('replaced');
  mkdirSync(reg, { recursive: true });
  const copied = cli(['train', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--model', 'linear', '--out', join(dir, 'm2.json'), '--register', 'penguins', '--registry', reg]);
  assert.equal(copied.status, 0, copied.stderr);
  assert.equal(cli(['models', 'promote', 'penguins', '1', '--why', 'first model', '--by', 'test', '--registry', reg]).status, 0);
  const { child, base, stdout, stderr } = await startServer(reg);
  const first = await predict(base);
  assert.equal(first.status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);

  const folder = join(reg, 'prediction-log');
  rmSync(folder, { recursive: true, force: true });
  writeFileSync(folder, 'not a folder');
  const refused: Answer[] = [];
  for (let i = 0; i < 5; i++) refused.push(await predict(base));
  for (const r of refused) {
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.equal(r.body.error?.code, 'LOG_UNAVAILABLE');
    assert.match(r.body.error!.message, /prediction log cannot be written/);
    assert.match(r.body.error!.hint ?? '', /readyz/);
    assert.equal(r.body.predictions, undefined, 'no prediction is given');
  }
  const ready = await fetch(`${base}/readyz`);
  assert.equal(ready.status, 503);
  const readiness = (await ready.json()) as { status: string; problems: { check: string; problem: string }[] };
  assert.equal(readiness.status, 'not-ready');
  const log = readiness.problems.find((p) => p.check === 'log');
  assert.ok(log !== undefined, JSON.stringify(readiness));
  assert.match(log.problem, /prediction-log.*not a folder/);
  // The cause is told once, however many requests were refused.
  const told = stderr().split('\n').filter((line) => /prediction log cannot be written/.test(line));
  assert.equal(told.length, 1, stderr());
  assert.match(told[0]!, /prediction-log.*not a folder/);
  assert.doesNotMatch(stderr(), /\n\s+at /, 'no stack trace');

  // The folder back: the writer finds it at its next check, and predictions are answered and logged again.
  rmSync(folder);
  mkdirSync(folder);
  let back: Answer = { status: 0, body: {} };
  for (let tries = 0; tries < 200 && back.status !== 200; tries++) {
    await new Promise((r) => setTimeout(r, 50));
    back = await predict(base);
    if (back.status !== 200) assert.equal(back.body.error?.code, 'LOG_UNAVAILABLE');
  }
  assert.equal(back.status, 200);
  assert.equal((await fetch(`${base}/readyz`)).status, 200);

  child.kill('SIGTERM');
  const code = await exited(child);
  // Rows were refused while the log could not be written: the exit code and stderr say so.
  assert.equal(code, 3, stderr());
  assert.match(stderr(), /error: \d+ predicted rows? could not be written to the prediction log; their requests were refused with 503/);
  assert.match(stdout(), /framewise stopped; \d+ predictions? logged/);
  const logged = await exportedIds(reg);
  assert.ok(logged.has(back.body.predictions![0]!.id));
});

test('a server started with the log folder already a file refuses predictions from the start and stops cleanly', async () => {
  const reg = registry('replaced');
  const folder = join(reg, 'prediction-log');
  rmSync(folder, { recursive: true, force: true });
  writeFileSync(folder, 'not a folder');
  const { child, base, stderr } = await startServer(reg);
  let ready = await fetch(`${base}/readyz`);
  for (let tries = 0; tries < 100 && ready.status === 200; tries++) {
    await new Promise((r) => setTimeout(r, 50));
    ready = await fetch(`${base}/readyz`);
  }
  assert.equal(ready.status, 503);
  const r = await predict(base);
  assert.equal(r.status, 503);
  assert.equal(r.body.error?.code, 'LOG_UNAVAILABLE');
  child.kill('SIGTERM');
  // Nothing was handed to the log, so nothing was lost: exit 0, not the 13 of a wait on a dead writer.
  assert.equal(await exited(child), 0, stderr());
  assert.equal(stderr().split('\n').filter((line) => /prediction log cannot be written/.test(line)).length, 1, stderr());
});
