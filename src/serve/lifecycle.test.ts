// The server as a process (`framewise serve`): SIGTERM drains requests in flight and flushes the
// log; a kill -9 leaves the serving database intact and a restart serves from it again.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { fromBuild } from '../core/paths.js';
import { openDuckDB } from '../data/duckdb.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { PredictionLogReader } from './log-reader.js';
import { SERVE_DB_FILE } from './serve-db.js';
import { penguinRegistry, SEX_ROW } from './serve-fixtures.js';

let dir: string;

before(async () => {
  const reg = await penguinRegistry();
  dir = reg.dir;
  reg.store.close();
});

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(extra: readonly string[] = [], env: Readonly<Record<string, string>> = { FRAMEWISE_TOKEN: 'lifecycle-token' }): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', dir, '--port', '0', ...extra], {
    env: { ...process.env, FRAMEWISE_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!/serving on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (Date.now() - started > 15_000) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, base: /serving on (http:\/\/\S+)/.exec(out)![1]!, output: () => out };
}

/** Resolves with the exit code once the child has exited (at once if it already has). */
async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

function rows(n: number): unknown {
  return { rows: Array.from({ length: n }, (_, i) => ({ ...SEX_ROW, body_mass_g: 3000 + i })) };
}

async function predict(base: string, n: number): Promise<{ status: number; ids: string[]; at: number }> {
  try {
    const res = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows(n)) });
    const body = (await res.json()) as { predictions?: { id: string }[] };
    return { status: res.status, ids: body.predictions?.map((p) => p.id) ?? [], at: Date.now() };
  } catch {
    return { status: 0, ids: [], at: Date.now() };
  }
}

/** The ids the log holds; every indexed batch must read back whole. */
function loggedIds(): Set<string> {
  const db = new Database(join(dir, SERVE_DB_FILE), { readonly: true });
  const reader = new PredictionLogReader(db, dir);
  const ids = new Set([...reader.entries()].map((e) => e.id));
  assert.equal(reader.unreadable, 0);
  reader.close();
  db.close();
  return ids;
}

function integrity(): string {
  const db = new Database(join(dir, SERVE_DB_FILE));
  const result = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  return result;
}

test('SIGTERM finishes the requests in flight and every answered prediction is in the log', async () => {
  const { child, base, output } = await startServer();
  let signalledAt = Infinity;
  // The signal goes when the first answer arrives: the server handles one request at a time, so
  // most of the others are still waiting or running.
  const requests = Array.from({ length: 30 }, () =>
    predict(base, 400).then((r) => {
      if (signalledAt === Infinity) {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
      return r;
    }),
  );
  const results = await Promise.all(requests);
  assert.equal(await exited(child), 0, output());
  const answered = results.filter((r) => r.status === 200);
  assert.ok(answered.filter((r) => r.at > signalledAt).length > 1, `answered after SIGTERM: ${results.map((r) => `${r.status}${r.at > signalledAt ? '+' : ''}`).join(' ')}`);
  for (const r of results) assert.ok(r.status === 200 || r.status === 503 || r.status === 0, `status ${r.status}`);
  const logged = loggedIds();
  const ids = answered.flatMap((r) => r.ids);
  assert.equal(ids.filter((id) => !logged.has(id)).length, 0, `${ids.length} answered predictions, all logged`);
  assert.match(output(), /predictions? logged/);
  // The log exports to Parquet from the command line with every logged row.
  const out = join(dir, 'export.parquet');
  const run = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'log', 'export', '--registry', dir, '--out', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`Exported ${logged.size} predictions`));
  const duck = await openDuckDB();
  const count = (await duck.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet('${out}')`)).getRowObjectsJson()[0]!.n;
  duck.close();
  assert.equal(count, logged.size);
});

test('kill -9 under traffic leaves the store intact; a restart serves and keeps every flushed prediction', async () => {
  const first = await startServer();
  const early = await predict(first.base, 50);
  assert.equal(early.status, 200);
  await new Promise((r) => setTimeout(r, 400)); // longer than the flush interval
  const traffic = Array.from({ length: 10 }, () => predict(first.base, 300));
  await new Promise((r) => setTimeout(r, 40));
  first.child.kill('SIGKILL');
  await Promise.all(traffic);
  await exited(first.child);
  assert.equal(integrity(), 'ok');
  const logged = loggedIds();
  for (const id of early.ids) assert.ok(logged.has(id));
  const second = await startServer();
  const again = await predict(second.base, 5);
  assert.equal(again.status, 200);
  const ready = await fetch(`${second.base}/readyz`);
  assert.equal(ready.status, 200);
  // Feedback for a prediction the killed run logged is found in that run's segment.
  const feedback = (predictionId: string): Promise<Response> =>
    fetch(`${second.base}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer lifecycle-token' }, body: JSON.stringify({ predictionId, label: 'male' }) });
  assert.equal((await feedback(early.ids[0]!)).status, 201);
  assert.equal((await feedback(early.ids[0]!.replace(/.{12}$/, '000000000000'))).status, 400, 'an id of the same millisecond the log never held');
  second.child.kill('SIGTERM');
  assert.equal(await exited(second.child), 0);
  const after = loggedIds();
  for (const id of [...early.ids, ...again.ids]) assert.ok(after.has(id));
});

test('--token-file and --protect-predict from the command line; a bad --port is a usage error', async () => {
  const tokenFile = join(dir, 'token.txt');
  writeFileSync(tokenFile, 'from-a-file\n');
  const { child, base } = await startServer(['--token-file', tokenFile, '--protect-predict'], {});
  const body = JSON.stringify({ row: SEX_ROW });
  const headers = { 'content-type': 'application/json' };
  assert.equal((await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers, body })).status, 401);
  assert.equal((await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { ...headers, authorization: 'Bearer from-a-file' }, body })).status, 200);
  child.kill('SIGTERM');
  assert.equal(await exited(child), 0);
  const refused = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', dir, '--protect-predict'], { encoding: 'utf8', env: { ...process.env, FRAMEWISE_TOKEN: '' } });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /--protect-predict needs a token/);
  const badPort = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--port', 'x'], { encoding: 'utf8' });
  assert.equal(badPort.status, 2);
});

test('a promotion made by another process is served within the poll interval, with no failed request', async () => {
  const { child, base } = await startServer();
  const store = SqliteModelStore.open(dir);
  try {
    const champion = store.list().find((m) => m.name === 'sex')!.aliases.champion!;
    const other = champion === 1 ? 2 : 1;
    const versions: number[] = [];
    const statuses: number[] = [];
    const ask = async (): Promise<void> => {
      const res = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ row: SEX_ROW }) });
      statuses.push(res.status);
      versions.push(((await res.json()) as { version: number }).version);
    };
    await ask();
    store.setAlias('sex', 'champion', other, 'ops', 'promote from another process');
    const promoted = Date.now();
    while (versions.at(-1) !== other && Date.now() - promoted < 5000) await ask();
    assert.equal(versions[0], champion);
    assert.equal(versions.at(-1), other);
    assert.ok(statuses.every((s) => s === 200));
  } finally {
    store.close();
    child.kill('SIGTERM');
    await exited(child);
  }
});
