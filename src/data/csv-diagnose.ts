// Finds the first structural problem in a delimited file (a row with the wrong number of
// fields, or a quote never closed) and its line, to explain why a load failed.

import { closeSync, openSync, readSync } from 'node:fs';

export type CsvProblem =
  | { readonly kind: 'ragged'; readonly line: number; readonly expected: number; readonly found: number }
  | { readonly kind: 'unterminated-quote'; readonly line: number };

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Scans the file byte by byte. Lines are counted from 1, the header included; a record that
 * spans lines inside quotes is reported at the line where it starts.
 */
export function diagnoseCsv(path: string, delimiter: string): CsvProblem | undefined {
  const delimiterByte = Buffer.from(delimiter, 'utf8')[0]!;
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let line = 1;
  let recordStartLine = 1;
  let quoteOpenLine = 1;
  let inQuote = false;
  let fields = 1;
  let recordHasContent = false;
  let expected = -1;
  let position = 0;
  const finishRecord = (): CsvProblem | undefined => {
    if (recordHasContent) {
      if (expected < 0) expected = fields;
      else if (fields !== expected) return { kind: 'ragged', line: recordStartLine, expected, found: fields };
    }
    fields = 1;
    recordHasContent = false;
    return undefined;
  };
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      position += read;
      for (let i = 0; i < read; i++) {
        const b = buffer[i]!;
        if (b === NEWLINE) line++;
        if (inQuote) {
          if (b === QUOTE) inQuote = false; // a doubled quote re-opens on the next byte
          continue;
        }
        if (b === QUOTE) {
          inQuote = true;
          quoteOpenLine = line;
          recordHasContent = true;
        } else if (b === delimiterByte) {
          fields++;
          recordHasContent = true;
        } else if (b === NEWLINE) {
          const problem = finishRecord();
          if (problem) return problem;
          recordStartLine = line;
        } else if (b !== RETURN) {
          recordHasContent = true;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (inQuote) return { kind: 'unterminated-quote', line: quoteOpenLine };
  return finishRecord();
}
