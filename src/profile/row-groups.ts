// Groups rows that hold identical values in the given columns, for duplicate rows and for
// labels that conflict on identical inputs. Rows are keyed by a 52-bit hash of their values
// (two 26-bit FNV-1a hashes): a false match needs a collision, about one in 10^6 at 10^5 rows.

import type { Column } from '../data/column.js';

/** Rows hashed at a time: both hash blocks stay in the first-level cache while every column passes over them. */
const BLOCK = 4096;

/** A group id per row: rows with the same values in every column share an id. */
export function groupIdenticalRows(columns: readonly Column[], rowCount: number): { groups: Int32Array; groupCount: number } {
  const h1 = new Uint32Array(BLOCK);
  const h2 = new Uint32Array(BLOCK);
  const keys = new Float64Array(rowCount);
  for (let start = 0; start < rowCount; start += BLOCK) {
    const length = Math.min(BLOCK, rowCount - start);
    h1.fill(0x811c9dc5);
    h2.fill(0x01000193);
    for (const column of columns) mixColumn(column, start, length, h1, h2);
    for (let j = 0; j < length; j++) keys[start + j] = (h1[j]! >>> 6) * 67108864 + (h2[j]! >>> 6);
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

function mix(h1: Uint32Array, h2: Uint32Array, j: number, word: number): void {
  h1[j] = Math.imul(h1[j]! ^ word, 0x01000193);
  h2[j] = Math.imul(h2[j]! ^ word, 0x5bd1e995) ^ (h2[j]! >>> 15);
}

/** Mixes one column's values of rows [start, start + length) into the block's hashes. */
function mixColumn(column: Column, start: number, length: number, h1: Uint32Array, h2: Uint32Array): void {
  switch (column.kind) {
    case 'numeric':
    case 'datetime': {
      const bits = new Float64Array(1);
      const words = new Uint32Array(bits.buffer);
      for (let j = 0; j < length; j++) {
        const v = column.values[start + j]!;
        bits[0] = v !== v ? Number.NaN : v === 0 ? 0 : v;
        mix(h1, h2, j, words[0]!);
        mix(h1, h2, j, words[1]!);
      }
      return;
    }
    case 'categorical':
      for (let j = 0; j < length; j++) mix(h1, h2, j, column.codes[start + j]! + 7);
      return;
    case 'boolean':
      for (let j = 0; j < length; j++) mix(h1, h2, j, column.values[start + j]! + 3);
      return;
    case 'text':
      for (let j = 0; j < length; j++) {
        const v = column.values[start + j];
        if (v === null || v === undefined) mix(h1, h2, j, 0xffffffff);
        else for (let c = 0; c < v.length; c++) mix(h1, h2, j, v.charCodeAt(c));
      }
      return;
  }
}
