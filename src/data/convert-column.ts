// Changes a column's storage to suit a semantic type (inferred, or set by the user), refusing
// with the offending row and value when a value cannot be read as the new type.

import { FramewiseError } from '../core/errors.js';
import { booleanOfWord, wordsOf } from './boolean-words.js';
import { type Column, valueAt } from './column.js';
import type { SemanticType } from './semantic-type.js';

export function convertColumn(column: Column, type: SemanticType): Column {
  switch (type) {
    case 'identifier':
    case 'constant':
      return column;
    case 'numeric':
      return toNumeric(column);
    case 'categorical':
      return toCategorical(column);
    case 'boolean':
      return toBoolean(column);
    case 'datetime':
      return toDatetime(column);
    case 'text':
      return toText(column);
  }
}

function cannot(column: Column, row: number, value: unknown, type: SemanticType): never {
  throw new FramewiseError(
    'TYPE_OVERRIDE_INVALID',
    `Column '${column.name}' cannot be read as ${type}: row ${row + 1} holds ${JSON.stringify(value)}.`,
    {
      hint: `Choose another type for '${column.name}', or clean that value first (for example with --sql).`,
      location: { column: column.name, row: row + 1 },
    },
  );
}

function rowCount(column: Column): number {
  return column.kind === 'categorical' ? column.codes.length : column.values.length;
}

function toNumeric(column: Column): Column {
  if (column.kind === 'numeric') return column;
  const n = rowCount(column);
  const values = new Float64Array(n);
  if (column.kind === 'datetime') return { kind: 'numeric', name: column.name, values: column.values.slice() };
  if (column.kind === 'boolean') {
    for (let i = 0; i < n; i++) values[i] = column.values[i]! < 0 ? Number.NaN : column.values[i]!;
    return { kind: 'numeric', name: column.name, values };
  }
  const parse = (text: string, row: number): number => {
    const trimmed = text.trim();
    const v = trimmed === '' ? Number.NaN : Number(trimmed);
    if (trimmed !== '' && Number.isNaN(v)) cannot(column, row, text, 'numeric');
    return v;
  };
  if (column.kind === 'categorical') {
    const parsed = new Float64Array(column.dictionary.length).fill(Number.NaN);
    const done = new Uint8Array(column.dictionary.length);
    for (let i = 0; i < n; i++) {
      const c = column.codes[i]!;
      if (c < 0) {
        values[i] = Number.NaN;
        continue;
      }
      if (done[c] === 0) {
        parsed[c] = parse(column.dictionary[c]!, i);
        done[c] = 1;
      }
      values[i] = parsed[c]!;
    }
    return { kind: 'numeric', name: column.name, values };
  }
  for (let i = 0; i < n; i++) {
    const text = column.values[i] ?? null;
    values[i] = text === null ? Number.NaN : parse(text, i);
  }
  return { kind: 'numeric', name: column.name, values };
}

function toCategorical(column: Column): Column {
  if (column.kind === 'categorical') return column;
  if (column.kind === 'numeric') return numbersToCategorical(column.name, column.values);
  const n = rowCount(column);
  const labels: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = valueAt(column, i);
    labels[i] = v === null ? null : String(v);
  }
  const distinct = [...new Set(labels.filter((l): l is string => l !== null))].sort();
  const index = new Map(distinct.map((d, i) => [d, i]));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    codes[i] = l === null ? -1 : index.get(l)!;
  }
  return { kind: 'categorical', name: column.name, codes, dictionary: distinct };
}

/** Numbers as categories, the dictionary in numeric order (2 before 10), with no string per row. */
function numbersToCategorical(name: string, values: Float64Array): Column {
  const distinct = [...new Set(values.filter((v) => v === v))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    codes[i] = v === v ? index.get(v)! : -1;
  }
  return { kind: 'categorical', name, codes, dictionary: distinct.map(String) };
}

function toBoolean(column: Column): Column {
  if (column.kind === 'boolean') return column;
  const n = rowCount(column);
  const values = new Int8Array(n);
  const spellings = new Set<string>();
  for (let i = 0; i < n; i++) {
    const v = valueAt(column, i);
    if (v === null) {
      values[i] = -1;
      continue;
    }
    const word = String(v);
    const b = booleanOfWord(word);
    if (b === null) cannot(column, i, v, 'boolean');
    values[i] = b ? 1 : 0;
    spellings.add(word);
  }
  // The data's own words stay with the column, so a class read from it is 'yes', not 'true'.
  const words = wordsOf(spellings);
  return { kind: 'boolean', name: column.name, values, ...(words === undefined ? {} : { words }) };
}

function toDatetime(column: Column): Column {
  if (column.kind === 'datetime') return column;
  const n = rowCount(column);
  if (column.kind === 'numeric') return { kind: 'datetime', name: column.name, values: column.values.slice() };
  const values = new Float64Array(n);
  const cache = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = valueAt(column, i);
    if (v === null) {
      values[i] = Number.NaN;
      continue;
    }
    const text = String(v).trim();
    let ms = cache.get(text);
    if (ms === undefined) {
      // A bare date is a calendar day: read it as UTC midnight, as DuckDB does.
      ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(ms)) cannot(column, i, v, 'datetime');
      cache.set(text, ms);
    }
    values[i] = ms;
  }
  return { kind: 'datetime', name: column.name, values };
}

function toText(column: Column): Column {
  if (column.kind === 'text') return column;
  const n = rowCount(column);
  const values: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = valueAt(column, i);
    values[i] = v === null ? null : String(v);
  }
  return { kind: 'text', name: column.name, values };
}
