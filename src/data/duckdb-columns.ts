// Moves a DuckDB query result into frame columns chunk by chunk: numbers, times and booleans are
// copied as whole typed vectors straight from DuckDB's memory; strings are dictionary-encoded.

import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { ProgressSink } from '../core/progress.js';
import type { Column } from './column.js';
import { DictionaryBuilder, Float64Builder, Int8Builder } from './column-builder.js';
import { sqlIdentifier } from './duckdb.js';
import { releaseNativeChunks } from './native-chunks.js';

/** How a DuckDB column travels into the frame. */
export type Transport = 'f64' | 'datetime' | 'bool' | 'string';

export interface ResultColumn {
  readonly name: string;
  readonly duckType: string;
  readonly transport: Transport;
}

export function transportFor(duckType: string): Transport {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) {
    return 'f64';
  }
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'datetime';
  if (t === 'BOOLEAN') return 'bool';
  return 'string';
}

/** The names and DuckDB types of a query's result, without running it. */
export async function describeQuery(connection: DuckDBConnection, query: string): Promise<ResultColumn[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE ${query}`);
  return reader.getRowObjectsJson().map((row) => {
    const name = String(row['column_name']);
    const duckType = String(row['column_type']);
    return { name, duckType, transport: transportFor(duckType) };
  });
}

function projection(column: ResultColumn): string {
  const id = sqlIdentifier(column.name);
  switch (column.transport) {
    case 'f64':
      return `CAST(${id} AS DOUBLE)`;
    case 'datetime':
      return /WITH TIME ZONE|TIMESTAMPTZ/i.test(column.duckType)
        ? `CAST(epoch_ms(${id}) AS DOUBLE)`
        : `CAST(epoch_ms(CAST(${id} AS TIMESTAMP)) AS DOUBLE)`;
    case 'bool':
      return `CAST(${id} AS BOOLEAN)`;
    case 'string':
      return `CAST(${id} AS VARCHAR)`;
  }
}

/** How many chunks (of 2,048 rows) may await collection before their native memory is freed. */
const CHUNKS_PER_COLLECTION = 16;

type Sink =
  | { readonly transport: 'f64' | 'datetime'; readonly builder: Float64Builder }
  | { readonly transport: 'bool'; readonly builder: Int8Builder }
  | { readonly transport: 'string'; readonly builder: DictionaryBuilder };

export interface ReadOptions {
  /** Expected row count, to size buffers (an estimate is fine). */
  readonly capacity: number;
  readonly progress: ProgressSink;
}

/** Runs `query` and streams its rows into columns of the matching storage kinds. */
export async function readColumns(
  connection: DuckDBConnection,
  query: string,
  columns: readonly ResultColumn[],
  options: ReadOptions,
): Promise<Column[]> {
  const select = `SELECT ${columns.map((c) => `${projection(c)} AS ${sqlIdentifier(c.name)}`).join(', ')} FROM (\n${query}\n) AS framewise_source`;
  const result = await connection.stream(select);
  const sinks: Sink[] = columns.map((c): Sink => {
    switch (c.transport) {
      case 'f64':
      case 'datetime':
        return { transport: c.transport, builder: new Float64Builder(options.capacity) };
      case 'bool':
        return { transport: 'bool', builder: new Int8Builder(options.capacity) };
      case 'string':
        return { transport: 'string', builder: new DictionaryBuilder(options.capacity) };
    }
  });
  let rows = 0;
  let chunks = 0;
  let lastReported = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let c = 0; c < sinks.length; c++) appendVector(chunk, c, n, sinks[c]!);
    rows += n;
    if (++chunks % CHUNKS_PER_COLLECTION === 0) releaseNativeChunks();
    if (rows - lastReported >= 65536) {
      options.progress.update(rows);
      lastReported = rows;
    }
  }
  options.progress.update(rows);
  return columns.map((c, i): Column => {
    const sink = sinks[i]!;
    switch (sink.transport) {
      case 'f64':
        return { kind: 'numeric', name: c.name, values: sink.builder.finish() };
      case 'datetime':
        return { kind: 'datetime', name: c.name, values: sink.builder.finish() };
      case 'bool':
        return { kind: 'boolean', name: c.name, values: sink.builder.finish() };
      case 'string':
        return { kind: 'categorical', name: c.name, codes: sink.builder.finish(), dictionary: sink.builder.dictionary };
    }
  });
}

function appendVector(chunk: DuckDBDataChunk, columnIndex: number, n: number, sink: Sink): void {
  if (sink.transport === 'string') {
    const vector = chunk.getColumnVector(columnIndex);
    for (let i = 0; i < n; i++) {
      const value = vector.getItem(i);
      sink.builder.push(value === null ? null : String(value));
    }
    return;
  }
  const raw = duckdb.data_chunk_get_vector(chunk.chunk, columnIndex);
  const validity = duckdb.vector_get_validity(raw, Math.ceil(n / 64) * 8);
  if (sink.transport === 'bool') {
    const bytes = duckdb.vector_get_data(raw, n);
    const target = sink.builder.reserve(n);
    const base = sink.builder.length;
    for (let i = 0; i < n; i++) target[base + i] = bytes[i]! !== 0 ? 1 : 0;
    if (validity) markMissing(validity, n, (i) => (target[base + i] = -1));
    sink.builder.length += n;
    return;
  }
  const bytes = duckdb.vector_get_data(raw, n * 8);
  const target = sink.builder.reserve(n);
  const base = sink.builder.length;
  if (bytes.byteOffset % 8 === 0) target.set(new Float64Array(bytes.buffer, bytes.byteOffset, n), base);
  else target.set(new Float64Array(bytes.slice().buffer, 0, n), base);
  if (validity) markMissing(validity, n, (i) => (target[base + i] = Number.NaN));
  sink.builder.length += n;
}

/** Calls `mark` for each row whose validity bit is clear; skips fully valid bytes quickly. */
function markMissing(validity: Uint8Array, n: number, mark: (row: number) => void): void {
  const byteCount = Math.ceil(n / 8);
  for (let b = 0; b < byteCount; b++) {
    const bits = validity[b]!;
    if (bits === 0xff) continue;
    for (let k = 0; k < 8; k++) {
      const row = b * 8 + k;
      if (row < n && (bits & (1 << k)) === 0) mark(row);
    }
  }
}
