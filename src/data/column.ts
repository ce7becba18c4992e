// The storage kinds of a frame's columns: typed arrays keyed on `kind`, missing values
// stored in-band (NaN for numbers and times, -1 for category codes and booleans, null for text).

export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  /** Index into `dictionary`; -1 marks a missing value. */
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

export interface BooleanColumn {
  readonly kind: 'boolean';
  readonly name: string;
  /** 1 true, 0 false, -1 missing. */
  readonly values: Int8Array;
  /**
   * The data's own words for false and true (e.g. ['no', 'yes']), when it wrote them other than
   * as true/false: a value read as a label (a class, a row's value in an output) is that word.
   */
  readonly words?: readonly [string, string];
}

export interface DatetimeColumn {
  readonly kind: 'datetime';
  readonly name: string;
  /** Milliseconds since 1970-01-01T00:00:00Z; NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  readonly values: readonly (string | null)[];
}

export type Column = NumericColumn | CategoricalColumn | BooleanColumn | DatetimeColumn | TextColumn;
export type ColumnKind = Column['kind'];

export function columnLength(column: Column): number {
  return column.kind === 'categorical' ? column.codes.length : column.values.length;
}

export function isMissingAt(column: Column, row: number): boolean {
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return Number.isNaN(column.values[row]!);
    case 'categorical':
      return column.codes[row]! < 0;
    case 'boolean':
      return column.values[row]! < 0;
    case 'text':
      return column.values[row] === null;
  }
}

export function missingCount(column: Column): number {
  let missing = 0;
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      for (const v of column.values) if (v !== v) missing++;
      return missing;
    case 'categorical':
      for (const c of column.codes) if (c < 0) missing++;
      return missing;
    case 'boolean':
      for (const v of column.values) if (v < 0) missing++;
      return missing;
    case 'text':
      for (const v of column.values) if (v === null) missing++;
      return missing;
  }
}

/**
 * The value at a row as plain JSON: number, string, boolean, ISO time string, or null. A boolean
 * the data wrote in its own words (yes/no) is that word, so classes and outputs keep them.
 */
export function valueAt(column: Column, row: number): number | string | boolean | null {
  switch (column.kind) {
    case 'numeric': {
      const v = column.values[row]!;
      return Number.isNaN(v) ? null : v;
    }
    case 'datetime': {
      const v = column.values[row]!;
      return Number.isNaN(v) ? null : new Date(v).toISOString();
    }
    case 'categorical': {
      const c = column.codes[row]!;
      return c < 0 ? null : column.dictionary[c]!;
    }
    case 'boolean': {
      const v = column.values[row]!;
      if (v < 0) return null;
      return column.words === undefined ? v === 1 : column.words[v]!;
    }
    case 'text':
      return column.values[row] ?? null;
  }
}

/** A new column holding the given rows, in the given order. */
export function takeRows(column: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  switch (column.kind) {
    case 'numeric':
    case 'datetime': {
      const out = new Float64Array(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[rows[i]!]!;
      return { kind: column.kind, name: column.name, values: out };
    }
    case 'categorical': {
      const out = new Int32Array(n);
      const src = column.codes;
      for (let i = 0; i < n; i++) out[i] = src[rows[i]!]!;
      return { kind: 'categorical', name: column.name, codes: out, dictionary: column.dictionary };
    }
    case 'boolean': {
      const out = new Int8Array(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[rows[i]!]!;
      return { kind: 'boolean', name: column.name, values: out, ...(column.words === undefined ? {} : { words: column.words }) };
    }
    case 'text': {
      const out = new Array<string | null>(n);
      const src = column.values;
      for (let i = 0; i < n; i++) out[i] = src[rows[i]!] ?? null;
      return { kind: 'text', name: column.name, values: out };
    }
  }
}

export function renameColumn(column: Column, name: string): Column {
  return { ...column, name };
}

/** Bytes the column's arrays occupy (text counted at two bytes per character). */
export function columnBytes(column: Column): number {
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
    case 'boolean':
      return column.values.byteLength;
    case 'categorical':
      return column.codes.byteLength + column.dictionary.reduce((s, d) => s + 2 * d.length, 0);
    case 'text':
      return column.values.reduce((s, v) => s + 8 + (v === null ? 0 : 2 * v.length), 0);
  }
}
