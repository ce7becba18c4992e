// brief run twice into the same folder, as `npm start` twice: both runs are kept whole in their
// own folders, and the folder's own files are the second run's.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';
import { readLatest } from '../core/run-folder.js';

const cli = fromBuild('src', 'cli', 'main.js');

test('brief twice into one --out keeps both runs, and the folder holds the latest', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'framewise-brief-runs-')), 'penguins');
  const brief = (): string => {
    const result = spawnSync(process.execPath, [cli, 'brief', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--out', out, '--budget', '3'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const first = brief();
  const firstLatest = readLatest(out);
  assert.ok(firstLatest);
  const firstJson = readFileSync(join(out, 'runs', firstLatest.id, 'brief.json'), 'utf8');
  const second = brief();
  const runs = readdirSync(join(out, 'runs')).sort();
  assert.equal(runs.length, 2, runs.join(', '));
  const latest = readLatest(out);
  assert.ok(latest && latest.id === runs[1] && latest.id !== firstLatest.id);
  // The first run is untouched; the folder's files are the second run's, byte for byte.
  assert.equal(readFileSync(join(out, 'runs', firstLatest.id, 'brief.json'), 'utf8'), firstJson);
  for (const file of ['brief.json', 'brief.html', 'brief.md', 'model.json']) {
    assert.equal(readFileSync(join(out, file), 'utf8'), readFileSync(join(out, 'runs', latest.id, file), 'utf8'), file);
  }
  // The printed paths are the stable ones, and each run names the folder it is kept in.
  for (const stdout of [first, second]) assert.match(stdout, new RegExp(`Open the brief: .*penguins[/\\\\]brief\\.html`));
  assert.match(second, new RegExp(`this run is kept in .*runs[/\\\\]${latest.id}`));
  // brief.json names the model of its own run, which no later run replaces.
  const json = JSON.parse(readFileSync(join(out, 'brief.json'), 'utf8')) as { model: { path: string } | null };
  assert.ok(json.model && json.model.path.includes(latest.id) && existsSync(json.model.path));
});
