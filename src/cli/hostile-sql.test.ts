// Hostile SQL through the real CLI (--sql, a card's data.sql, a card's rules): each attack is
// refused with exit 2 and a message naming what was found, no file appears and no secret is
// printed; legitimate SQL (derived columns, WHERE, WITH, team rules, Parquet and JSON data) still works.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromRoot } from '../core/paths.js';
import { openDuckDB, sqlString } from '../data/duckdb.js';
import { loadProblem } from '../frame/problem.js';
import { assertSuccess, assertUserError, type CliResult, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-hostile-sql-'));
const data = join(dir, 'visits.csv');
const secret = join(dir, 'secret.txt');
const SECRET = 'framewise-secret-token-7d1f';
// 60 visits: a longer wait makes a complaint more likely, with a few exceptions either way.
writeFileSync(data, `wait,channel,complaint\n${Array.from({ length: 60 }, (_, i) => `${i % 20},${i % 3 === 0 ? 'mail' : 'phone'},${(i % 20 > 9) !== (i % 7 === 0) ? 'yes' : 'no'}`).join('\n')}\n`);
writeFileSync(secret, `${SECRET}\n`);

const ALLOWED = /only one SELECT \(or WITH … SELECT\) over the table named data is allowed, so nothing was run/;

/** Files in the test folder: an attack must not add any. */
function files(): string[] {
  return readdirSync(dir).sort();
}

/** Neither the secret file nor the password file appears anywhere in what the command printed. */
function assertNoSecret(result: CliResult): void {
  for (const stream of [result.stdout, result.stderr]) {
    assert.doesNotMatch(stream, new RegExp(SECRET));
    assert.doesNotMatch(stream, /root:/);
  }
}

function card(name: string, body: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `name: ${name}\ndata:\n  file: ${data}\n${body}`);
  return path;
}

/** A YAML double-quoted string holding `text`. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

test('--sql with a second statement that writes a file is refused and writes nothing', () => {
  const before = files();
  const evil = join(dir, 'evil.sh');
  const result = runCli('inspect', data, '--sql', `SELECT * FROM data; COPY (SELECT 'echo pwned') TO ${sqlString(evil)}`);
  assertUserError(result, /^error: The --sql query holds a second statement \(SELECT, then COPY\)/m, ALLOWED);
  assert.equal(existsSync(evil), false);
  assert.deepEqual(files(), before);
});

test('--sql that attaches a database and creates a table in it is refused and creates nothing', () => {
  const before = files();
  const result = runCli('inspect', data, '--sql', `ATTACH ${sqlString(join(dir, 'x.db'))} AS x; CREATE TABLE x.t AS SELECT 1`);
  assertUserError(result, /holds a second statement \(ATTACH, then CREATE\)/, ALLOWED);
  assert.equal(existsSync(join(dir, 'x.db')), false);
  assert.deepEqual(files(), before);
});

test('--sql reading the password file or another file through a table function prints no secret (inspect --json)', () => {
  const passwd = runCli('inspect', data, '--json', '--sql', "SELECT *, (SELECT content FROM read_text('/etc/passwd')) AS leak FROM data");
  assertUserError(passwd, /The --sql query calls read_text\(…\), which reads files/, ALLOWED);
  assert.equal(passwd.stdout, '');
  assertNoSecret(passwd);
  const csv = runCli('inspect', data, '--json', '--sql', `SELECT * FROM read_csv(${sqlString(secret)})`);
  assertUserError(csv, /calls read_csv\(…\), which reads files/);
  assertNoSecret(csv);
  const passwdCsv = runCli('inspect', data, '--sql', "SELECT * FROM read_csv('/etc/passwd')");
  assertUserError(passwdCsv, /calls read_csv\(…\), which reads files/);
  assert.doesNotMatch(passwdCsv.stderr, /unexpected problem/);
  assertNoSecret(passwdCsv);
  const path = runCli('inspect', data, '--json', '--sql', `SELECT * FROM ${sqlString(secret)}`);
  assert.equal(path.code, 2, path.stderr);
  assertNoSecret(path);
});

test('--sql that installs or loads an extension, changes a setting or runs a PRAGMA is refused by kind', () => {
  const cases: [string, RegExp][] = [
    ['INSTALL httpfs', /is an INSTALL statement/],
    ['LOAD httpfs', /is a LOAD statement/],
    ['SET enable_external_access = true', /is a SET statement/],
    ['PRAGMA version', /is a PRAGMA statement/],
    ["SELECT * FROM enable_logging(storage = 'file', storage_path = '/tmp')", /calls enable_logging\(…\)/],
  ];
  const before = files();
  for (const [sql, kind] of cases) assertUserError(runCli('inspect', data, '--sql', sql), /^error: The --sql query /m, kind, ALLOWED);
  assert.deepEqual(files(), before);
});

test('train and predict refuse a hostile --sql the same way', () => {
  const evil = join(dir, 'train-evil.sh');
  assertUserError(runCli('train', data, '--target', 'complaint', '--model', 'linear', '--out', join(dir, 'never.json'), '--sql', `SELECT * FROM data; COPY (SELECT 1) TO ${sqlString(evil)}`), /holds a second statement/);
  assert.equal(existsSync(evil), false);
  assert.equal(existsSync(join(dir, 'never.json')), false);
  const model = join(dir, 'model.json');
  assertSuccess(runCli('train', data, '--target', 'complaint', '--model', 'linear', '--out', model));
  const predicted = runCli('predict', model, data, '--sql', `SELECT *, (SELECT content FROM read_text(${sqlString(secret)})) AS leak FROM data`);
  assertUserError(predicted, /calls read_text\(…\), which reads files/, ALLOWED);
  assertNoSecret(predicted);
});

test('init with a hostile --sql writes no card and no file', () => {
  const out = join(dir, 'never-card.yaml');
  const evil = join(dir, 'init-evil.sh');
  assertUserError(runCli('init', data, '--target', 'complaint', '--out', out, '--sql', `SELECT * FROM data; COPY (SELECT 1) TO ${sqlString(evil)}`), /holds a second statement \(SELECT, then COPY\)/);
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(evil), false);
});

test("a card whose data.sql carries an attack is refused, naming the card's data.sql", () => {
  const before = files();
  const copy = card('copy-card', `  sql: ${yamlString(`SELECT * FROM data; COPY (SELECT 'echo pwned') TO ${sqlString(join(dir, 'card-evil.sh'))}`)}\ntarget: complaint\n`);
  assertUserError(runCli('assess', copy), /^error: The card's data\.sql holds a second statement \(SELECT, then COPY\)/m, ALLOWED);
  const leak = card('leak-card', `  sql: ${yamlString(`SELECT *, (SELECT content FROM read_text(${sqlString(secret)})) AS leak FROM data`)}\ntarget: complaint\n`);
  const leaked = runCli('assess', leak);
  assertUserError(leaked, /The card's data\.sql calls read_text\(…\), which reads files/);
  assertNoSecret(leaked);
  const install = card('install-card', `  sql: "INSTALL httpfs"\ntarget: complaint\n`);
  assertUserError(runCli('train', install, '--model', 'linear', '--out', join(dir, 'never.json')), /The card's data\.sql is an INSTALL statement/);
  assert.deepEqual(files().filter((f) => !f.endsWith('.yaml')), before.filter((f) => !f.endsWith('.yaml')));
});

test("a card whose rules[].sql carries an attack is refused, naming the rule", () => {
  const before = files();
  const escape = card('rule-escape', `target: complaint\nrules:\n  - name: sneaky\n    sql: ${yamlString(`1); COPY (SELECT 'echo pwned') TO ${sqlString(join(dir, 'rule-evil.sh'))}; SELECT (1`)}\n`);
  assertUserError(runCli('assess', escape), /^error: Rule 'sneaky' in the card \(rules\[0\]\.sql\) closes its expression and adds a COPY statement/m, /only one expression over a row's columns is allowed/);
  const leak = card('rule-leak', `target: complaint\nrules:\n  - name: nosy\n    sql: ${yamlString(`(SELECT content FROM read_text(${sqlString(secret)})) IS NOT NULL`)}\n`);
  const leaked = runCli('assess', leak);
  assertUserError(leaked, /Rule 'nosy' in the card \(rules\[0\]\.sql\) calls read_text\(…\), which reads files/);
  assertNoSecret(leaked);
  const from = card('rule-from', `target: complaint\nrules:\n  - name: wide\n    sql: "wait > 5) FROM data, (SELECT 1) AS t WHERE (true"\n`);
  assertUserError(runCli('assess', from), /Rule 'wide' in the card \(rules\[0\]\.sql\) has a FROM clause/);
  assert.deepEqual(files().filter((f) => !f.endsWith('.yaml')), before.filter((f) => !f.endsWith('.yaml')));
});

test('legitimate SQL still works: derived columns, WHERE, WITH, a trailing comment', () => {
  const result = runCli('inspect', data, '--json', '--sql', "WITH long AS (SELECT *, wait * 60 AS wait_minutes FROM data WHERE wait > 4) SELECT * FROM long -- only the long waits");
  assertSuccess(result);
  const inspection = JSON.parse(result.stdout) as { rows: number; columnSummaries: { name: string }[] };
  assert.equal(inspection.rows, 45);
  assert.ok(inspection.columnSummaries.some((c) => c.name === 'wait_minutes'));
});

test("a card's data.sql and rules still run, the bundled example's among them", async () => {
  const good = card('good-card', `  sql: "SELECT *, wait > 10 AS long_wait FROM data WHERE channel <> 'fax'"\ntarget: complaint\nrules:\n  - name: long wait\n    sql: "CASE WHEN wait > 9 THEN 'yes' ELSE 'no' END"\n`);
  const model = join(dir, 'good-model.json');
  assertSuccess(runCli('train', good, '--model', 'linear', '--out', model));
  assert.ok(existsSync(model));
  const problem = await loadProblem({ card: fromRoot('examples', 'seattle-weather', 'framewise.yaml') });
  assert.equal(problem.frame.rowCount, 1460);
  assert.ok(problem.frame.has('rule: rained today'));
  assert.ok(problem.frame.has('rain_tomorrow'));
});

test('--sql over Parquet and JSON data files still works', async () => {
  const parquet = join(dir, 'visits.parquet');
  const json = join(dir, 'visits.json');
  const session = await openDuckDB();
  try {
    await session.connection.run(`COPY (SELECT * FROM read_csv(${sqlString(data)})) TO ${sqlString(parquet)} (FORMAT parquet)`);
    await session.connection.run(`COPY (SELECT * FROM read_csv(${sqlString(data)})) TO ${sqlString(json)} (FORMAT json, ARRAY true)`);
  } finally {
    session.close();
  }
  for (const file of [parquet, json]) {
    const result = runCli('inspect', file, '--json', '--sql', "SELECT *, wait * 2 AS double_wait FROM data WHERE channel = 'mail'");
    assertSuccess(result);
    const inspection = JSON.parse(result.stdout) as { rows: number; columnSummaries: { name: string }[] };
    assert.equal(inspection.rows, 20, file);
    assert.ok(inspection.columnSummaries.some((c) => c.name === 'double_wait'), file);
  }
});
