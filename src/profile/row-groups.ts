// Groups rows that hold identical values in the given columns, for duplicate rows and for
// labels that conflict on identical inputs.

import { type Column, valueAt } from '../data/column.js';

/** A group id per row: rows with the same values in every column share an id. */
export function groupIdenticalRows(columns: readonly Column[], rowCount: number): { groups: Int32Array; groupCount: number } {
  const index = new Map<string, number>();
  const groups = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    let key = '';
    for (const column of columns) {
      const v = valueAt(column, i);
      key += v === null ? '\u0000' : typeof v === 'string' ? `s${v}` : String(v);
      key += '\u0001';
    }
    let id = index.get(key);
    if (id === undefined) {
      id = index.size;
      index.set(key, id);
    }
    groups[i] = id;
  }
  return { groups, groupCount: index.size };
}
