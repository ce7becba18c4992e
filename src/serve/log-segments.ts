// The prediction log as stored: each batch of predictions is appended to a segment file of the
// registry's `prediction-log/` folder as JSON lines, one prediction per line, and only then indexed
// in serving.sqlite's `log_batches` (segment, byte range, rows, time span). Readers read indexed
// ranges only, so bytes a kill cut short are never read and a crash loses at most the batch being
// written. Each writer opens a segment of its own, so servers sharing a registry never interleave.
// Appending bytes costs the writer about half the CPU per row of inserting them into SQLite.

import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EARLIEST_TIME_MS, hasLoneSurrogateEscape, isoTimeOf, LATEST_TIME_MS } from './request-values.js';
import type { ServeDb } from './serve-db.js';

export const LOG_SEGMENTS_DIR = 'prediction-log';

/** By default a segment past this size is closed and the next batch starts a new one. */
const SEGMENT_BYTES = 256 * 1024 * 1024;

/**
 * Longest time span of one index entry: a batch spanning more is indexed in parts, so a lookup by a
 * prediction's time needs only the entries that start at most this long before it.
 */
export const MAX_ENTRY_SPAN_MS = 60_000;

export const LOG_INDEX_SQL = `
  CREATE TABLE IF NOT EXISTS log_batches (
    seq INTEGER PRIMARY KEY, segment TEXT NOT NULL, offset INTEGER NOT NULL, length INTEGER NOT NULL,
    rows INTEGER NOT NULL, first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS log_batches_first ON log_batches(first_ms);
  CREATE INDEX IF NOT EXISTS log_batches_last ON log_batches(last_ms);`;

/** One logged prediction's fields, each JSON member already encoded. */
export interface LogLineParts {
  readonly id: string;
  /** The ISO time as a JSON string. */
  readonly atJson: string;
  /** The model name as a JSON string. */
  readonly modelJson: string;
  readonly version: number;
  /** The row's inputs as a JSON object text (any line breaks are JSON whitespace and become spaces). */
  readonly inputs: string;
  /** The outputs as a JSON object text. */
  readonly outputs: string;
  readonly decision: string;
  readonly ood: string;
}

/**
 * One prediction as a line of its segment. The id, time, model and version come first, so a reader
 * can take them from the line's head without decoding the rest (see `lineHead`).
 */
export function logLine(p: LogLineParts): string {
  const inputs = p.inputs.includes('\n') || p.inputs.includes('\r') ? p.inputs.replace(/[\r\n]/g, ' ') : p.inputs;
  return `{"id":${JSON.stringify(p.id)},"at":${p.atJson},"model":${p.modelJson},"version":${p.version},"inputs":${inputs},"outputs":${p.outputs},"decision":${p.decision},"ood":${p.ood}}\n`;
}

export interface LineHead {
  readonly id: string;
  readonly at: string;
  readonly model: string;
  readonly version: number;
}

/** The id, time, model and version at the head of a log line; undefined for a line that is not one. */
export function lineHead(line: string): LineHead | undefined {
  // The model name is a JSON string, which cannot hold an unescaped quote: the first `,"inputs":` ends the head.
  const end = line.indexOf(',"inputs":');
  if (!line.startsWith('{"id":') || end < 0) return undefined;
  try {
    const head = JSON.parse(`${line.slice(0, end)}}`) as Partial<LineHead>;
    if (typeof head.id !== 'string' || typeof head.at !== 'string' || typeof head.model !== 'string' || typeof head.version !== 'number') return undefined;
    return head as LineHead;
  } catch {
    return undefined;
  }
}

/** The last time text found to be an instant: the records of a batch mostly share a few. */
let lastInstant = '';

/** Whether a record's `at` is an instant DuckDB reads: as the server writes it (toISOString), else any strict ISO 8601 date-time. */
function isInstant(at: string): boolean {
  if (at === lastInstant) return true;
  const ms = Date.parse(at);
  const written = Number.isFinite(ms) && ms >= EARLIEST_TIME_MS && ms <= LATEST_TIME_MS && new Date(ms).toISOString() === at;
  if (!written && 'problem' in isoTimeOf(at)) return false;
  lastInstant = at;
  return true;
}

/**
 * Whether a line whose head was read is a whole record every reader can take: one JSON object with
 * the log's members, its time an ISO 8601 instant, its version a whole number, and no string that
 * is not valid Unicode (DuckDB refuses a whole file holding a lone surrogate). A line damaged on
 * disk, cut short, or written by an older server that let such a string in fails, and readers skip
 * and count it rather than fail on it.
 */
export function isReadableRecord(line: string, head: LineHead): boolean {
  if (!Number.isSafeInteger(head.version) || head.version < 0 || head.version > 2_147_483_647 || !isInstant(head.at)) return false;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const r = record as Record<string, unknown>;
  const inputs = r['inputs'];
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs) || !('outputs' in r) || !('decision' in r) || !('ood' in r)) return false;
  // Checked on the text as written: a key given twice can hide a lone surrogate from JSON.parse.
  return !hasLoneSurrogateEscape(line);
}

export interface AppenderOptions {
  /** By default a segment past this size is closed and the next batch starts a new one. */
  readonly segmentBytes?: number;
  /**
   * fsync each batch's bytes (and a new segment's folder entry) before indexing it, so a power cut
   * cannot leave the index naming bytes the disk never got. Off, a batch is in the operating
   * system's hands once written, which a killed process cannot undo.
   */
  readonly fsync?: boolean;
}

/** Appends batches of log lines to this writer's segment and indexes them. */
export class SegmentAppender {
  private fd: number | undefined;
  private segment = '';
  private scratch = Buffer.allocUnsafeSlow(0);
  private readonly folder: string;
  private readonly index;
  private readonly segmentBytes: number;
  private readonly fsync: boolean;

  /** `options` as a number is the segment size bound alone. */
  constructor(db: ServeDb, registryDir: string, options: AppenderOptions | number = {}) {
    const o = typeof options === 'number' ? { segmentBytes: options } : options;
    this.segmentBytes = o.segmentBytes ?? SEGMENT_BYTES;
    this.fsync = o.fsync === true;
    this.folder = join(registryDir, LOG_SEGMENTS_DIR);
    this.ensureFolder();
    const insert = db.prepare('INSERT INTO log_batches (segment, offset, length, rows, first_ms, last_ms) VALUES (?, ?, ?, ?, ?, ?)');
    this.index = db.transaction((entries: readonly (readonly [string, number, number, number, number, number])[]) => {
      for (const e of entries) insert.run(...e);
    });
  }

  /**
   * Writes the lines (each ending in a newline; `times` holds each one's time in ms) and then
   * indexes them in one transaction. Throws if either fails; the bytes of a failed call are never
   * indexed, so calling again with the same lines logs them once.
   */
  append(lines: readonly string[], times: readonly number[]): void {
    if (lines.length === 0) return;
    let offset = this.usableSize();
    if (offset >= this.segmentBytes) offset = this.openSegment();
    const fd = this.fd!;
    const entries: [string, number, number, number, number, number][] = [];
    for (const { from, to, first, last } of spans(times)) {
      // Each line is encoded straight into one buffer kept between batches: joining the lines first,
      // or a new buffer per batch, made half-megabyte objects whose fresh pages the writer paid for
      // in page faults every time.
      let chars = 0;
      for (let i = from; i < to; i++) chars += lines[i]!.length;
      if (this.scratch.length < chars * 3) this.scratch = Buffer.allocUnsafeSlow(chars * 3);
      let length = 0;
      for (let i = from; i < to; i++) length += this.scratch.write(lines[i]!, length);
      for (let done = 0; done < length; ) done += writeSync(fd, this.scratch, done, length - done, offset + done);
      entries.push([this.segment, offset, length, to - from, first, last]);
      offset += length;
    }
    if (this.fsync) fsyncSync(fd);
    this.index(entries);
  }

  /**
   * Throws when the next batch could not be appended because its place is gone: the folder is no
   * longer a folder, or cannot be made. Starts a new segment when the open one was removed.
   */
  check(): void {
    this.usableSize();
    if (this.fd === undefined) this.ensureFolder();
  }

  /**
   * The open segment's size, or the segment size bound when there is none or its file is no
   * longer at its name: bytes written through a removed file's descriptor would be indexed under
   * a name that reads nothing, so a removed (or replaced) segment or folder starts a new segment.
   */
  private usableSize(): number {
    if (this.fd === undefined) return this.segmentBytes;
    const open = fstatSync(this.fd);
    let named: { ino: number; dev: number } | undefined;
    try {
      named = statSync(join(this.folder, this.segment));
    } catch {
      named = undefined;
    }
    if (named === undefined || named.ino !== open.ino || named.dev !== open.dev) {
      this.close();
      return this.segmentBytes;
    }
    return open.size;
  }

  private ensureFolder(): void {
    try {
      mkdirSync(this.folder, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it is not a folder' : ((error as Error).message ?? String(error));
      throw new Error(`the log folder ${this.folder} cannot be used: ${why}`, { cause: error });
    }
  }

  /** Starts a new segment file; returns its size, 0. */
  private openSegment(): number {
    this.close();
    this.ensureFolder();
    const stamp = new Date().toISOString().replace(/[-:.]/g, '');
    this.segment = `${stamp}-${randomBytes(4).toString('hex')}.jsonl`;
    this.fd = openSync(join(this.folder, this.segment), 'wx');
    if (this.fsync) {
      // The new file's name must reach the disk too, or a power cut could keep its bytes nameless.
      const folder = openSync(this.folder, 'r');
      try {
        fsyncSync(folder);
      } finally {
        closeSync(folder);
      }
    }
    return 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Consecutive runs of lines whose times lie within MAX_ENTRY_SPAN_MS of each other, with each run's first and last time. */
function spans(times: readonly number[]): { from: number; to: number; first: number; last: number }[] {
  const runs: { from: number; to: number; first: number; last: number }[] = [];
  let from = 0;
  let low = times[0]!;
  let high = low;
  for (let i = 1; i < times.length; i++) {
    const t = times[i]!;
    const nextLow = Math.min(low, t);
    const nextHigh = Math.max(high, t);
    if (nextHigh - nextLow > MAX_ENTRY_SPAN_MS) {
      runs.push({ from, to: i, first: low, last: high });
      from = i;
      low = high = t;
    } else {
      low = nextLow;
      high = nextHigh;
    }
  }
  runs.push({ from, to: times.length, first: low, last: high });
  return runs;
}
