// Reads the first line of a delimited file to find its delimiter and header names, so that
// framewise can pass DuckDB an explicit dialect and catch duplicate names before loading.

import { closeSync, openSync, readSync } from 'node:fs';

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;

export interface CsvHead {
  /** The first record's fields (the header names when the file has a header). */
  readonly fields: string[];
  readonly delimiter: string;
  /** Bytes per line in the sampled start of the file, to size buffers before loading. */
  readonly bytesPerLine: number;
  /** True when the sampled part holds one line only (a header with no data, or one row). */
  readonly singleLine: boolean;
}

/** The first record of the file, split with `delimiter` or with the most frequent candidate. */
export function readCsvHead(path: string, delimiter?: string): CsvHead {
  const sample = readStart(path, 1 << 16);
  const text = sample.toString('utf8').replace(/^\uFEFF/, '');
  const firstRecordEnd = findRecordEnd(text);
  const firstLine = text.slice(0, firstRecordEnd);
  const chosen = delimiter ?? detectDelimiter(firstLine);
  const lines = text.split('\n').filter((l) => l.length > 0);
  const complete = sample.length < 1 << 16 ? lines.length : Math.max(1, lines.length - 1);
  const bytesPerLine = Math.max(1, sample.length / Math.max(1, complete));
  return {
    fields: splitRecord(firstLine, chosen),
    delimiter: chosen,
    bytesPerLine,
    singleLine: lines.length <= 1,
  };
}

function readStart(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The index just past the first record, honouring quoted newlines. */
function findRecordEnd(text: string): number {
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuote = !inQuote;
    else if (ch === '\n' && !inQuote) return i > 0 && text[i - 1] === '\r' ? i - 1 : i;
  }
  return text.length;
}

function detectDelimiter(line: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATE_DELIMITERS) {
    const count = splitRecord(line, candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Splits one record on the delimiter, removing RFC 4180 quotes. */
export function splitRecord(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuote) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          current += '"';
          i++;
        } else inQuote = false;
      } else current += ch;
    } else if (ch === '"') inQuote = true;
    else if (line.startsWith(delimiter, i)) {
      fields.push(current);
      current = '';
      i += delimiter.length - 1;
    } else current += ch;
  }
  fields.push(current);
  return fields.map((f) => f.trim());
}
