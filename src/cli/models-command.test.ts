// The registry from the command line as a user runs it: train and brief --register, then
// framewise models list / show / promote / rollback / diff, and the errors a user can meet.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';

const cli = fromBuild('src', 'cli', 'main.js');
const penguins = fromRoot('examples', 'penguins.csv');

function run(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function assertUserError(result: { code: number; stderr: string }, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^error: /m);
  assert.match(result.stderr, /^hint: /m);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

function ok(result: { code: number; stdout: string; stderr: string }): string {
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** A folder with two versions of 'penguins' in ./.framewise: a linear model, then a forest. */
const registered = mkdtempSync(join(tmpdir(), 'framewise-models-'));
assert.match(ok(run(registered, 'train', penguins, '--target', 'species', '--model', 'linear', '--out', 'm1.json', '--register', 'penguins')), /^Registered penguins@1 in \.framewise$/m);
assert.match(ok(run(registered, 'train', penguins, '--target', 'species', '--model', 'forest', '--param', 'n_estimators=20', '--out', 'm2.json', '--register', 'penguins')), /^Registered penguins@2 in \.framewise$/m);

/** A fresh copy of that folder for each test, so that tests do not see each other's changes. */
function twoVersions(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'framewise-models-'));
  cpSync(registered, cwd, { recursive: true });
  return cwd;
}

test('train --register twice gives two versions that list, show and diff', () => {
  const cwd = twoVersions();
  const list = JSON.parse(ok(run(cwd, 'models', 'list', '--json'))) as { name: string; latest: number; estimator: string }[];
  assert.deepEqual(list.map((m) => [m.name, m.latest, m.estimator]), [['penguins', 2, 'random_forest']]);
  assert.match(ok(run(cwd, 'models', 'list')), /penguins\s+2\s+-\s+random_forest\s+multiclass/);

  const v1 = JSON.parse(ok(run(cwd, 'models', 'show', 'penguins@1', '--json'))) as { version: number; estimator: string; artifact: string; lineage: { params: Record<string, unknown>; metrics: Record<string, { mean: number }>; dataFingerprint: string; card: null } };
  assert.equal(v1.version, 1);
  assert.equal(v1.estimator, 'logistic_regression');
  assert.equal(v1.lineage.params['C'], 1);
  assert.equal(v1.lineage.card, null);
  assert.ok(v1.lineage.metrics['training_accuracy']!.mean > 0.95, JSON.stringify(v1.lineage.metrics));
  // The fingerprint is of the data trained on: what `inspect` reports for the same file.
  const inspected = JSON.parse(ok(run(cwd, 'inspect', penguins, '--json'))) as { fingerprint: { content: string } };
  assert.equal(v1.lineage.dataFingerprint, inspected.fingerprint.content);
  // The artifact is the model file `train` saved, byte for byte apart from the trailing newline.
  assert.equal(readFileSync(v1.artifact, 'utf8').trim(), readFileSync(join(cwd, 'm1.json'), 'utf8').trim());

  const text = ok(run(cwd, 'models', 'diff', 'penguins', '1', '2'));
  assert.match(text, /^\*\s+estimator\s+logistic_regression\s+random_forest$/m);
  assert.match(text, /^\s+data fingerprint\s+([0-9a-f]{12})…\s+\1…$/m, 'same data, unmarked');
  assert.match(text, /^\*\s+n_estimators\s+-\s+20$/m);
  assert.match(text, /^training_accuracy\s+\S+\s+\S+\s+[+-]\S+$/m);
  assert.match(text, /Signature:\n  same features, types and categories/);
  const diff = JSON.parse(ok(run(cwd, 'models', 'diff', 'penguins', '1', '2', '--json'))) as { kind: string; params: { field: string; changed: boolean }[] };
  assert.equal(diff.kind, 'framewise.version-diff');
  assert.ok(diff.params.find((p) => p.field === 'C')!.changed);
});

test('promote and rollback move the alias and keep who, when and why', () => {
  const cwd = twoVersions();
  assert.match(ok(run(cwd, 'models', 'promote', 'penguins', '1', '--why', 'first release', '--by', 'ana')), /Moved penguins@champion: new → version 1 \(by ana: first release\)/);
  assert.match(ok(run(cwd, 'models', 'promote', 'penguins', '2', '--why', 'forest is better', '--by', 'ben')), /version 1 → version 2/);
  assert.equal((JSON.parse(ok(run(cwd, 'models', 'show', 'penguins@champion', '--json'))) as { version: number }).version, 2);
  assert.match(ok(run(cwd, 'models', 'rollback', 'penguins', '--why', 'alerts', '--by', 'carl')), /Rolled back penguins@champion: version 2 → version 1 \(by carl: alerts\)/);
  assert.equal((JSON.parse(ok(run(cwd, 'models', 'show', 'penguins@champion', '--json'))) as { version: number }).version, 1);
  assertUserError(run(cwd, 'models', 'rollback', 'penguins'), /no earlier position to roll back to/);
  const shown = ok(run(cwd, 'models', 'show', 'penguins'));
  assert.match(shown, /Alias history:/);
  assert.match(shown, /champion\s+- → 1\s+ana\s+first release/);
  assert.match(shown, /champion\s+2 → 1 \(rollback\)\s+carl\s+alerts/);
  assert.match(ok(run(cwd, 'models', 'list')), /champion→1/);
});

test('a model trained on different columns is refused under the same name unless forced', () => {
  const cwd = twoVersions();
  const refused = run(cwd, 'train', penguins, '--target', 'species', '--model', 'linear', '--sql', 'SELECT * EXCLUDE (island) FROM data', '--out', 'm3.json', '--register', 'penguins');
  assertUserError(refused, /column 'island' is missing/);
  assert.match(refused.stderr, /--force/);
  assert.equal((JSON.parse(ok(run(cwd, 'models', 'list', '--json'))) as { latest: number }[])[0]!.latest, 2);
  const forced = ok(run(cwd, 'train', penguins, '--target', 'species', '--model', 'linear', '--sql', 'SELECT * EXCLUDE (island) FROM data', '--out', 'm3.json', '--force', '--register', 'penguins'));
  assert.match(forced, /Registered penguins@3 in \.framewise \(forced past 1 difference/);
  const v3 = JSON.parse(ok(run(cwd, 'models', 'show', 'penguins@3', '--json'))) as { forcedReason: string };
  assert.match(v3.forcedReason, /column 'island' is missing \(by \S+\)$/);
  assert.match(ok(run(cwd, 'models', 'diff', 'penguins', '2', '3')), /Signature:\n  column 'island' is missing/);
});

test('unknown names, a missing or unreadable registry and a damaged artifact are clear errors', () => {
  const cwd = twoVersions();
  assertUserError(run(cwd, 'models', 'show', 'nope'), /There is no model 'nope'[\s\S]*Registered models: penguins/);
  assertUserError(run(cwd, 'models', 'show', 'penguins@7'), /no version 7[\s\S]*Its versions: 1, 2/);
  assertUserError(run(cwd, 'models', 'show', 'penguins@prod'), /no alias 'prod'/);
  assertUserError(run(cwd, 'models', 'promote', 'penguins', 'two'), /VERSION must be a version number/);
  assertUserError(run(cwd, 'models', 'list', '--registry', 'elsewhere'), /There is no model registry at 'elsewhere'/);
  writeFileSync(join(cwd, 'afile'), 'x');
  assertUserError(run(cwd, 'models', 'list', '--registry', 'afile'), /'afile' is a file/);
  assertUserError(run(cwd, 'train', penguins, '--target', 'species', '--out', 'x.json', '--register', 'bad/name'), /'bad\/name' cannot name a model/);
  const artifact = join(cwd, '.framewise', 'artifacts', 'penguins', '2.json');
  writeFileSync(artifact, readFileSync(artifact, 'utf8').slice(0, 100));
  assertUserError(run(cwd, 'models', 'show', 'penguins@2'), new RegExp(`damaged: '${artifact.replaceAll('/', '\\/')}'`));
  assert.equal(run(cwd, 'models', 'show', 'penguins@1').code, 0, 'other versions still read');
});

test('brief --register records the card, its hash, the cross-validated metrics and the verdict', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'framewise-models-'));
  const card = fromRoot('examples', 'seattle-weather', 'framewise.yaml');
  const out = ok(run(cwd, 'brief', card, '--budget', '3', '--out', 'brief', '--register', 'weather', '--registry', 'reg'));
  assert.match(out, /^Registered weather@1 \(.+\) in reg$/m);
  const brief = JSON.parse(readFileSync(join(cwd, 'brief', 'brief.json'), 'utf8')) as { choice: { model: string }; assessment: { verdict: { verdict: string }; evaluation: { seed: number; mainMetric: string }; leaderboard: { id: string; metrics: Record<string, { mean: number }> }[] } };
  const v = JSON.parse(ok(run(cwd, 'models', 'show', 'weather', '--registry', 'reg', '--json'))) as { lineage: { card: string; cardHash: string; verdict: string; seed: number; metrics: Record<string, { mean: number; low: number; high: number }> } };
  const cardText = readFileSync(card, 'utf8');
  assert.equal(v.lineage.card, cardText);
  assert.equal(v.lineage.cardHash, createHash('sha256').update(cardText).digest('hex'));
  assert.equal(v.lineage.verdict, brief.assessment.verdict.verdict);
  assert.equal(v.lineage.seed, brief.assessment.evaluation.seed);
  const main = brief.assessment.evaluation.mainMetric;
  const entry = brief.assessment.leaderboard.find((e) => e.id === brief.choice.model)!;
  assert.equal(v.lineage.metrics[main]!.mean, entry.metrics[main]!.mean);
  assert.ok(v.lineage.metrics[main]!.low < v.lineage.metrics[main]!.high, 'an interval, not a point');
});

test('models check applies the reuse guard to a data file, label included with --evaluate', () => {
  const cwd = twoVersions();
  assert.match(ok(run(cwd, 'models', 'check', 'penguins@2', penguins, '--evaluate')), /its 7 features and the label 'species' match/);
  const sql = "SELECT * EXCLUDE (year) FROM data WHERE species <> 'Gentoo'";
  // Without --evaluate the label is not looked at: only the missing feature counts.
  assertUserError(run(cwd, 'models', 'check', 'penguins', penguins, '--sql', sql), /does not match the signature of 'penguins'@2: column 'year' is missing\.$/m);
  assertUserError(run(cwd, 'models', 'check', 'penguins', penguins, '--sql', sql, '--evaluate'), /column 'year' is missing; column 'species' lacks categories seen before: "Gentoo"/);
  assert.match(ok(run(cwd, 'models', 'check', 'penguins', penguins, '--sql', sql, '--force')), /forced past 1 difference/);
  assertUserError(run(cwd, 'models', 'check', 'nope', penguins), /There is no model 'nope'/);
});
