// `framewise models promote` and `rollback` load the version before moving the alias: a version whose
// artifact is garbage is refused with exit 2 naming the file, and the alias stays where it was.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';

const cli = fromBuild('src', 'cli', 'main.js');

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A registry holding two trained versions of 'penguins' (C=1 and C=2), no alias set. */
function twoVersionRegistry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-promote-'));
  const registry = join(dir, 'reg');
  for (const n of [1, 2]) {
    const trained = run('train', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--model', 'linear', '--param', `C=${n}`, '--out', join(dir, `m${n}.json`), '--register', 'penguins', '--registry', registry);
    assert.equal(trained.code, 0, trained.stderr);
  }
  return registry;
}

test('a version whose artifact is garbage is not promoted: exit 2, the file named, the alias unchanged', () => {
  const registry = twoVersionRegistry();
  assert.equal(run('models', 'promote', 'penguins', '1', '--registry', registry).code, 0);
  writeFileSync(join(registry, 'artifacts', 'penguins', '2.json'), '{"estimator": "logistic_regression", "garbage": true}\n');

  const r = run('models', 'promote', 'penguins', '2', '--registry', registry, '--why', 'looks better');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: Not moving 'champion' of 'penguins' to version 2: The artifact of 'penguins'@2 is damaged: '.*artifacts\/penguins\/2\.json'/m);
  assert.match(r.stderr, /^hint: .*'champion' still points at version 1\./m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const list = JSON.parse(run('models', 'list', '--json', '--registry', registry).stdout) as { aliases: Record<string, number> }[];
  assert.deepEqual(list[0]!.aliases, { champion: 1 });
  const history = JSON.parse(run('models', 'show', 'penguins@1', '--json', '--registry', registry).stdout) as { aliasHistory: unknown[] };
  assert.equal(history.aliasHistory.length, 1, 'no move was recorded');
  // A version that loads is still promoted.
  const fine = run('models', 'promote', 'penguins', '1', '--alias', 'staging', '--registry', registry);
  assert.equal(fine.code, 0, fine.stderr);
});

test('a rollback to a version whose artifact is damaged is refused the same way', () => {
  const registry = twoVersionRegistry();
  assert.equal(run('models', 'promote', 'penguins', '1', '--registry', registry).code, 0);
  assert.equal(run('models', 'promote', 'penguins', '2', '--registry', registry).code, 0);
  writeFileSync(join(registry, 'artifacts', 'penguins', '1.json'), 'garbage');
  const r = run('models', 'rollback', 'penguins', '--registry', registry);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^error: Not moving 'champion' of 'penguins' to version 1: The artifact of 'penguins'@1 is damaged/m);
  assert.match(r.stderr, /still points at version 2\./);
  const list = JSON.parse(run('models', 'list', '--json', '--registry', registry).stdout) as { aliases: Record<string, number> }[];
  assert.deepEqual(list[0]!.aliases, { champion: 2 });
});
