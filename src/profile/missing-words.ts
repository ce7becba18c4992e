// Missing-value words that may be values: a string such as "NA" that the missing-value list turns
// into "missing" while it is a large share of a column of other strings ("NA" for North America),
// counted in the raw file by DuckDB, since the loaded frame no longer tells them from blanks.

import { resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { readCsvHead } from '../data/csv-dialect.js';
import { openDuckDB, sqlIdentifier, sqlString } from '../data/duckdb.js';
import { formatFor, type FileFormat, isFileFormat } from '../data/file-format.js';
import { DEFAULT_MISSING } from '../data/load.js';
import type { ReadinessCheck } from './readiness.js';

/** Share of a column's rows at which a missing-value word is worth a warning. */
export const MISSING_WORD_SHARE = 0.05;

export interface MissingWord {
  readonly column: string;
  /** The word read as missing, e.g. "NA". */
  readonly word: string;
  readonly rows: number;
  /** Of all rows of the file. */
  readonly share: number;
  /** How to keep it as a value, in plain words. */
  readonly advice: string;
}

export interface MissingWordOptions {
  readonly format?: FileFormat;
  readonly delimiter?: string;
  readonly header?: boolean;
  /** The missing-value strings the file was read with (default: empty and NA). */
  readonly missing?: readonly string[];
  /** Count over the file's first rows only (large files: a share is known well long before the end). */
  readonly rowLimit?: number;
}

/** Rows a large file's words are counted over. */
export const MISSING_WORDS_ROW_LIMIT = 1_000_000;

/**
 * The non-empty missing-value words that are at least `MISSING_WORD_SHARE` of a column the frame
 * holds as strings (categories or text), most common first. Only CSV/TSV files have such words;
 * other formats carry real nulls. A column the frame has but the raw file lacks (made by SQL) is
 * not counted.
 */
export async function missingWordsAsValues(path: string, frame: Frame, options: MissingWordOptions = {}): Promise<MissingWord[]> {
  const format = options.format ?? formatFor(path);
  if (format !== 'csv' && format !== 'tsv') return [];
  const words = (options.missing ?? DEFAULT_MISSING).filter((w) => w !== '');
  if (words.length === 0 || (options.header ?? true) === false) return [];
  const head = readCsvHead(path, options.delimiter ?? (format === 'tsv' ? '\t' : undefined));
  const raw = new Set(head.fields);
  const columns = frame.columns.filter((c) => (c.kind === 'categorical' || c.kind === 'text') && raw.has(c.name)).map((c) => c.name);
  if (columns.length === 0) return [];
  const session = await openDuckDB();
  try {
    // Every column as text and only the empty string as missing: the words are still there to count.
    const source = `read_csv(${sqlString(resolve(path))}, delim=${sqlString(head.delimiter)}, header=true, quote='"', escape='"', all_varchar=true, nullstr=[''], ignore_errors=true)`;
    const counts = columns.flatMap((c, i) => words.map((w, j) => `CAST(count(*) FILTER (WHERE ${sqlIdentifier(c)} = ${sqlString(w)}) AS DOUBLE) AS c${i}_${j}`));
    let row: Record<string, unknown>;
    try {
      const reader = await session.connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) AS n, ${counts.join(', ')} FROM ${options.rowLimit === undefined ? source : `(SELECT * FROM ${source} LIMIT ${Math.max(1, Math.floor(options.rowLimit))})`}`);
      row = reader.getRowObjectsJson()[0] as Record<string, unknown>;
    } catch (error) {
      throw new FramewiseError('INTERNAL', `Counting the missing-value words of '${path}' failed: ${error instanceof Error ? error.message : String(error)}`, { location: { file: path } });
    }
    const total = Number(row['n']);
    const found: MissingWord[] = [];
    columns.forEach((column, i) =>
      words.forEach((word, j) => {
        const rows = Number(row[`c${i}_${j}`]);
        if (total > 0 && rows / total >= MISSING_WORD_SHARE) found.push({ column, word, rows, share: rows / total, advice: keepAdvice(word, options.missing ?? DEFAULT_MISSING) });
      }),
    );
    return found.sort((a, b) => b.share - a.share);
  } finally {
    session.close();
  }
}

/** The message a reader sees, e.g. `'region': "NA" is 39.8% of rows and is read as missing, …`. */
export function describeMissingWord(m: MissingWord): string {
  return `'${m.column}': "${m.word}" is ${(m.share * 100).toFixed(1)}% of rows (${m.rows.toLocaleString('en-US')}) and is read as missing, while the column's other values are words. If "${m.word}" is a value (North America, say), ${m.advice}.`;
}

function keepAdvice(word: string, missing: readonly string[]): string {
  const rest = missing.filter((w) => w !== word);
  const flag = `--missing ${JSON.stringify(rest.join(','))}`;
  return `keep it with ${flag} or the card's data.missing: ${JSON.stringify(rest)}`;
}

/** The readiness check `assess` shows when a missing-value word may be a value (null when none is). */
export function missingWordsCheck(words: readonly MissingWord[]): ReadinessCheck | null {
  if (words.length === 0) return null;
  return {
    id: 'missing-words',
    title: 'Missing-value words that may be values',
    status: 'warn',
    message: words.map(describeMissingWord).join(' '),
    evidence: { missingWords: words },
  };
}

/** The options for a card's `data` section (its format, delimiter and missing strings). */
export function missingWordOptions(data: { readonly format?: string | undefined; readonly delimiter?: string | undefined; readonly missing?: readonly string[] | undefined }): MissingWordOptions {
  return {
    ...(data.format === undefined || !isFileFormat(data.format) ? {} : { format: data.format }),
    ...(data.delimiter === undefined ? {} : { delimiter: data.delimiter }),
    ...(data.missing === undefined ? {} : { missing: data.missing }),
  };
}
