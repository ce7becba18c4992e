// The one entry point that loads a data file (CSV, TSV, Parquet, JSON, NDJSON) through DuckDB
// into a typed Frame, optionally through a SQL SELECT over the table `data`, with clear errors.
// DuckDB is sealed to the data file before any SQL a user or a card wrote is checked or run.

import { accessSync, constants, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { type ProgressSink, silentProgress } from '../core/progress.js';
import { suggestionHint } from '../core/suggest.js';
import { type Column, columnLength } from './column.js';
import { convertColumn } from './convert-column.js';
import { readCsvHead } from './csv-dialect.js';
import { countRows, explainLoadFailure, firstRejectedRow, refusedFileAccess } from './load-errors.js';
import { openSealedDuckDB, sqlIdentifier, sqlString } from './duckdb.js';
import { describeQuery, readColumns } from './duckdb-columns.js';
import { type FileFormat, formatFor } from './file-format.js';
import { Frame } from './frame.js';
import { inferColumnType } from './infer-types.js';
import type { ColumnTypeInfo, SemanticType } from './semantic-type.js';
import { checkExpression, checkQuery, type SqlOrigin } from './sql-guard.js';
import { capitalized } from '../core/capitalize.js';

export interface LoadOptions {
  /** Overrides the format that the extension implies. */
  readonly format?: FileFormat;
  /** CSV/TSV field delimiter; detected from the header line when left out. */
  readonly delimiter?: string;
  /** Whether the first CSV/TSV line holds column names (default true). */
  readonly header?: boolean;
  /** Strings that mean "missing" in CSV/TSV (default: empty and NA). */
  readonly missing?: readonly string[];
  /** A DuckDB SELECT over the loaded table, which is named `data`. */
  readonly sql?: string;
  /** Where `sql` came from, for messages (default: "the SQL query (--sql or the card's data.sql)"). */
  readonly sqlOrigin?: SqlOrigin;
  /** Semantic types set by the user, by column name; they win over inference. */
  readonly types?: Readonly<Record<string, SemanticType>>;
  /**
   * Extra columns computed by SQL expressions over each row (a team's rules), each checked on
   * its own so that a broken one is named by `field` (its place in the user's config).
   */
  readonly derived?: readonly DerivedColumn[];
  /** Columns that must exist (checked after --sql, before anything else). */
  readonly requiredColumns?: readonly string[];
  readonly progress?: ProgressSink;
}

export interface DerivedColumn {
  readonly name: string;
  readonly expression: string;
  readonly field: string;
  /** Where the expression came from, for messages (default: its field and column name). */
  readonly origin?: SqlOrigin;
}

/** Where SQL came from when the caller does not say. */
export const DEFAULT_SQL_ORIGIN: SqlOrigin = { what: "the SQL query (--sql or the card's data.sql)" };

export interface LoadedData {
  readonly frame: Frame;
  readonly file: string;
  readonly format: FileFormat;
}

export const DEFAULT_MISSING = ['', 'NA'] as const;

/**
 * DuckDB's CSV read buffer. Its default (32 MiB per thread) costs about 100 MiB more peak memory
 * on a large file for no measurable speed; 2 MiB is also DuckDB's longest allowed line.
 */
const CSV_BUFFER_BYTES = 2 * 1024 * 1024;

export async function loadFrame(path: string, options: LoadOptions = {}): Promise<LoadedData> {
  const file = resolve(path);
  checkReadable(path, file);
  const format = options.format ?? formatFor(path);
  const progress = options.progress ?? silentProgress;

  let capacity = 1024;
  let source: string;
  let csvSource: ((text: readonly string[]) => string) | null = null;
  // Columns the user wants read as words are read as text by DuckDB too, so that a stray
  // word deep in a numeric-looking column cannot fail the load.
  const asText = Object.entries(options.types ?? {}).filter(([, t]) => t === 'categorical' || t === 'text' || t === 'identifier').map(([name]) => name);
  const header = options.header ?? true;
  if (format === 'csv' || format === 'tsv') {
    const head = readCsvHead(file, options.delimiter ?? (format === 'tsv' ? '\t' : undefined));
    if (header) checkHeaderNames(path, head.fields);
    capacity = Math.ceil((statSync(file).size / head.bytesPerLine) * 1.05) + 64;
    const missing = options.missing ?? DEFAULT_MISSING;
    csvSource = (text: readonly string[]): string => {
      const typesOption = text.length === 0 ? '' : `, types={${text.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ')}}`;
      return (
        `read_csv(${sqlString(file)}, delim=${sqlString(head.delimiter)}, header=${header}, ` +
        `quote='"', escape='"', strict_mode=true, null_padding=false, ignore_errors=true, store_rejects=true, ` +
        `nullstr=[${missing.map(sqlString).join(", ")}]${typesOption}, buffer_size=${CSV_BUFFER_BYTES})`
      );
    };
    source = csvSource(asText);
  } else if (format === 'parquet') {
    source = `read_parquet(${sqlString(file)})`;
  } else {
    source = `read_json(${sqlString(file)}, format=${format === 'json' ? "'array'" : "'newline_delimited'"})`;
  }

  // The data file is the only file this session can read; nothing the SQL says can change that.
  const session = await openSealedDuckDB([file]);
  try {
    const connection = session.connection;
    const origin = options.sqlOrigin ?? DEFAULT_SQL_ORIGIN;
    const derived = options.derived ?? [];
    // Checked before anything reads the file: a refused text has no effect at all.
    if (options.sql !== undefined) await checkQuery(connection, options.sql, origin);
    for (const d of derived) await checkExpression(connection, d.expression, derivedOrigin(d));
    // On lines of their own, so that a trailing -- comment cannot swallow what follows.
    const baseQuery = options.sql === undefined ? 'SELECT * FROM data' : `\n${options.sql}\n`;
    let columns;
    try {
      await connection.run(`CREATE VIEW data AS SELECT * FROM ${source}`);
      if (csvSource !== null) {
        // DuckDB reads yes/no, Y/N and T/F columns as BOOLEAN and forgets the words; read them as
        // text so that inference makes them booleans that keep the data's own words (yes stays yes).
        const yesNo = (await describeQuery(connection, 'SELECT * FROM data')).filter((c) => c.duckType.toUpperCase() === 'BOOLEAN').map((c) => c.name);
        if (yesNo.length > 0) {
          await connection.run(`CREATE OR REPLACE VIEW data AS SELECT * FROM ${csvSource([...new Set([...asText, ...yesNo])])}`);
        }
      }
      columns = await describeQuery(connection, baseQuery);
    } catch (error) {
      throw explainLoadFailure(error, { path, file, format, sql: options.sql, origin });
    }
    for (const d of derived) await checkDerived(connection, baseQuery, d);
    const query = derived.length === 0 ? baseQuery : `SELECT *, ${derived.map((d) => `(\n${d.expression}\n) AS ${sqlIdentifier(d.name)}`).join(', ')} FROM (${baseQuery}) AS framewise_base`;
    if (derived.length > 0) columns = await describeQuery(connection, query);
    checkResultNames(path, columns.map((c) => c.name), options.sql === undefined ? undefined : origin);
    for (const required of options.requiredColumns ?? []) {
      if (!columns.some((c) => c.name === required)) {
        throw new FramewiseError('COLUMN_NOT_FOUND', `'${path}' has no column named '${required}'.`, {
          hint: suggestionHint(required, columns.map((c) => c.name)),
          location: { file: path, column: required },
        });
      }
    }
    progress.start(`Loading ${path}`, capacity > 100_000 ? capacity : undefined);
    let loaded: Column[];
    try {
      loaded = await readColumns(connection, query, columns, { capacity, progress });
    } catch (error) {
      throw explainLoadFailure(error, { path, file, format, sql: options.sql, origin, derived: derived.length > 0 });
    } finally {
      progress.stop();
    }
    const rowCount = loaded.length === 0 ? 0 : columnLength(loaded[0]!);
    // DuckDB ends a stream early and quietly when reading fails part-way, so every load is
    // checked: CSV rows DuckDB set aside are reported, and other reads are counted again.
    if (format === 'csv' || format === 'tsv') {
      const rejected = await firstRejectedRow(connection, path);
      if (rejected) throw rejected;
    }
    if (options.sql !== undefined || derived.length > 0 || (format !== 'csv' && format !== 'tsv')) {
      let expected: number;
      try {
        expected = await countRows(connection, query);
      } catch (error) {
        throw explainLoadFailure(error, { path, file, format, sql: options.sql, origin, derived: derived.length > 0 });
      }
      if (expected !== rowCount) {
        throw new FramewiseError('INTERNAL', `Reading '${path}' stopped after ${rowCount} of ${expected} rows.`, {
          hint: 'Run the same --sql in DuckDB to see the error, or check the file for damage part-way through.',
          location: { file: path, row: rowCount + 1 },
        });
      }
    }
    if (rowCount === 0) {
      throw new FramewiseError('NO_DATA_ROWS', options.sql ? `${capitalized(origin.what)} over '${path}' returned no rows.` : `'${path}' has column names but no data rows.`, {
        hint: options.sql ? 'Loosen the WHERE clause of the query, or check it against the data.' : 'Add data rows below the header, or point framewise at the right file.',
        location: { file: path },
      });
    }
    // DuckDB's memory is released before inference allocates anything new.
    session.close();
    return { frame: typeColumns(path, loaded, options.types ?? {}), file, format };
  } finally {
    session.close();
  }
}

async function checkDerived(connection: DuckDBConnection, baseQuery: string, derived: DerivedColumn): Promise<void> {
  try {
    await describeQuery(connection, `SELECT (\n${derived.expression}\n) AS x FROM (${baseQuery}) AS framewise_base`);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    const refused = refusedFileAccess(error, derivedOrigin(derived));
    if (refused) throw refused;
    throw new FramewiseError('CARD_INVALID', `${derived.field} ('${derived.name}'): the SQL expression fails: ${first.replace(/^\w+ Error: /, '')}`, {
      hint: 'Write a DuckDB expression over one row\'s columns, e.g. precipitation > 0 or CASE WHEN wind > 5 THEN \'rain\' ELSE \'sun\' END.',
      location: { field: derived.field },
    });
  }
}

function derivedOrigin(derived: DerivedColumn): SqlOrigin {
  return derived.origin ?? { what: `${derived.field} ('${derived.name}')`, field: derived.field };
}


function checkReadable(path: string, file: string): void {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    throw new FramewiseError('FILE_NOT_FOUND', `File '${path}' does not exist.`, {
      hint: `Check the path (it is read relative to ${process.cwd()}).`,
      location: { file: path },
    });
  }
  if (stats.isDirectory()) {
    throw new FramewiseError('FILE_UNREADABLE', `'${path}' is a folder, not a data file.`, {
      hint: 'Name a CSV, TSV, Parquet, JSON or NDJSON file inside it.',
      location: { file: path },
    });
  }
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new FramewiseError('FILE_UNREADABLE', `File '${path}' cannot be read (permission denied).`, {
      hint: 'Check the file permissions, or copy it somewhere readable.',
      location: { file: path },
    });
  }
  if (stats.size === 0) {
    throw new FramewiseError('FILE_EMPTY', `File '${path}' is empty.`, {
      hint: 'The file has no bytes at all: check that it was written completely.',
      location: { file: path },
    });
  }
}

function checkHeaderNames(path: string, names: readonly string[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new FramewiseError(
        'DUPLICATE_COLUMN',
        `'${path}' has two columns named '${name}' (columns ${earlier + 1} and ${index + 1} of the header).`,
        { hint: 'Rename one of them in the file, or load without a header and name columns with --sql.', location: { file: path, line: 1, column: name } },
      );
    }
    seen.set(name, index);
  });
}

function checkResultNames(path: string, names: readonly string[], origin: SqlOrigin | undefined): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new FramewiseError('DUPLICATE_COLUMN', `${origin ? capitalized(origin.what) : `'${path}'`} gives two columns named '${name}'.`, {
        hint: origin ? `Give each selected column its own name with AS.` : 'Rename one of them in the file.',
        location: { file: path, column: name },
      });
    }
    seen.add(name);
  }
}

/** Infers semantic types, then applies the user's overrides (which must name real columns). */
function typeColumns(path: string, columns: Column[], overrides: Readonly<Record<string, SemanticType>>): Frame {
  const names = columns.map((c) => c.name);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) {
      throw new FramewiseError('COLUMN_NOT_FOUND', `A type is set for column '${name}', which '${path}' does not have.`, {
        hint: suggestionHint(name, names),
        location: { file: path, column: name },
      });
    }
  }
  const types = new Map<string, ColumnTypeInfo>();
  const typed = columns.map((column) => {
    const override = overrides[column.name];
    if (override !== undefined) {
      const converted = convertColumn(column, override);
      types.set(column.name, { type: override, reason: `set by the user to ${override}`, overridden: true });
      return converted;
    }
    const inferred = inferColumnType(column);
    types.set(column.name, inferred.info);
    return inferred.column;
  });
  return new Frame(typed, types);
}
