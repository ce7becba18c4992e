// The inspect command as a user runs it: a real process, its output, exit codes, and errors
// that carry a message and a hint but never a stack trace.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { assertUserError, runCli } from './run-cli.js';

const cli = fromBuild('src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'framewise-cli-'));


test('inspect prints a readable table with types, reasons and the target distribution', () => {
  const result = runCli('inspect', 'examples/seattle-weather.csv', '--target', 'weather');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /1,461 rows × 6 columns/);
  assert.match(result.stdout, /precipitation\s+numeric/);
  assert.match(result.stdout, /date\s+datetime/);
  assert.match(result.stdout, /Target 'weather'/);
  assert.match(result.stdout, /rain\s+641\s+43\.9%/);
});

test('inspect --json prints the documented object', () => {
  const result = runCli('inspect', 'examples/penguins.csv', '--target', 'species', '--json');
  assert.equal(result.code, 0, result.stderr);
  const inspection = JSON.parse(result.stdout) as Record<string, unknown> & {
    columnSummaries: { name: string; type: string; reason: string; missing: { count: number } }[];
    target: { classes: { value: string; count: number }[] };
    fingerprint: { content: string; schema: string };
  };
  assert.equal(inspection['kind'], 'framewise.inspection');
  assert.equal(inspection['version'], 1);
  assert.equal(inspection['rows'], 344);
  assert.match(inspection.fingerprint.content, /^[0-9a-f]{64}$/);
  const bill = inspection.columnSummaries.find((c) => c.name === 'bill_length_mm')!;
  assert.equal(bill.type, 'numeric');
  assert.equal(bill.missing.count, 2);
  assert.ok(bill.reason.length > 0);
  assert.deepEqual(inspection.target.classes.map((c) => [c.value, c.count]), [['Adelie', 152], ['Gentoo', 124], ['Chinstrap', 68]]);
});

test('inspect --sql derives a column', () => {
  const result = runCli('inspect', 'examples/seattle-weather.csv', '--sql', 'SELECT *, temp_max - temp_min AS temp_range FROM data', '--json');
  assert.equal(result.code, 0, result.stderr);
  const names = (JSON.parse(result.stdout) as { columnSummaries: { name: string }[] }).columnSummaries.map((c) => c.name);
  assert.ok(names.includes('temp_range'));
});

test('help and version', () => {
  const help = runCli('inspect', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--target <column>/);
  assert.match(help.stdout, /--sql <query>/);
  const version = runCli('--version');
  assert.equal(version.code, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('user mistakes exit 2 with a message and a hint', () => {
  assertUserError(runCli('inspect', 'missing.csv'), /missing\.csv/);
  assertUserError(runCli('inspect', 'examples/seattle-weather.csv', '--target', 'wether'), /Did you mean 'weather'/);
  const allMissing = join(dir, 'unlabelled.csv');
  writeFileSync(allMissing, 'x,label\n1,\n2,NA\n3,\n');
  assertUserError(runCli('inspect', allMissing, '--target', 'label'), /'label'.*no values/);
  assertUserError(runCli('inspect', 'examples/seattle-weather.csv', '--type', 'weather=colour'), /--type/);
  const ragged = join(dir, 'ragged.csv');
  writeFileSync(ragged, 'a,b\n1,2\n3\n');
  assertUserError(runCli('inspect', ragged), /line 3/);
});

test('unreadable files: no permission, not UTF-8, not really Parquet', (t) => {
  const notUtf8 = join(dir, 'latin1.csv');
  writeFileSync(notUtf8, Buffer.concat([Buffer.from('name,city\nJos,'), Buffer.from([0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e]), Buffer.from('\n')]));
  assertUserError(runCli('inspect', notUtf8), /latin1\.csv' line 2 is not valid UTF-8/);
  const fake = join(dir, 'fake.parquet');
  writeFileSync(fake, 'this is not parquet at all\n'.repeat(20));
  assertUserError(runCli('inspect', fake), /fake\.parquet.*Parquet/);
  const locked = join(dir, 'locked.csv');
  writeFileSync(locked, 'a,b\n1,2\n');
  chmodSync(locked, 0o000);
  chmodSync(dir, 0o755);
  // Root reads anything, so the permission case runs as the unprivileged user when we are root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status !== 0) {
    t.diagnostic('runuser is not available: the permission case is not exercised');
    return;
  }
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, cli, 'inspect', locked], { encoding: 'utf8' })
    : spawnSync(process.execPath, [cli, 'inspect', locked], { encoding: 'utf8' });
  assertUserError({ code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }, /locked\.csv' cannot be read \(permission denied\)/);
});

test('an unknown option is a usage error with exit code 2', () => {
  const result = runCli('inspect', 'examples/seattle-weather.csv', '--bogus');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--bogus'/);
});
