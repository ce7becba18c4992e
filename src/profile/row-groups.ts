// Groups rows that hold identical values in the given columns, for duplicate rows and for
// labels that conflict on identical inputs. Rows are keyed by a 52-bit hash of their values
// (two 26-bit FNV-1a hashes): a false match needs a collision, about one in 10^6 at 10^5 rows.

import type { Column } from '../data/column.js';

/** A group id per row: rows with the same values in every column share an id. */
export function groupIdenticalRows(columns: readonly Column[], rowCount: number): { groups: Int32Array; groupCount: number } {
  const h1 = new Uint32Array(rowCount).fill(0x811c9dc5);
  const h2 = new Uint32Array(rowCount).fill(0x01000193);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const mix = (row: number, word: number): void => {
    h1[row] = Math.imul(h1[row]! ^ word, 0x01000193);
    h2[row] = Math.imul(h2[row]! ^ word, 0x5bd1e995) ^ (h2[row]! >>> 15);
  };
  for (const column of columns) {
    switch (column.kind) {
      case 'numeric':
      case 'datetime':
        for (let i = 0; i < rowCount; i++) {
          const v = column.values[i]!;
          bits[0] = v !== v ? Number.NaN : v === 0 ? 0 : v;
          mix(i, words[0]!);
          mix(i, words[1]!);
        }
        break;
      case 'categorical':
        for (let i = 0; i < rowCount; i++) mix(i, column.codes[i]! + 7);
        break;
      case 'boolean':
        for (let i = 0; i < rowCount; i++) mix(i, column.values[i]! + 3);
        break;
      case 'text':
        for (let i = 0; i < rowCount; i++) {
          const v = column.values[i];
          if (v === null || v === undefined) mix(i, 0xffffffff);
          else for (let k = 0; k < v.length; k++) mix(i, v.charCodeAt(k));
        }
        break;
    }
  }
  const index = new Map<number, number>();
  const groups = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const key = (h1[i]! >>> 6) * 67108864 + (h2[i]! >>> 6);
    let id = index.get(key);
    if (id === undefined) {
      id = index.size;
      index.set(key, id);
    }
    groups[i] = id;
  }
  return { groups, groupCount: index.size };
}
