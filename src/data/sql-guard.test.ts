// The SQL guard on its own (what DuckDB's parser lets through as one SELECT or one expression, and
// how a refusal is worded) and the sealed session it runs in (only the data file can be read).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { type DuckSession, openSealedDuckDB, sqlString } from './duckdb.js';
import { loadFrame } from './load.js';
import { checkExpression, checkQuery, type SqlOrigin } from './sql-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-sql-guard-'));
const data = join(dir, 'data.csv');
const secret = join(dir, 'secret.txt');
const SECRET = 'framewise-secret-4242';
writeFileSync(data, 'a,b,label\n1,x,yes\n2,y,no\n3,x,yes\n4,y,no\n');
writeFileSync(secret, `${SECRET}\n`);

const origin: SqlOrigin = { what: 'the --sql query', field: '--sql' };
const rule: SqlOrigin = { what: "rule 'big' in the card (rules[0].sql)", field: 'rules[0].sql' };
let session: DuckSession;

before(async () => {
  session = await openSealedDuckDB([data]);
});
after(() => session.close());

async function refusal(run: Promise<void>): Promise<FramewiseError> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof FramewiseError, String(error));
    return error;
  }
  assert.fail('the SQL was let through');
}

test('one SELECT, WITH … SELECT, FROM-first, VALUES and set operations pass', async () => {
  for (const sql of [
    'SELECT * FROM data',
    'SELECT *, a * 2 AS doubled FROM data WHERE b = \'x\' -- a comment at the end',
    'WITH big AS (SELECT * FROM data WHERE a > 1) SELECT * FROM big',
    'FROM data SELECT a, b',
    'SELECT a FROM data UNION ALL SELECT a FROM data',
    'SELECT a, x FROM data, unnest([1, 2]) AS t(x)',
    'SELECT * FROM range(3)',
    "SELECT * FROM data;",
    "SELECT 'COPY x TO y; ATTACH z' AS words FROM data",
  ]) {
    await checkQuery(session.connection, sql, origin);
  }
});

test('every other statement is refused with its kind, where it came from and what is allowed', async () => {
  const cases: [string, RegExp][] = [
    [`SELECT * FROM data; COPY (SELECT 'echo pwned') TO ${sqlString(join(dir, 'evil.sh'))}`, /holds a second statement \(SELECT, then COPY\)/],
    [`ATTACH ${sqlString(join(dir, 'x.db'))} AS x; CREATE TABLE x.t AS SELECT 1`, /holds a second statement \(ATTACH, then CREATE\)/],
    ['INSTALL httpfs', /is an INSTALL statement/],
    ['LOAD httpfs', /is a LOAD statement/],
    ['SET enable_external_access = true', /is a SET statement/],
    ['PRAGMA version', /is a PRAGMA statement/],
    ["/* hidden */ -- and a comment\n  COPY data TO 'out.csv'", /is a COPY statement/],
    ['USE memory', /is a USE statement/],
    ["EXPORT DATABASE 'somewhere'", /is an EXPORT statement/],
    ['EXPLAIN SELECT * FROM data', /is an EXPLAIN statement/],
    ['CREATE MACRO m(x) AS x', /is a CREATE statement/],
    ['WITH d AS (SELECT 1) INSERT INTO t SELECT * FROM d', /is not a SELECT statement/],
    ['SELECT 1; SELECT 2; SELECT 3', /holds 3 statements \(SELECT, then SELECT, then SELECT\)/],
    ["SELECT ';' AS x; DETACH x", /holds a second statement \(SELECT, then DETACH\)/],
  ];
  for (const [sql, kind] of cases) {
    const error = await refusal(checkQuery(session.connection, sql, origin));
    assert.equal(error.code, 'SQL_REFUSED', sql);
    assert.match(error.message, /^The --sql query /, sql);
    assert.match(error.message, kind, sql);
    assert.match(error.message, /only one SELECT \(or WITH … SELECT\) over the table named data is allowed, so nothing was run/, sql);
    assert.deepEqual(error.location, { field: '--sql' });
  }
  assert.equal(existsSync(join(dir, 'evil.sh')), false);
  assert.equal(existsSync(join(dir, 'x.db')), false);
});

test('table functions that read files, run SQL or change settings are refused wherever they appear', async () => {
  const cases: [string, RegExp][] = [
    [`SELECT *, (SELECT content FROM read_text(${sqlString(secret)})) AS leak FROM data`, /calls read_text\(…\), which reads files/],
    ["SELECT * FROM read_csv('/etc/passwd')", /calls read_csv\(…\), which reads files/],
    [`SELECT * FROM data, LATERAL (SELECT * FROM glob('/etc/*'))`, /calls glob\(…\), which reads files/],
    [`WITH x AS (SELECT * FROM read_parquet('/tmp/x.parquet')) SELECT * FROM data`, /calls read_parquet\(…\), which reads files/],
    [`SELECT * FROM query('SELECT 1')`, /calls query\(…\), which runs other SQL/],
    [`SELECT * FROM enable_logging(storage = 'file', storage_path = '/tmp')`, /calls enable_logging\(…\), a table function SQL may not call here/],
    [`SELECT * FROM main.READ_TEXT('/etc/passwd')`, /calls read_text\(…\)/],
  ];
  for (const [sql, kind] of cases) {
    const error = await refusal(checkQuery(session.connection, sql, origin));
    assert.equal(error.code, 'SQL_REFUSED', sql);
    assert.match(error.message, kind, sql);
  }
});

test('a syntax error or an empty text is invalid SQL, not a refusal', async () => {
  const syntax = await refusal(checkQuery(session.connection, 'SELECT * FROM data WHERE', origin));
  assert.equal(syntax.code, 'SQL_INVALID');
  assert.match(syntax.message, /^The --sql query is not valid SQL: syntax error/);
  const empty = await refusal(checkQuery(session.connection, '  -- nothing\n', origin));
  assert.equal(empty.code, 'SQL_INVALID');
  assert.match(empty.message, /holds no SQL statement/);
});

test('a rule must be one expression: clauses, statements and table functions around it are refused', async () => {
  for (const sql of ['a > 2', "CASE WHEN b = 'x' THEN 'yes' ELSE 'no' END", 'a > (SELECT avg(a) FROM data)', 'a > 2 -- the dispatcher\'s rule', 'avg(a) OVER ()']) {
    await checkExpression(session.connection, sql, rule);
  }
  const cases: [string, RegExp][] = [
    ['a > 2) FROM data WHERE (1', /has a FROM clause/],
    ['a) AS x, (b', /has a second expression/],
    ["1); COPY (SELECT 1) TO 'x.csv'; SELECT (1", /closes its expression and adds a COPY statement/],
    ['1) UNION SELECT (2', /has a UNION of queries/],
    ["(SELECT content FROM read_text('/etc/passwd'))", /calls read_text\(…\), which reads files/],
    ['1) ORDER BY (1', /has an ORDER BY clause/],
  ];
  for (const [sql, kind] of cases) {
    const error = await refusal(checkExpression(session.connection, sql, rule));
    assert.equal(error.code, 'SQL_REFUSED', sql);
    assert.match(error.message, /^Rule 'big' in the card \(rules\[0\]\.sql\) /, sql);
    assert.match(error.message, kind, sql);
    assert.match(error.message, /only one expression over a row's columns is allowed/, sql);
    assert.deepEqual(error.location, { field: 'rules[0].sql' });
  }
  const syntax = await refusal(checkExpression(session.connection, 'a >', rule));
  assert.equal(syntax.code, 'CARD_INVALID');
});

test('the sealed session reads its data file and nothing else, and its settings stay locked', async () => {
  const rows = await session.connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_csv(${sqlString(data)})`);
  assert.equal(rows.getRowObjectsJson()[0]!['n'], 4);
  for (const sql of [
    `SELECT * FROM read_text(${sqlString(secret)})`,
    `COPY (SELECT 1) TO ${sqlString(join(dir, 'copied.csv'))}`,
    `ATTACH ${sqlString(join(dir, 'attached.db'))} AS x`,
    'SET enable_external_access = true',
    'SET lock_configuration = false',
    'INSTALL httpfs',
  ]) {
    await assert.rejects(session.connection.run(sql), /Permission Error|locked|disabled/, sql);
  }
  assert.equal(existsSync(join(dir, 'copied.csv')), false);
  assert.equal(existsSync(join(dir, 'attached.db')), false);
});

test('loadFrame refuses a hostile --sql before reading anything, and runs a good one', async () => {
  const evil = join(dir, 'load-evil.sh');
  const error = await refusal(loadFrame(data, { sql: `SELECT * FROM data; COPY (SELECT 'echo pwned') TO ${sqlString(evil)}` }).then(() => undefined));
  assert.equal(error.code, 'SQL_REFUSED');
  assert.match(error.message, /^The SQL query \(--sql or the card's data\.sql\) holds a second statement/);
  assert.equal(existsSync(evil), false);
  const leak = await refusal(loadFrame(data, { sql: `SELECT *, (SELECT content FROM read_text(${sqlString(secret)})) AS leak FROM data`, sqlOrigin: { what: "the card's data.sql", field: 'data.sql' } }).then(() => undefined));
  assert.match(leak.message, /^The card's data\.sql calls read_text/);
  assert.doesNotMatch(leak.message, new RegExp(SECRET));
  const { frame } = await loadFrame(data, { sql: 'SELECT *, a * 10 AS tens FROM data WHERE a > 1 -- keep the later rows', derived: [{ name: 'rule: big', expression: 'a > 2 -- big ones', field: 'rules[0].sql' }] });
  assert.equal(frame.rowCount, 3);
  assert.ok(frame.has('tens') && frame.has('rule: big'));
});

test('a query that never reads the data is no crash, and a path in FROM is not read', async () => {
  const { frame } = await loadFrame(data, { sql: 'SELECT 1 AS one' });
  assert.equal(frame.rowCount, 1);
  const error = await refusal(loadFrame(data, { sql: `SELECT * FROM ${sqlString(secret)}` }).then(() => undefined));
  assert.ok(error.code === 'SQL_INVALID' || error.code === 'SQL_REFUSED', error.code);
  assert.doesNotMatch(error.message, new RegExp(SECRET));
});
