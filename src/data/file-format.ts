// The file formats framewise reads, chosen by extension unless the user names one.

import { extname } from 'node:path';
import { FramewiseError } from '../core/errors.js';

export type FileFormat = 'csv' | 'tsv' | 'parquet' | 'json' | 'ndjson';
export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'tsv', 'parquet', 'json', 'ndjson'];

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

export function isFileFormat(value: string): value is FileFormat {
  return (FILE_FORMATS as readonly string[]).includes(value);
}

/** The format for a path: the override when given, else from the extension (a `.gz` suffix is looked through). */
export function formatFor(path: string, override?: string): FileFormat {
  if (override !== undefined) {
    if (isFileFormat(override)) return override;
    throw new FramewiseError('UNKNOWN_FORMAT', `Unknown format '${override}'.`, {
      hint: `Use one of: ${FILE_FORMATS.join(', ')}.`,
      location: { file: path },
    });
  }
  const base = path.toLowerCase().endsWith('.gz') ? path.slice(0, -3) : path;
  const format = BY_EXTENSION[extname(base).toLowerCase()];
  if (format === undefined) {
    throw new FramewiseError('UNKNOWN_FORMAT', `Cannot tell the format of '${path}' from its extension '${extname(base) || '(none)'}'.`, {
      hint: `Name the format with --format (${FILE_FORMATS.join(', ')}), or rename the file to one of: ${Object.keys(BY_EXTENSION).join(' ')}.`,
      location: { file: path },
    });
  }
  return format;
}
