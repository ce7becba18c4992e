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
  // Ids by rank among the distinct keys: one typed sort and a binary search per row, no map of
  // millions of entries (a Map also stops at 2^24 keys).
  const sorted = keys.slice().sort();
  let distinct = 0;
  for (let i = 0; i < rowCount; i++) if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
  const unique = sorted.subarray(0, distinct);
  const groups = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const key = keys[i]!;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (unique[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    groups[i] = lo;
  }
  return { groups, groupCount: distinct };
}
