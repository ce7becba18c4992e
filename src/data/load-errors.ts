// Turns DuckDB's failures while reading a file or running --sql into one FramewiseError that
// names the file, the line or column where known, and what to do.

import type { DuckDBConnection } from '@duckdb/node-api';
import { FramewiseError } from '../core/errors.js';
import { diagnoseCsv } from './csv-diagnose.js';
import { readCsvHead } from './csv-dialect.js';
import type { FileFormat } from './file-format.js';
import { ALLOWED_QUERY, type SqlOrigin } from './sql-guard.js';
import { capitalized } from '../core/capitalize.js';

export interface LoadContext {
  readonly path: string;
  readonly file: string;
  readonly format: FileFormat;
  readonly sql: string | undefined;
  /** Where `sql` came from, for messages. */
  readonly origin?: SqlOrigin;
  /** True when team rules (SQL expressions per row) were computed in the same read. */
  readonly derived?: boolean;
}

export function explainLoadFailure(error: unknown, context: LoadContext): FramewiseError {
  if (error instanceof FramewiseError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const first = raw.split('\n')[0] ?? raw;
  const { path, format, sql } = context;
  const what = capitalized((context.origin ?? { what: 'the --sql query' }).what);
  const refused = refusedFileAccess(error, context.origin ?? { what: "the SQL query (--sql or the card's data.sql)" });
  if (refused) return refused;

  if (format === 'csv' || format === 'tsv') {
    const structural = csvStructureError(context, raw);
    if (structural) return structural;
    const conversion = /Could not convert string "([^"]*)" to '?(\w+)'?/.exec(raw);
    const lineMatch = /Line: (\d+)/.exec(raw);
    const columnMatch = /Column at position: \d+ Name: ([^\n]+)|column "?([^"\n]+)"?/i.exec(raw);
    if (conversion) {
      const column = (columnMatch?.[1] ?? columnMatch?.[2] ?? '').trim();
      return new FramewiseError(
        'CSV_INVALID',
        `'${path}'${lineMatch ? ` line ${lineMatch[1]}` : ''}${column ? `, column '${column}'` : ''}: the value "${conversion[1]}" is not a ${conversion[2]!.toLowerCase()} like the rows before it.`,
        {
          hint: 'Fix or blank that value, or list it among the missing-value strings (--missing).',
          location: { file: path, ...(lineMatch ? { line: Number(lineMatch[1]) } : {}), ...(column ? { column } : {}) },
          cause: error,
        },
      );
    }
  }
  if (context.derived && /Conversion Error|Invalid Input Error|Out of Range Error|Could not convert/.test(first)) {
    return new FramewiseError('SQL_INVALID', `${sql !== undefined ? `${what} or a` : 'A'} team rule failed on some row of '${path}': ${first.replace(/^\w+ Error: /, '')}`, {
      hint: "Check each rule's sql in the card on the whole data (a CAST or division that fails on some rows); TRY_CAST gives NULL instead of failing.",
      location: { file: path },
      cause: error,
    });
  }
  if (/Binder Error|Parser Error|Catalog Error/.test(first) && sql !== undefined) {
    return new FramewiseError('SQL_INVALID', `${what} failed: ${first.replace(/^\w+ Error: /, '')}`, {
      hint: "Write a DuckDB SELECT over the table named 'data', e.g. SELECT *, a - b AS diff FROM data.",
      cause: error,
    });
  }
  if (format === 'json' || format === 'ndjson') {
    const where = /at byte (\d+)(?: in record\/value (\d+))?/.exec(raw);
    return new FramewiseError('JSON_INVALID', `'${path}' is not valid ${format === 'json' ? 'JSON' : 'NDJSON'}${where ? ` (at byte ${where[1]}${where[2] ? `, record ${where[2]}` : ''})` : ''}: ${first.replace(/^.*Error: /, '')}`, {
      hint: format === 'json' ? 'The file must hold one JSON array of objects, one object per row.' : 'Each line must hold one JSON object.',
      location: { file: path },
      cause: error,
    });
  }
  if (format === 'parquet') {
    return new FramewiseError('PARQUET_INVALID', `'${path}' could not be read as Parquet: ${first.replace(/^.*Error: /, '')}`, {
      hint: 'Check that the file is a complete Parquet file, or name its real format with --format.',
      location: { file: path },
      cause: error,
    });
  }
  if (sql !== undefined && /Error/.test(first)) {
    return new FramewiseError('SQL_INVALID', `${what} failed: ${first.replace(/^\w+ Error: /, '')}`, {
      hint: "Write a DuckDB SELECT over the table named 'data'.",
      cause: error,
    });
  }
  return new FramewiseError('CSV_INVALID', `'${path}' could not be read: ${first.replace(/^.*Error: /, '')}`, {
    hint: 'Check that the file is a delimited text file, or name its format with --format.',
    location: { file: path },
    cause: error,
  });
}

/**
 * A sealed session's refusal to touch a file other than the data (a path in FROM, which DuckDB
 * reads as a file), as SQL_REFUSED naming the file; undefined for any other error.
 */
export function refusedFileAccess(error: unknown, origin: SqlOrigin): FramewiseError | undefined {
  const raw = error instanceof Error ? error.message : String(error);
  if (!/^Permission Error/.test(raw)) return undefined;
  const target = /Cannot access (file|directory) "([^"]*)"/.exec(raw);
  const reads = target ? `reads the ${target[1]} '${target[2]}', which is not its data file` : 'reaches outside its data';
  return new FramewiseError('SQL_REFUSED', `${capitalized(origin.what)} ${reads}; only ${ALLOWED_QUERY} is allowed, so it was stopped before reading it.`, {
    hint: 'Select from the table named data (e.g. SELECT *, a - b AS diff FROM data); framewise reads the data file itself, and SQL can read no other file.',
    ...(origin.field === undefined ? {} : { location: { field: origin.field } }),
    cause: error,
  });
}


function csvStructureError(context: LoadContext, raw: string): FramewiseError | undefined {
  if (!/CSV Error|sniff|Error when|Expected Number of Columns|quote/i.test(raw)) return undefined;
  const delimiter = context.format === 'tsv' ? '\t' : readCsvHead(context.file).delimiter;
  const problem = diagnoseCsv(context.file, delimiter);
  if (problem === undefined) return undefined;
  const { path } = context;
  if (problem.kind === 'ragged') {
    return new FramewiseError(
      'CSV_RAGGED_ROW',
      `'${path}' line ${problem.line} has ${problem.found} fields where the header has ${problem.expected}.`,
      {
        hint: `Fix that line (a missing or extra '${delimiter === '\t' ? '\\t' : delimiter}', or a value with an unquoted delimiter), then load again.`,
        location: { file: path, line: problem.line },
      },
    );
  }
  return new FramewiseError('CSV_UNTERMINATED_QUOTE', `'${path}' line ${problem.line} opens a quoted value that is never closed.`, {
    hint: 'Close the quote on that line, or double any quote inside a value ("").',
    location: { file: path, line: problem.line },
  });
}

/** The first row DuckDB's CSV reader set aside (kept in its `reject_errors` table), as an error. */
export async function firstRejectedRow(connection: DuckDBConnection, path: string): Promise<FramewiseError | undefined> {
  // DuckDB makes the table on the first CSV scan; a query that never reads `data` leaves none.
  const exists = await connection.runAndReadAll(`SELECT count(*) > 0 AS found FROM duckdb_tables() WHERE table_name = 'reject_errors'`);
  if (exists.getRowObjectsJson()[0]?.['found'] !== true) return undefined;
  const reader = await connection.runAndReadAll(
    `SELECT CAST(line AS DOUBLE) AS line, column_name, error_type, error_message FROM reject_errors
     ORDER BY line, CASE error_type WHEN 'UNQUOTED VALUE' THEN 0 ELSE 1 END LIMIT 1`,
  );
  const row = reader.getRowObjectsJson()[0];
  if (row === undefined) return undefined;
  const line = Number(row['line']);
  const column = String(row['column_name'] ?? '');
  const type = String(row['error_type']);
  const message = String(row['error_message'] ?? '');
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (type === 'UNQUOTED VALUE') {
    return new FramewiseError('CSV_UNTERMINATED_QUOTE', `'${path}' line ${line} opens a quoted value that is never closed.`, {
      hint: 'Close the quote on that line, or double any quote inside a value ("").',
      location: { file: path, line },
    });
  }
  if (counts) {
    return new FramewiseError('CSV_RAGGED_ROW', `'${path}' line ${line} has ${counts[2]} fields where the header has ${counts[1]}.`, {
      hint: 'Fix that line (a missing or extra delimiter, or a value with an unquoted delimiter), then load again.',
      location: { file: path, line },
    });
  }
  if (type === 'CAST') {
    const value = /Could not convert string "([^"]*)"|'([^']*)'/.exec(message);
    const shown = value ? `"${value[1] ?? value[2]}"` : 'a value';
    return new FramewiseError(
      'CSV_INVALID',
      `'${path}' line ${line}, column '${column}': ${shown} does not fit the column's type, which the rows before it set.`,
      {
        hint: `Fix or blank that value, add it to the missing-value strings (--missing), or set the column's type (--type ${column}=categorical).`,
        location: { file: path, line, column },
      },
    );
  }
  if (type === 'INVALID ENCODING' || type === 'INVALID UNICODE') {
    return new FramewiseError('FILE_UNREADABLE', `'${path}' line ${line} is not valid UTF-8 text.`, {
      hint: 'Save the file as UTF-8 (for example: iconv -f latin1 -t utf-8 in.csv > out.csv), then load again.',
      location: { file: path, line },
    });
  }
  return new FramewiseError('CSV_INVALID', `'${path}' line ${line}: ${message}`, {
    hint: 'Fix that line, then load again.',
    location: { file: path, line, ...(column ? { column } : {}) },
  });
}

/** How many rows a query gives, counted by DuckDB. */
export async function countRows(connection: DuckDBConnection, query: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) AS n FROM (\n${query}\n) AS framewise_count`);
  return Number(reader.getRowObjectsJson()[0]!['n']);
}
