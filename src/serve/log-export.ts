// Exports the prediction log to Parquet: rows since a time, each with its latest fed-back label,
// streamed from SQLite into newline-delimited JSON and converted by DuckDB's COPY.

import Database from 'better-sqlite3';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { FramewiseError } from '../core/errors.js';
import { openDuckDB, sqlString } from '../data/duckdb.js';
import { SERVE_DB_FILE } from './serve-db.js';

const COLUMNS: Readonly<Record<string, string>> = {
  id: 'VARCHAR',
  at: 'TIMESTAMPTZ',
  model: 'VARCHAR',
  version: 'INTEGER',
  inputs: 'JSON',
  outputs: 'JSON',
  decision: 'JSON',
  ood: 'JSON',
  label: 'VARCHAR',
  label_at: 'TIMESTAMPTZ',
};

export interface ExportResult {
  readonly rows: number;
  readonly out: string;
}

interface LogRow {
  id: string;
  at: string;
  model: string;
  version: number;
  inputs: string;
  outputs: string;
  decision: string | null;
  ood: string;
  label: string | null;
  label_at: string | null;
}

/** Reads `since` as an ISO date-time (or date); a clear error otherwise. */
export function parseSince(text: string): string {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new FramewiseError('INVALID_ARGUMENT', `--since '${text}' is not a date or date-time.`, { hint: 'Use ISO 8601, e.g. 2026-11-01 or 2026-11-01T12:00:00Z.', location: { field: 'since' } });
  return new Date(ms).toISOString();
}

export async function exportLog(registryDir: string, since: string | undefined, out: string): Promise<ExportResult> {
  const dbPath = join(registryDir, SERVE_DB_FILE);
  if (!existsSync(dbPath)) {
    throw new FramewiseError('FILE_NOT_FOUND', `There is no prediction log in '${registryDir}'.`, { hint: 'Serve models with `framewise serve --registry DIR` first; the log is written there.', location: { file: dbPath } });
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const temp = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const ndjson = join(temp, 'log.ndjson');
  let rows = 0;
  try {
    const stream = createWriteStream(ndjson);
    const query = db.prepare(`
      SELECT p.id, p.at, p.model, p.version, p.inputs, p.outputs, p.decision, p.ood,
             (SELECT label FROM feedback f WHERE f.prediction_id = p.id ORDER BY f.rowid DESC LIMIT 1) AS label,
             (SELECT at FROM feedback f WHERE f.prediction_id = p.id ORDER BY f.rowid DESC LIMIT 1) AS label_at
      FROM predictions p WHERE p.at >= ? ORDER BY p.at, p.rowid`);
    for (const row of query.iterate(since ?? '') as IterableIterator<LogRow>) {
      // The JSON columns are spliced in as they are stored, so they stay objects, not strings.
      const line = `{"id":${JSON.stringify(row.id)},"at":${JSON.stringify(row.at)},"model":${JSON.stringify(row.model)},"version":${row.version},"inputs":${row.inputs},"outputs":${row.outputs},"decision":${row.decision ?? 'null'},"ood":${row.ood},"label":${JSON.stringify(row.label)},"label_at":${JSON.stringify(row.label_at)}}`;
      if (!stream.write(`${line}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
      rows++;
    }
    stream.end();
    await finished(stream);
    const duck = await openDuckDB();
    try {
      const columns = `{${Object.entries(COLUMNS).map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
      const source = rows === 0 ? `SELECT * FROM read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${columns}) LIMIT 0` : `SELECT * FROM read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${columns})`;
      await duck.connection.run(`COPY (${source}) TO ${sqlString(resolve(out))} (FORMAT parquet)`);
    } finally {
      duck.close();
    }
  } finally {
    db.close();
    rmSync(temp, { recursive: true, force: true });
  }
  return { rows, out };
}
