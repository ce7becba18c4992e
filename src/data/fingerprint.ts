// Content and schema hashes of a frame, for versioning data and models. The content hash
// depends on names, types and values only: not on chunking, load path or dictionary order.

import { createHash, type Hash } from 'node:crypto';
import type { Column } from './column.js';
import type { Frame } from './frame.js';

const CANONICAL_NAN = new Uint8Array(new Float64Array([Number.NaN]).buffer);

/** SHA-256 over the schema: column names, storage kinds and semantic types, in order. */
export function schemaHash(frame: Frame): string {
  const hash = createHash('sha256');
  hash.update('framewise-schema-v1\n');
  for (const column of frame.columns) hash.update(`${JSON.stringify(column.name)}:${column.kind}:${frame.typeOf(column.name).type}\n`);
  return hash.digest('hex');
}

/** SHA-256 over the schema and every value. */
export function contentHash(frame: Frame): string {
  const hash = createHash('sha256');
  hash.update('framewise-content-v1\n');
  hash.update(schemaHash(frame));
  hash.update(`rows:${frame.rowCount}\n`);
  for (const column of frame.columns) hashColumn(hash, column);
  return hash.digest('hex');
}

function hashColumn(hash: Hash, column: Column): void {
  hash.update(`column:${JSON.stringify(column.name)}\n`);
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      hashFloats(hash, column.values);
      return;
    case 'boolean':
      hash.update(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
      return;
    case 'categorical': {
      // Codes are replaced by the rank of their label in sorted order, so two loads that met
      // the labels in a different order hash the same.
      const sortedLabels = column.dictionary.map((label, code) => ({ label, code })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      const rank = new Int32Array(column.dictionary.length);
      sortedLabels.forEach((entry, r) => (rank[entry.code] = r));
      hash.update(JSON.stringify(sortedLabels.map((e) => e.label)));
      const block = new Int32Array(8192);
      for (let start = 0; start < column.codes.length; start += block.length) {
        const end = Math.min(column.codes.length, start + block.length);
        for (let i = start; i < end; i++) {
          const c = column.codes[i]!;
          block[i - start] = c < 0 ? -1 : rank[c]!;
        }
        hash.update(new Uint8Array(block.buffer, 0, (end - start) * 4));
      }
      return;
    }
    case 'text':
      for (const v of column.values) hash.update(v === null ? '\u0000null\u0000' : `${v.length}:${v}`);
      return;
  }
}

/** Values as bytes, with every NaN written as one canonical pattern (NaN payloads vary). */
function hashFloats(hash: Hash, values: Float64Array): void {
  const block = new Float64Array(8192);
  const bytes = new Uint8Array(block.buffer);
  for (let start = 0; start < values.length; start += block.length) {
    const end = Math.min(values.length, start + block.length);
    block.set(values.subarray(start, end));
    for (let i = 0; i < end - start; i++) {
      if (block[i] !== block[i]) bytes.set(CANONICAL_NAN, i * 8);
      else if (block[i] === 0) block[i] = 0; // -0 and 0 hash alike
    }
    hash.update(bytes.subarray(0, (end - start) * 8));
  }
}
