// The SQLite store on real database files in temporary folders: versions and their immutability,
// aliases that move and roll back with their history, clear errors, crash safety between the
// artifact write and the row insert, and a reader that sees consistent state while a writer works.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { FramewiseError } from '../core/errors.js';
import { fromBuild, fromRoot } from '../core/paths.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { FittedModel } from '../learn/estimator.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { loadModel } from '../learn/model-io.js';
import { buildLineage } from './lineage.js';
import { drawReferenceSample, readReferenceSample } from './reference-sample.js';
import { SCHEMA_VERSION } from './schema.js';
import { SqliteModelStore } from './sqlite-store.js';
import type { RegisterInput } from './store.js';

const penguins = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame;

function tempRegistry(): string {
  return join(mkdtempSync(join(tmpdir(), 'framewise-registry-')), 'reg');
}

async function trained(frame: Frame, C = 1): Promise<FittedModel> {
  return new LogisticRegression({ C }).fit(frame, 'species');
}

function input(name: string, model: FittedModel, frame: Frame, extra: Partial<RegisterInput> = {}): RegisterInput {
  return { name, model: model.toJSON() as RegisterInput['model'], lineage: buildLineage({ frame, model, framewiseVersion: '0.0.0-test', seed: 7 }), ...extra };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FramewiseError, String(error));
    return `${error.code}: ${error.message} | ${error.hint ?? ''}`;
  }
  assert.fail('expected a FramewiseError');
}

test('two versions are numbered in order, keep their lineage, and load back into working models', async () => {
  const dir = tempRegistry();
  const store = SqliteModelStore.open(dir, { create: true });
  const m1 = await trained(penguins, 1);
  const m2 = await trained(penguins, 0.01);
  const v1 = store.register(input('penguins', m1, penguins));
  const v2 = store.register(input('penguins', m2, penguins));
  assert.equal(v1.version, 1);
  assert.equal(v2.version, 2);
  assert.equal(store.get({ name: 'penguins' }).version, 2, 'the latest by default');
  assert.equal(store.get({ name: 'penguins', version: 1 }).lineage.params['C'], 1);
  assert.equal(v2.lineage.params['C'], 0.01);
  assert.equal(v2.lineage.seed, 7);
  assert.match(v2.lineage.dataFingerprint, /^[0-9a-f]{64}$/);
  const profile = v2.lineage.referenceProfile as { rows: number; features: { name: string; missingShare: number; counts?: number[] }[] };
  assert.equal(profile.rows, 344);
  const bill = profile.features.find((f) => f.name === 'bill_length_mm')!;
  assert.equal(bill.missingShare, 2 / 344);
  assert.equal(bill.counts!.reduce((a, b) => a + b, 0), 342);
  // The stored artifact predicts exactly as the model registered.
  const reloaded = loadModel(store.artifact('penguins', 1));
  const a = m1.predict(penguins);
  const b = reloaded.predict(penguins);
  assert.ok(a.kind === 'classification' && b.kind === 'classification');
  assert.deepEqual(b.labels, a.labels);
  assert.deepEqual(store.list(), [{ name: 'penguins', latest: 2, aliases: {} }]);
  store.close();

  // Reopened from disk, the same state; the schema version is recorded.
  const again = SqliteModelStore.open(dir);
  assert.deepEqual(again.versions('penguins').map((v) => v.version), [1, 2]);
  again.close();
  const db = new Database(join(dir, 'registry.db'), { readonly: true });
  assert.equal((db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number }).v, SCHEMA_VERSION);
  assert.equal((db.pragma('journal_mode', { simple: true }) as string).toLowerCase(), 'wal');
  db.close();
});

test('versions are immutable: re-registering adds a version, and the database refuses edits', async () => {
  const dir = tempRegistry();
  const store = SqliteModelStore.open(dir, { create: true });
  const model = await trained(penguins);
  store.register(input('p', model, penguins));
  const artifact1 = readFileSync(join(dir, 'artifacts', 'p', '1.json'), 'utf8');
  const v2 = store.register(input('p', model, penguins));
  assert.equal(v2.version, 2);
  assert.equal(readFileSync(join(dir, 'artifacts', 'p', '1.json'), 'utf8'), artifact1, 'version 1 artifact untouched');
  store.close();
  const db = new Database(join(dir, 'registry.db'));
  assert.throws(() => db.prepare("UPDATE versions SET estimator = 'x' WHERE version = 1").run(), /immutable/);
  assert.throws(() => db.prepare('DELETE FROM versions').run(), /never deleted/);
  db.close();
});

test('aliases move and roll back, keeping who, when and why, until no earlier position is left', async () => {
  const store = SqliteModelStore.open(tempRegistry(), { create: true });
  const model = await trained(penguins);
  for (let i = 0; i < 3; i++) store.register(input('p', model, penguins));
  store.setAlias('p', 'champion', 1, 'ana', 'first release');
  store.setAlias('p', 'champion', 2, 'ben', 'better recall');
  const move = store.setAlias('p', 'champion', 3, 'ana', 'retrained');
  assert.deepEqual([move.from, move.to, move.by, move.why], [2, 3, 'ana', 'retrained']);
  assert.deepEqual(store.get({ name: 'p', alias: 'champion' }).aliases, ['champion']);
  assert.equal(store.get({ name: 'p', alias: 'champion' }).version, 3);

  const back = store.rollback('p', 'champion', 'carl', 'alerts after deploy');
  assert.deepEqual([back.from, back.to, back.kind], [3, 2, 'rollback']);
  assert.equal(store.rollback('p', 'champion', 'carl', 'still bad').to, 1, 'a second rollback goes further back, not forth');
  assert.match(codeOf(() => store.rollback('p', 'champion', 'carl', '')), /^INVALID_ARGUMENT: .*no earlier position/);
  assert.equal(store.get({ name: 'p', alias: 'champion' }).version, 1);

  const history = store.aliasHistory('p');
  assert.deepEqual(history.map((m) => [m.from, m.to, m.kind, m.by]), [[null, 1, 'promote', 'ana'], [1, 2, 'promote', 'ben'], [2, 3, 'promote', 'ana'], [3, 2, 'rollback', 'carl'], [2, 1, 'rollback', 'carl']]);
  assert.ok(history.every((m) => !Number.isNaN(Date.parse(m.at))));
  store.setAlias('p', 'staging', 3, 'ana', '');
  assert.deepEqual(store.list()[0]!.aliases, { champion: 1, staging: 3 });
  store.close();
});

test('unknown names, versions and aliases are refused with what exists', async () => {
  const store = SqliteModelStore.open(tempRegistry(), { create: true });
  const model = await trained(penguins);
  store.register(input('p', model, penguins));
  store.register(input('p', model, penguins));
  store.setAlias('p', 'champion', 2, 'ana', '');
  assert.match(codeOf(() => store.get({ name: 'q' })), /^MODEL_NOT_FOUND: .*'q'.*Registered models: p\./);
  assert.match(codeOf(() => store.get({ name: 'p', version: 9 })), /^MODEL_NOT_FOUND: .*no version 9.*Its versions: 1, 2\./);
  assert.match(codeOf(() => store.get({ name: 'p', alias: 'prod' })), /^MODEL_NOT_FOUND: .*no alias 'prod'.*champion \(version 2\)/);
  assert.match(codeOf(() => store.setAlias('p', 'champion', 7, 'ana', '')), /^MODEL_NOT_FOUND: .*no version 7/);
  assert.match(codeOf(() => store.register(input('../evil', model, penguins))), /^INVALID_ARGUMENT: '\.\.\/evil' cannot name a model/);
  store.close();
  assert.match(codeOf(() => SqliteModelStore.open(tempRegistry())), /^REGISTRY_UNREADABLE: There is no model registry/);
  const file = join(mkdtempSync(join(tmpdir(), 'framewise-registry-')), 'plain-file');
  writeFileSync(file, 'x');
  assert.match(codeOf(() => SqliteModelStore.open(file)), /^REGISTRY_UNREADABLE: .*is a file/);
  const notDb = tempRegistry();
  SqliteModelStore.open(notDb, { create: true }).close();
  writeFileSync(join(notDb, 'registry.db'), 'this is not a database, just some text that is long enough to fill a header of sixteen bytes');
  assert.match(codeOf(() => SqliteModelStore.open(notDb)), /^REGISTRY_UNREADABLE: Cannot open the model registry/);
});

test('a damaged or missing artifact is reported with its file name', async () => {
  const dir = tempRegistry();
  const store = SqliteModelStore.open(dir, { create: true });
  store.register(input('p', await trained(penguins), penguins));
  const file = join(dir, 'artifacts', 'p', '1.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"C":1', '"C":2'));
  assert.match(codeOf(() => store.artifact('p', 1)), new RegExp(`^ARTIFACT_CORRUPT: .*damaged: '${file.replaceAll('/', '\\/')}'`));
  store.close();
});

test('a new version whose signature differs is refused unless forced, and the forced reason is kept', async () => {
  const store = SqliteModelStore.open(tempRegistry(), { create: true });
  store.register(input('p', await trained(penguins), penguins));
  const fewer = penguins.drop(['island']);
  const other = await trained(fewer);
  const message = codeOf(() => store.register(input('p', other, fewer)));
  assert.match(message, /^REUSE_REFUSED: .*column 'island' is missing/);
  assert.equal(store.versions('p').length, 1, 'nothing registered');
  const v2 = store.register(input('p', other, fewer, { forcedReason: 'forced by ana: island dropped on purpose' }));
  assert.equal(v2.version, 2);
  assert.equal(store.get({ name: 'p', version: 2 }).forcedReason, 'forced by ana: island dropped on purpose');
  store.close();
});

test('a crash between the artifact write and the row insert leaves no version behind', async () => {
  const dir = tempRegistry();
  const model = await trained(penguins);
  const setup = SqliteModelStore.open(dir, { create: true });
  setup.register(input('p', model, penguins));
  setup.close();
  let artifactSeen = '';
  const crashing = SqliteModelStore.open(dir, {
    afterArtifactWrite: (path) => {
      artifactSeen = readFileSync(path, 'utf8');
      throw new Error('simulated crash');
    },
  });
  const sample = drawReferenceSample(penguins, model.signature);
  assert.throws(() => crashing.register(input('p', model, penguins, { referenceSample: sample })), /simulated crash/);
  assert.ok(artifactSeen.length > 100, 'the artifact was fully on disk before the insert');
  crashing.close();
  const store = SqliteModelStore.open(dir);
  assert.deepEqual(store.versions('p').map((v) => v.version), [1]);
  assert.deepEqual(readdirSync(join(dir, 'artifacts', 'p')), ['1.json'], 'no dangling artifact, sample or temporary file');
  assert.equal(store.register(input('p', model, penguins)).version, 2, 'the next registration takes the free number');
  loadModel(store.artifact('p', 2));
  store.close();
});

test('a process killed between the artifact write and the row insert leaves no version behind', async () => {
  const dir = tempRegistry();
  const setup = SqliteModelStore.open(dir, { create: true });
  setup.register(input('p', await trained(penguins), penguins));
  setup.close();
  const child = spawn(process.execPath, [fromBuild('src', 'registry', 'fixtures', 'register-worker.js'), dir, 'p', '1', 'kill'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, s) => done(s)));
  assert.equal(signal, 'SIGKILL');
  const store = SqliteModelStore.open(dir);
  assert.deepEqual(store.versions('p').map((v) => v.version), [1]);
  assert.equal(store.get({ name: 'p' }).version, 1);
  store.close();
});

test('a reader sees a consistent latest version while another process registers', async () => {
  const dir = tempRegistry();
  const setup = SqliteModelStore.open(dir, { create: true });
  setup.register(input('p', await trained(penguins), penguins));
  setup.close();
  const writes = 12;
  const child = spawn(process.execPath, [fromBuild('src', 'registry', 'fixtures', 'register-worker.js'), dir, 'p', String(writes), 'run'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let finished = false;
  void exited.then(() => (finished = true));
  const reader = SqliteModelStore.open(dir);
  const seen = new Set<number>();
  let last = 0;
  let reads = 0;
  while (!finished) {
    // Each call reads one snapshot: the versions it lists are 1..n with no gap, and the latest
    // read after it is never older; whatever is seen as latest is complete and its artifact loads.
    const listed = reader.versions('p').map((v) => v.version);
    assert.deepEqual(listed, listed.map((_, i) => i + 1), 'no gap and no half-written version');
    const latest = reader.get({ name: 'p' });
    assert.ok(latest.version >= listed.length && latest.version >= last, 'the latest version never goes backwards');
    const artifact = reader.artifact('p', latest.version);
    assert.equal(artifact.estimator, latest.estimator);
    last = latest.version;
    seen.add(latest.version);
    reads++;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(await exited, 0, stderr);
  assert.equal(reader.get({ name: 'p' }).version, writes + 1);
  assert.ok(reads > 3 && seen.size > 1, `reads during the writes: ${reads}, versions seen: ${[...seen].join(', ')}`);
  reader.close();
});

test('two writers at once never take the same version number', async () => {
  const dir = tempRegistry();
  SqliteModelStore.open(dir, { create: true }).close();
  const worker = fromBuild('src', 'registry', 'fixtures', 'register-worker.js');
  const children = [0, 1].map(() => spawn(process.execPath, [worker, dir, 'p', '5', 'run'], { stdio: ['ignore', 'ignore', 'pipe'] }));
  const codes = await Promise.all(children.map((child) => new Promise<number | null>((done) => child.on('exit', (code) => done(code)))));
  assert.deepEqual(codes, [0, 0]);
  const store = SqliteModelStore.open(dir);
  assert.deepEqual(store.versions('p').map((v) => v.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (let v = 1; v <= 10; v++) loadModel(store.artifact('p', v));
  store.close();
});

test('a registry written by a newer schema is refused, not guessed at', () => {
  const dir = tempRegistry();
  SqliteModelStore.open(dir, { create: true }).close();
  const db = new Database(join(dir, 'registry.db'));
  db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, new Date().toISOString());
  db.close();
  assert.match(codeOf(() => SqliteModelStore.open(dir)), new RegExp(`^REGISTRY_UNREADABLE: .*schema version ${SCHEMA_VERSION + 1}, newer`));
});

test('the training sample is registered with its SHA-256, and a changed sample is refused by name', async () => {
  const dir = tempRegistry();
  const model = await trained(penguins);
  const store = SqliteModelStore.open(dir, { create: true });
  const version = store.register(input('p', model, penguins, { referenceSample: drawReferenceSample(penguins, model.signature) }));
  const artifactPath = store.artifactPath('p', 1);
  store.close();
  const samplePath = join(dir, 'artifacts', 'p', '1.reference.json');
  assert.equal(version.referenceSha256, createHash('sha256').update(readFileSync(samplePath, 'utf8')).digest('hex'));
  assert.equal(readReferenceSample(artifactPath, "'p'@1", version.referenceSha256).rows, penguins.rowCount);
  const text = readFileSync(samplePath, 'utf8');
  writeFileSync(samplePath, text.replace('"rows":', '"rows": '));
  assert.match(codeOf(() => readReferenceSample(artifactPath, "'p'@1", version.referenceSha256)), /^ARTIFACT_CORRUPT: .*does not match the SHA-256 recorded .*1\.reference\.json/);
});

test('a registry from before samples were hashed is upgraded in place, its versions kept without a hash', async () => {
  const dir = tempRegistry();
  const model = await trained(penguins);
  const store = SqliteModelStore.open(dir, { create: true });
  store.register(input('p', model, penguins));
  store.close();
  // Back to the first schema: the column and its migration record removed.
  const db = new Database(join(dir, 'registry.db'));
  db.exec('ALTER TABLE versions DROP COLUMN reference_sha256; DELETE FROM schema_version WHERE version > 1;');
  db.close();
  const upgraded = SqliteModelStore.open(dir);
  assert.equal(upgraded.get({ name: 'p', version: 1 }).referenceSha256, null);
  assert.equal(upgraded.register(input('p', model, penguins, { referenceSample: drawReferenceSample(penguins, model.signature) })).referenceSha256?.length, 64);
  loadModel(upgraded.artifact('p', 1));
  upgraded.close();
});
