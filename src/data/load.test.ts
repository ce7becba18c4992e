// Loading real files of every format, the --sql transform, and every bad input the loader must
// explain: each error names the file and, where it matters, the line or column.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FramewiseError } from '../core/errors.js';
import { fromRoot } from '../core/paths.js';
import { openDuckDB, sqlString } from './duckdb.js';
import { valueAt } from './column.js';
import { loadFrame } from './load.js';
import { contentHash } from './fingerprint.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-load-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function loadError(path: string, options: Parameters<typeof loadFrame>[1] = {}): Promise<FramewiseError> {
  try {
    await loadFrame(path, options);
  } catch (error) {
    assert.ok(error instanceof FramewiseError, `expected a FramewiseError, got ${String(error)}`);
    assert.ok(error.hint && error.hint.length > 10, 'every error carries a hint');
    return error;
  }
  assert.fail(`loading ${path} should have failed`);
}

test('seattle-weather loads with the right shape and types', async () => {
  const { frame, format } = await loadFrame(fromRoot('examples', 'seattle-weather.csv'));
  assert.equal(format, 'csv');
  assert.equal(frame.rowCount, 1461);
  assert.deepEqual(frame.names, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
  assert.equal(frame.typeOf('date').type, 'datetime');
  assert.equal(frame.typeOf('precipitation').type, 'numeric');
  assert.equal(frame.typeOf('weather').type, 'categorical');
  const date = frame.column('date');
  assert.equal(valueAt(date, 0), '2012-01-01T00:00:00.000Z');
  assert.equal(valueAt(frame.column('precipitation'), 1), 10.9);
  assert.equal(valueAt(frame.column('weather'), 1), 'rain');
});

test('penguins: NA is missing, integer year with 3 values is categorical', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  assert.equal(frame.rowCount, 344);
  const bill = frame.column('bill_length_mm');
  assert.equal(bill.kind, 'numeric');
  assert.equal(valueAt(bill, 3), null, 'row 4 of penguins.csv has NA for bill length');
  assert.equal(frame.typeOf('year').type, 'categorical');
  assert.equal(frame.typeOf('sex').type, 'categorical');
  assert.equal(valueAt(frame.column('sex'), 3), null);
});

test('the same data through CSV, TSV, JSON, NDJSON and Parquet gives one content hash', async () => {
  const csv = fromRoot('examples', 'penguins.csv');
  const session = await openDuckDB();
  const src = `read_csv(${sqlString(csv)}, nullstr=['NA'])`;
  const targets = {
    tsv: join(dir, 'p.tsv'),
    json: join(dir, 'p.json'),
    ndjson: join(dir, 'p.ndjson'),
    parquet: join(dir, 'p.parquet'),
  };
  await session.connection.run(`COPY (SELECT * FROM ${src}) TO ${sqlString(targets.tsv)} (FORMAT csv, DELIMITER '\t', HEADER, NULLSTR '')`);
  await session.connection.run(`COPY (SELECT * FROM ${src}) TO ${sqlString(targets.ndjson)} (FORMAT json)`);
  await session.connection.run(`COPY (SELECT * FROM ${src}) TO ${sqlString(targets.json)} (FORMAT json, ARRAY true)`);
  await session.connection.run(`COPY (SELECT * FROM ${src}) TO ${sqlString(targets.parquet)} (FORMAT parquet)`);
  session.close();
  const reference = contentHash((await loadFrame(csv)).frame);
  for (const [format, path] of Object.entries(targets)) {
    const loaded = await loadFrame(path);
    assert.equal(loaded.format, format);
    assert.equal(loaded.frame.rowCount, 344, format);
    assert.equal(contentHash(loaded.frame), reference, `${format} content hash matches the CSV's`);
  }
});

test('format override, delimiter, no header and custom missing strings', async () => {
  const path = file('semi.data', 'x;y\n1;a\n-;b\n3;a\n');
  const { frame } = await loadFrame(path, { format: 'csv', delimiter: ';', missing: ['-'], types: { y: 'categorical' } });
  assert.deepEqual(frame.names, ['x', 'y']);
  assert.equal(valueAt(frame.column('x'), 1), null);
  const noHeader = await loadFrame(file('nohead.csv', '1,2\n3,4\n5,6\n'), { header: false });
  assert.equal(noHeader.frame.rowCount, 3);
  assert.equal(noHeader.frame.columnCount, 2);
});

test('--sql derives, renames and filters columns over the table data', async () => {
  const { frame } = await loadFrame(fromRoot('examples', 'seattle-weather.csv'), {
    sql: "SELECT *, temp_max - temp_min AS temp_range FROM data WHERE weather <> 'snow'",
  });
  assert.equal(frame.rowCount, 1461 - 26);
  const range = frame.column('temp_range');
  assert.equal(range.kind, 'numeric');
  assert.ok(Math.abs((valueAt(range, 0) as number) - (12.8 - 5.0)) < 1e-9);
});

test('a bad --sql names the problem', async () => {
  const error = await loadError(fromRoot('examples', 'seattle-weather.csv'), { sql: 'SELECT nope FROM data' });
  assert.equal(error.code, 'SQL_INVALID');
  assert.match(error.message, /nope/);
});

test('type overrides: numbers as categories, and a word in a numeric column read as text', async () => {
  const path = file('mixed.csv', `a,b\n${Array.from({ length: 30 }, (_, i) => `${i},${i % 3}`).join('\n')}\n`);
  const { frame } = await loadFrame(path, { types: { a: 'categorical', b: 'numeric' } });
  assert.equal(frame.column('a').kind, 'categorical');
  assert.equal(frame.typeOf('a').overridden, true);
  assert.equal(frame.column('b').kind, 'numeric');
  const bad = await loadError(path, { types: { zzz: 'numeric' } });
  assert.equal(bad.code, 'COLUMN_NOT_FOUND');
});

test('missing file', async () => {
  const error = await loadError(join(dir, 'nope.csv'));
  assert.equal(error.code, 'FILE_NOT_FOUND');
  assert.match(error.message, /nope\.csv/);
});

test('unreadable file and folder', async () => {
  const folder = await loadError(dir);
  assert.equal(folder.code, 'FILE_UNREADABLE');
  const path = file('locked.csv', 'a\n1\n');
  chmodSync(path, 0o000);
  if (process.getuid?.() !== 0) {
    const error = await loadError(path);
    assert.equal(error.code, 'FILE_UNREADABLE');
  }
  chmodSync(path, 0o644);
});

test('empty file and header only', async () => {
  assert.equal((await loadError(file('empty.csv', ''))).code, 'FILE_EMPTY');
  const headerOnly = await loadError(file('header.csv', 'a,b,c\n'));
  assert.equal(headerOnly.code, 'NO_DATA_ROWS');
  assert.match(headerOnly.message, /header\.csv/);
});

test('unknown extension', async () => {
  const error = await loadError(file('data.xlsx', 'x'));
  assert.equal(error.code, 'UNKNOWN_FORMAT');
  assert.match(error.hint!, /--format/);
});

test('ragged rows report their line, in a small file and deep in a large one', async () => {
  const small = await loadError(file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'));
  assert.equal(small.code, 'CSV_RAGGED_ROW');
  assert.equal(small.location?.line, 3);
  assert.match(small.message, /line 3 has 2 fields where the header has 3/);
  const rows = ['a,b,c'];
  for (let i = 0; i < 60000; i++) rows.push(i === 45000 ? '1,2,3,4' : `${i},${i * 2},x${i % 5}`);
  const large = await loadError(file('ragged-large.csv', `${rows.join('\n')}\n`));
  assert.equal(large.code, 'CSV_RAGGED_ROW');
  assert.equal(large.location?.line, 45002);
});

test('an unterminated quote reports the line it opens on', async () => {
  const error = await loadError(file('quote.csv', 'a,b\n1,"abc\n2,3\n'));
  assert.equal(error.code, 'CSV_UNTERMINATED_QUOTE');
  assert.equal(error.location?.line, 2);
});

test('a word deep in a numeric column is reported with line and column, never dropped', async () => {
  const rows = ['id,value'];
  for (let i = 0; i < 50000; i++) rows.push(`${i},${i === 40000 ? 'oops' : (i * 0.5).toString()}`);
  const error = await loadError(file('cast.csv', `${rows.join('\n')}\n`));
  assert.equal(error.code, 'CSV_INVALID');
  assert.equal(error.location?.line, 40002);
  assert.equal(error.location?.column, 'value');
  assert.match(error.message, /oops/);
});

test('invalid JSON names the file and position', async () => {
  const error = await loadError(file('bad.json', '[{"a": 1}, {"a": '));
  assert.equal(error.code, 'JSON_INVALID');
  assert.match(error.message, /bad\.json/);
});

test('duplicate column names are refused', async () => {
  const error = await loadError(file('dup.csv', 'a,b,a\n1,2,3\n'));
  assert.equal(error.code, 'DUPLICATE_COLUMN');
  assert.match(error.message, /'a'.*columns 1 and 3/);
  const viaSql = await loadError(fromRoot('examples', 'penguins.csv'), { sql: 'SELECT species, island AS species FROM data' });
  assert.equal(viaSql.code, 'DUPLICATE_COLUMN');
});

test('a required column that does not exist gets the closest names', async () => {
  const error = await loadError(fromRoot('examples', 'seattle-weather.csv'), { requiredColumns: ['temp_mx'] });
  assert.equal(error.code, 'COLUMN_NOT_FOUND');
  assert.match(error.hint!, /temp_max/);
});
