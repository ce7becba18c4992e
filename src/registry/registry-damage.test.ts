// The registry store when its database file is empty, damaged or replaced: an empty file beside
// registered artifacts is refused (not made into a new registry), a fresh folder is still created,
// a reader finds an overwritten file at once and reads again once the file is put back; and a
// version whose artifact does not load is ARTIFACT_CORRUPT naming the file.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import { loadFrame } from '../data/load.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { buildLineage } from './lineage.js';
import { SqliteModelStore } from './sqlite-store.js';
import type { RegisterInput } from './store.js';
import { loadVerifiedModel } from './verified-artifact.js';

const penguins = (await loadFrame(fromRoot('examples', 'penguins.csv'))).frame.select(['species', 'bill_length_mm', 'bill_depth_mm']);
const model = await new LogisticRegression().fit(penguins, 'species');

function input(name: string, json: RegisterInput['model'] = model.toJSON() as unknown as RegisterInput['model']): RegisterInput {
  return { name, model: json, lineage: buildLineage({ frame: penguins, model, framewiseVersion: '0.0.0-test' }) };
}

/** A registry folder holding two versions of 'p', closed. */
function registryWithVersions(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'framewise-damage-')), 'reg');
  const store = SqliteModelStore.open(dir, { create: true });
  store.register(input('p'));
  store.register(input('p'));
  store.setAlias('p', 'champion', 1, 'test', '');
  store.close();
  return dir;
}

function errorOf(fn: () => unknown): FramewiseError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FramewiseError, String(error));
    return error;
  }
  assert.fail('expected a FramewiseError');
}

test('an empty registry.db beside registered artifacts is refused, opening or registering, and stays as it was', () => {
  const dir = registryWithVersions();
  const db = join(dir, 'registry.db');
  writeFileSync(db, '');
  for (const options of [{}, { create: true }]) {
    const error = errorOf(() => SqliteModelStore.open(dir, options));
    assert.equal(error.code, 'REGISTRY_UNREADABLE');
    assert.match(error.message, /registry\.db' is empty \(0 bytes\), but '.*artifacts' holds 2 registered versions/);
    assert.match(error.hint ?? '', /Restore registry\.db from a backup/);
    assert.equal(error.location?.file, db);
  }
  assert.equal(statSync(db).size, 0, 'no empty registry was written into the file');
  // A database with no tables (made by hand, or the schema lost) beside artifacts is refused the same way.
  new Database(db).exec('PRAGMA user_version = 1').close();
  assert.match(errorOf(() => SqliteModelStore.open(dir)).message, /holds no tables/);
  // A missing database beside artifacts is not re-created either (registering would overwrite 1.json).
  unlinkSync(db);
  assert.match(errorOf(() => SqliteModelStore.open(dir, { create: true })).message, /registry\.db' is missing, but .* holds 2 registered versions/);
});

test('a fresh folder, or an empty registry.db with no artifacts, is still made into a registry', () => {
  const fresh = join(mkdtempSync(join(tmpdir(), 'framewise-damage-')), 'new');
  const store = SqliteModelStore.open(fresh, { create: true });
  assert.equal(store.register(input('p')).version, 1);
  store.close();
  const touched = mkdtempSync(join(tmpdir(), 'framewise-damage-'));
  writeFileSync(join(touched, 'registry.db'), '');
  const again = SqliteModelStore.open(touched, { create: true });
  assert.deepEqual(again.list(), []);
  again.close();
});

test('a damaged registry.db names the file; an open reader finds it overwritten and reads again once it is restored', () => {
  const dir = registryWithVersions();
  const db = join(dir, 'registry.db');
  const good = readFileSync(db);
  writeFileSync(join(dir, 'copy.db'), good);
  writeFileSync(db, Buffer.alloc(good.length, 7));
  const error = errorOf(() => SqliteModelStore.open(dir));
  assert.equal(error.code, 'REGISTRY_UNREADABLE');
  assert.match(error.message, /registry\.db' is damaged or not a registry database/);
  copyFileSync(join(dir, 'copy.db'), db);

  const store = SqliteModelStore.open(dir, { check: true });
  assert.equal(store.list()[0]!.latest, 2);
  assert.equal(store.verify(), undefined);
  // Overwritten in place: pages read before would hide it, verify() opens the file afresh.
  writeFileSync(db, Buffer.alloc(good.length, 7));
  assert.match(store.verify() ?? '', /registry\.db' is damaged or not a registry database/);
  const read = errorOf(() => store.versions('p'));
  assert.equal(read.code, 'REGISTRY_UNREADABLE');
  assert.match(read.message, /registry\.db/);
  copyFileSync(join(dir, 'copy.db'), db);
  // The next call opens the restored file afresh and writes through that connection.
  assert.equal(store.register(input('p')).version, 3);
  assert.equal(store.verify(), undefined, 'the restored file reads again');
  assert.equal(store.versions('p').length, 3);
  store.close();
});

test('a version whose artifact has the registered hash but does not load is ARTIFACT_CORRUPT naming the file', () => {
  const dir = registryWithVersions();
  const store = SqliteModelStore.open(dir);
  const odd = { ...(model.toJSON() as unknown as RegisterInput['model']), estimator: 'no_such_estimator' };
  const v = store.register(input('p', odd)).version;
  const error = errorOf(() => loadVerifiedModel(store, 'p', v));
  assert.equal(error.code, 'ARTIFACT_CORRUPT');
  assert.match(error.message, new RegExp(`'p'@${v} '.*artifacts/p/${v}\\.json' does not load as a model`));
  assert.equal(loadVerifiedModel(store, 'p', 1).task, 'multiclass');
  store.close();
});
