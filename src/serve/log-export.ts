// Exports the prediction log to Parquet: rows since a time, each with its latest fed-back label,
// streamed from the log into newline-delimited JSON and converted, in time order, by DuckDB's COPY.

import Database from 'better-sqlite3';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { FramewiseError } from '../core/errors.js';
import { openDuckDB, sqlString } from '../data/duckdb.js';
import { PredictionLogReader } from './log-reader.js';
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
  /** Indexed predictions whose bytes could not be read (left out). */
  readonly unreadable: number;
  readonly out: string;
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
  const reader = new PredictionLogReader(db, registryDir);
  const temp = mkdtempSync(join(tmpdir(), 'framewise-log-'));
  const ndjson = join(temp, 'log.ndjson');
  let rows = 0;
  try {
    const stream = createWriteStream(ndjson);
    // The latest label of each prediction (feedback rows are few beside the predictions).
    const labels = new Map<string, { label: string; at: string }>();
    for (const f of db.prepare('SELECT prediction_id, label, at FROM feedback ORDER BY rowid').iterate() as IterableIterator<{ prediction_id: string; label: string; at: string }>) {
      labels.set(f.prediction_id, { label: f.label, at: f.at });
    }
    for (const entry of reader.entries(since ?? '')) {
      // The logged line is spliced as it is stored, so its JSON members stay objects, not strings.
      const label = labels.get(entry.id);
      const line = `${entry.line.slice(0, -1)},"label":${JSON.stringify(label?.label ?? null)},"label_at":${JSON.stringify(label?.at ?? null)}}`;
      if (!stream.write(`${line}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
      rows++;
    }
    stream.end();
    await finished(stream);
    const duck = await openDuckDB();
    try {
      const columns = `{${Object.entries(COLUMNS).map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ')}}`;
      const read = `SELECT * FROM read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${columns})`;
      const source = rows === 0 ? `${read} LIMIT 0` : `${read} ORDER BY "at"`;
      await duck.connection.run(`COPY (${source}) TO ${sqlString(resolve(out))} (FORMAT parquet)`);
    } finally {
      duck.close();
    }
  } finally {
    reader.close();
    db.close();
    rmSync(temp, { recursive: true, force: true });
  }
  return { rows, unreadable: reader.unreadable, out };
}
