// The server when a champion's artifact is damaged: that model is skipped and reported once, the
// other models are served, its predictions are 503 NOT_READY in the error shape and /readyz names
// it; a damaged version promoted under a running server leaves the one before answering; a
// restored file is served again.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { jsonCall, type PenguinRegistry, penguinRegistry, SEX_ROW, SPECIES_ROW } from './serve-fixtures.js';
import { buildServer, type RunningServer } from './server.js';

let reg: PenguinRegistry;
let server: RunningServer;
let base: string;
const warnings: string[] = [];
let speciesFile: string;
let speciesText: string;

before(async () => {
  reg = await penguinRegistry();
  speciesFile = reg.store.artifactPath('species', 1);
  speciesText = readFileSync(speciesFile, 'utf8');
  writeFileSync(speciesFile, speciesText.replace('"estimator"', '"estimatr"'));
  server = buildServer({ store: reg.store, dataDir: reg.dir, pollMs: 30, logFlushMs: 20, onWarning: (text) => warnings.push(text) });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server.close();
  reg.store.close();
  rmSync(reg.dir, { recursive: true, force: true });
});

/** Waits, polling, until `check` holds (the server re-reads the registry every 30 ms); fails after many tries. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  assert.fail(`never: ${what}`);
}

test('a damaged champion is skipped while the other models are served, and /readyz names it', async () => {
  const skipped = server.context.cache.skipped();
  assert.deepEqual(skipped.map((s) => [s.name, s.version, s.error.code, s.file]), [['species', 1, 'ARTIFACT_CORRUPT', speciesFile]]);
  assert.deepEqual([...server.context.cache.served().keys()].sort(), ['sex', 'species_linear']);

  const sex = await jsonCall(base, 'POST', '/v1/models/sex/predict', { row: SEX_ROW });
  assert.equal(sex.status, 200);
  const species = await jsonCall(base, 'POST', '/v1/models/species/predict', { row: SPECIES_ROW });
  assert.equal(species.status, 503);
  assert.equal(species.body.error.code, 'NOT_READY');
  assert.match(species.body.error.message, /^Model 'species' is not served: its champion, version 1, cannot be loaded: The artifact of 'species'@1 is damaged/);
  assert.match(species.body.error.hint, /promote a version that loads/);

  const ready = await jsonCall(base, 'GET', '/readyz');
  assert.equal(ready.status, 503);
  assert.equal(ready.body.status, 'not-ready');
  assert.equal(ready.body.models, 2);
  assert.deepEqual(ready.body.problems.map((p: { check: string }) => p.check), ['model:species']);
  assert.match(ready.body.problems[0].problem, /'species' champion version 1 cannot be loaded, so its predictions are refused.*'artifacts\/species\/1\.json'/);
  // Answers name the file inside the registry folder, not where the folder sits on this machine.
  assert.ok(!JSON.stringify([ready.body, species.body]).includes(reg.dir), 'no local path in the answers');

  // Polls go on; the damaged file is neither reported again nor read again until it changes.
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(warnings.length, 0, 'a skip found at start-up is the caller\'s to report, polls do not repeat it');
});

test('the restored file is served again and /readyz is ready', async () => {
  writeFileSync(speciesFile, speciesText);
  await until('species is served again', async () => (await jsonCall(base, 'POST', '/v1/models/species/predict', { row: SPECIES_ROW })).status === 200);
  const ready = await jsonCall(base, 'GET', '/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.models, 3);
  assert.deepEqual(server.context.cache.skipped(), []);
});

test('a damaged version promoted under the running server: the one before keeps answering, reported once', async () => {
  const file = reg.store.artifactPath('sex', 2);
  writeFileSync(file, 'garbage');
  reg.store.setAlias('sex', 'champion', 2, 'test', 'bypassing the CLI check');
  await until('the bad promotion is seen', async () => (await jsonCall(base, 'GET', '/readyz')).status === 503);
  const ready = await jsonCall(base, 'GET', '/readyz');
  assert.deepEqual(ready.body.problems.map((p: { check: string }) => p.check), ['model:sex']);
  assert.match(ready.body.problems[0].problem, /'sex' champion version 2 cannot be loaded, so version 1 still answers for it/);
  const sex = await jsonCall(base, 'POST', '/v1/models/sex/predict', { row: SEX_ROW });
  assert.equal(sex.status, 200);
  assert.equal(sex.body.predictions[0].version, 1);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /^warning: 'sex' champion version 2 cannot be loaded.*artifacts\/sex\/2\.json/);
  // Rolled back: the problem goes away.
  reg.store.rollback('sex', 'champion', 'test', 'the artifact is damaged');
  await until('the rollback is seen', async () => (await jsonCall(base, 'GET', '/readyz')).status === 200);
});
