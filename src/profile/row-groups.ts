// Groups rows that hold identical values in the given columns, for duplicate rows and for
// labels that conflict on identical inputs. Rows are keyed by a 52-bit hash of their values
// (two 26-bit FNV-1a hashes): a false match needs a collision, about one in 10^6 at 10^5 rows.

import type { Column } from '../data/column.js';

/** A group id per row: rows with the same values in every column share an id. */
export function groupIdenticalRows(columns: readonly Column[], rowCount: number): { groups: Int32Array; groupCount: number } {
  // Row by row with the two hashes in locals, the columns read side by side: millions of rows
  // cost one pass, not a read and a write of both hash arrays per column.
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const keys = new Float64Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (const column of columns) {
      switch (column.kind) {
        case 'numeric':
        case 'datetime': {
          const v = column.values[i]!;
          bits[0] = v !== v ? Number.NaN : v === 0 ? 0 : v;
          for (let w = 0; w < 2; w++) {
            const word = words[w]!;
            h1 = Math.imul(h1 ^ word, 0x01000193) >>> 0;
            h2 = (Math.imul(h2 ^ word, 0x5bd1e995) ^ (h2 >>> 15)) >>> 0;
          }
          break;
        }
        case 'categorical':
        case 'boolean': {
          const word = column.kind === 'categorical' ? column.codes[i]! + 7 : column.values[i]! + 3;
          h1 = Math.imul(h1 ^ word, 0x01000193) >>> 0;
          h2 = (Math.imul(h2 ^ word, 0x5bd1e995) ^ (h2 >>> 15)) >>> 0;
          break;
        }
        case 'text': {
          const v = column.values[i];
          if (v === null || v === undefined) {
            h1 = Math.imul(h1 ^ 0xffffffff, 0x01000193) >>> 0;
            h2 = (Math.imul(h2 ^ 0xffffffff, 0x5bd1e995) ^ (h2 >>> 15)) >>> 0;
          } else
            for (let c = 0; c < v.length; c++) {
              const word = v.charCodeAt(c);
              h1 = Math.imul(h1 ^ word, 0x01000193) >>> 0;
              h2 = (Math.imul(h2 ^ word, 0x5bd1e995) ^ (h2 >>> 15)) >>> 0;
            }
          break;
        }
      }
    }
    keys[i] = (h1 >>> 6) * 67108864 + (h2 >>> 6);
  }
  // Ids from an open-addressing table of typed arrays: one probe or two per row, where a Map of
  // millions of entries is slow (and stops at 2^24 keys) and a sort with a search per row waits on memory.
  let capacity = 1024;
  while (capacity < rowCount * 1.5) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Float64Array(capacity).fill(-1);
  const ids = new Int32Array(capacity);
  const groups = new Int32Array(rowCount);
  let distinct = 0;
  for (let i = 0; i < rowCount; i++) {
    const key = keys[i]!;
    let h = (Math.imul(key % 67108864, 0x9e3779b1) ^ Math.floor(key / 67108864)) & mask;
    for (;;) {
      const slot = slots[h]!;
      if (slot === -1) {
        slots[h] = key;
        ids[h] = distinct;
        groups[i] = distinct++;
        break;
      }
      if (slot === key) {
        groups[i] = ids[h]!;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return { groups, groupCount: distinct };
}
