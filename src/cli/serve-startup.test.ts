// `framewise serve` meeting damaged files, as an operator would: a garbage serving.sqlite, an empty
// or garbage registry.db and champions that cannot load each end the command with one message and
// exit 2 (no stack, no hang); one damaged champion among others is skipped and named while the rest
// are served; a registry.db overwritten under the running server is 503 and not ready until restored.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';

const cli = fromBuild('src', 'cli', 'main.js');
const penguins = fromRoot('examples', 'penguins.csv');
const SPECIES_ROW = { island: 'Biscoe', bill_length_mm: 47.5, bill_depth_mm: 15.0, flipper_length_mm: 217, body_mass_g: 5200, sex: 'male', year: 2008 };
const SEX_ROW = { species: 'Adelie', island: 'Dream', bill_length_mm: 36.0, bill_depth_mm: 17.0, flipper_length_mm: 185, body_mass_g: 3300, year: 2008 };

function run(...args: string[]): { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  // A generous timeout: a command that hangs is killed, and the test says so.
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, FRAMEWISE_TOKEN: 'startup-test-token' } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Ended by itself with exit 2, one error and a hint, no stack trace, and nothing served. */
function assertRefused(r: ReturnType<typeof run>, ...patterns: RegExp[]): void {
  assert.equal(r.signal, null, `the command ended by itself\n${r.stderr}`);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.match(/^error: /gm)?.length, 1, r.stderr);
  assert.match(r.stderr, /^hint: /m);
  assert.doesNotMatch(r.stderr, /\n\s+at |unexpected problem/);
  assert.doesNotMatch(r.stdout, /serving on/);
  for (const p of patterns) assert.match(r.stderr, p);
}

/** A registry with two champions trained from the penguins example: species@1 and sex@1. */
let registry: string;
before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-startup-'));
  registry = join(dir, 'reg');
  for (const [name, target] of [['species', 'species'], ['sex', 'sex']] as const) {
    const trained = run('train', penguins, '--target', target, '--model', 'linear', '--out', join(dir, `${name}.json`), '--register', name, '--registry', registry);
    assert.equal(trained.code, 0, trained.stderr);
    assert.equal(run('models', 'promote', name, '1', '--registry', registry).code, 0);
  }
});

/** A fresh copy of the registry, to damage. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'framewise-startup-')), 'reg');
  cpSync(registry, dir, { recursive: true });
  return dir;
}

test('a garbage serving.sqlite is refused by name with what to do, exit 2', () => {
  const dir = copy();
  writeFileSync(join(dir, 'serving.sqlite'), 'not a database at all, but long enough to hold a sixteen-byte header and more');
  assertRefused(run('serve', '--registry', dir, '--port', '0'), /^error: The serving database '.*serving\.sqlite' is damaged or not a SQLite database/m, /restore it from a backup, or move it aside/);
});

test('an empty registry.db beside the artifacts is refused and left as it is, not made into an empty registry', () => {
  const dir = copy();
  writeFileSync(join(dir, 'registry.db'), '');
  assertRefused(run('serve', '--registry', dir, '--port', '0'), /registry\.db' is empty \(0 bytes\), but '.*artifacts' holds 2 registered versions/, /^hint: Restore registry\.db from a backup/m);
  assertRefused(run('models', 'list', '--registry', dir), /is empty \(0 bytes\)/);
  assert.equal(statSync(join(dir, 'registry.db')).size, 0);
});

test('a garbage registry.db is refused by name, exit 2', () => {
  const dir = copy();
  const db = join(dir, 'registry.db');
  writeFileSync(db, Buffer.alloc(statSync(db).size, 7));
  assertRefused(run('serve', '--registry', dir, '--port', '0'), /its database '.*registry\.db' is damaged or not a registry database/);
});

test('when no champion can be loaded the server does not start: one message naming the file, exit 2', () => {
  const dir = copy();
  for (const name of ['species', 'sex']) writeFileSync(join(dir, 'artifacts', name, '1.json'), 'garbage');
  assertRefused(run('serve', '--registry', dir, '--port', '0'), /^error: No model can be served: The artifact of '(sex|species)'@1 is damaged: '.*artifacts\/(sex|species)\/1\.json'/m, /and 1 other champion/);
});

// --- a running server ---

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function serve(dir: string): Promise<{ base: string; output: () => string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--registry', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let tries = 0; !/serving on (http:\/\/\S+)/.test(out); tries++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (tries > 1500) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { base: /serving on (http:\/\/\S+)/.exec(out)![1]!, output: () => out };
}

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON read in tests
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls until `check` holds (the server re-reads the registry every second); fails after many tries. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never: ${what}`);
}

test('one damaged champion is skipped and named once, while the other model is served', async () => {
  const dir = copy();
  const file = join(dir, 'artifacts', 'sex', '1.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"estimator"', '"estimatr"'));
  const { base, output } = await serve(dir);
  assert.match(output(), /serving on \S+ \(species@1\)/);
  assert.equal((await call(base, 'POST', '/v1/models/species/predict', { row: SPECIES_ROW })).status, 200);
  const refused = await call(base, 'POST', '/v1/models/sex/predict', { row: SEX_ROW });
  assert.equal(refused.status, 503);
  assert.equal(refused.body.error.code, 'NOT_READY');
  assert.equal(typeof refused.body.error.hint, 'string');
  const ready = await call(base, 'GET', '/readyz');
  assert.equal(ready.status, 503);
  assert.deepEqual(ready.body.problems.map((p: { check: string }) => p.check), ['model:sex']);
  // A few polls later the warning has still been written once.
  await new Promise((r) => setTimeout(r, 2500));
  const warnings = output().match(/^warning: .*$/gm) ?? [];
  assert.equal(warnings.length, 1, output());
  assert.match(warnings[0]!, /'sex' champion version 1 cannot be loaded.*'.*artifacts\/sex\/1\.json'/);
  assert.doesNotMatch(output(), /\n\s+at /);
});

test('registry.db overwritten under the running server: 503 REGISTRY_UNREADABLE and not ready, then served again once restored', async () => {
  const dir = copy();
  const db = join(dir, 'registry.db');
  const { base, output } = await serve(dir);
  assert.equal((await call(base, 'GET', '/v1/models/sex')).status, 200);
  const saved = join(dir, '..', 'registry.db.good');
  copyFileSync(db, saved);
  writeFileSync(db, Buffer.alloc(statSync(db).size, 7));
  await until('the registry is reported unreadable', async () => (await call(base, 'GET', '/readyz')).status === 503);
  const ready = await call(base, 'GET', '/readyz');
  assert.deepEqual(ready.body.problems.map((p: { check: string }) => p.check), ['registry']);
  assert.match(ready.body.problems[0].problem, /registry\.db' is damaged or not a registry database/);
  const read = await call(base, 'GET', '/v1/models/sex');
  assert.equal(read.status, 503);
  assert.equal(read.body.error.code, 'REGISTRY_UNREADABLE');
  // The models already loaded keep answering.
  assert.equal((await call(base, 'POST', '/v1/models/species/predict', { row: SPECIES_ROW })).status, 200);
  copyFileSync(saved, db);
  await until('the restored registry is read again', async () => (await call(base, 'GET', '/readyz')).status === 200);
  assert.equal((await call(base, 'GET', '/v1/models/sex')).status, 200);
  assert.doesNotMatch(output(), /\n\s+at /);
});
