// Reads the prediction log back: the rows of an older `predictions` table, when the file has one,
// then every indexed batch of the segment files in time order, each prediction as one JSON object
// line. Looks up single prediction ids by the time their UUIDv7 carries. A record whose bytes are
// missing (the index survived a power cut the segment did not) or damaged (overwritten, cut, or
// holding text an older server let in that is not valid Unicode) is skipped and counted, not fatal.

import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { isReadableRecord, lineHead, LOG_SEGMENTS_DIR, type LineHead, logLine, MAX_ENTRY_SPAN_MS } from './log-segments.js';

/** One logged prediction: its head, and the whole prediction as a JSON object text without a line break. */
export interface LogEntry extends LineHead {
  readonly line: string;
}

interface IndexEntry {
  seq: number;
  segment: string;
  offset: number;
  length: number;
  rows: number;
}

interface LegacyRow {
  id: string;
  at: string;
  model: string;
  version: number;
  inputs: string;
  outputs: string;
  decision: string | null;
  ood: string;
}

/** The model and version that made a logged prediction. */
export interface LoggedModel {
  readonly model: string;
  readonly version: number;
}

/** How many looked-up batches the reader keeps the ids of (feedback mostly names recent predictions). */
const CACHED_BATCHES = 16;

export class PredictionLogReader {
  private readonly folder: string;
  private readonly fds = new Map<string, number>();
  private readonly hasLegacy: boolean;
  private readonly hasIndex: boolean;
  private readonly batchIds = new Map<number, Map<string, LoggedModel>>();
  private legacyLookup: Database.Statement | undefined;
  private batchLookup: Database.Statement | undefined;
  /** Logged rows that could not be read and were skipped (their bytes are missing or damaged). */
  unreadable = 0;

  /** `db` is the registry's serving.sqlite; the reader only reads it. */
  constructor(
    private readonly db: Database.Database,
    registryDir: string,
  ) {
    this.folder = join(registryDir, LOG_SEGMENTS_DIR);
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
    this.hasLegacy = table.get('predictions') !== undefined;
    this.hasIndex = table.get('log_batches') !== undefined;
  }

  /** Every prediction logged at or after `since` (ISO; all when omitted): older table rows first, then batches by time. */
  *entries(since = ''): Generator<LogEntry> {
    if (this.hasLegacy) {
      const query = this.db.prepare('SELECT id, at, model, version, inputs, outputs, decision, ood FROM predictions WHERE at >= ? ORDER BY at, rowid');
      for (const r of query.iterate(since) as IterableIterator<LegacyRow>) {
        const line = logLine({ id: r.id, atJson: JSON.stringify(r.at), modelJson: JSON.stringify(r.model), version: r.version, inputs: r.inputs, outputs: r.outputs, decision: r.decision ?? 'null', ood: r.ood }).slice(0, -1);
        const head = { id: r.id, at: r.at, model: r.model, version: r.version };
        if (isReadableRecord(line, head)) yield { ...head, line };
        else this.unreadable++;
      }
    }
    if (!this.hasIndex) return;
    const sinceMs = since === '' ? -Infinity : Date.parse(since);
    const batches = this.db.prepare('SELECT seq, segment, offset, length, rows FROM log_batches WHERE last_ms >= ? ORDER BY first_ms, seq').all(Number.isFinite(sinceMs) ? sinceMs : -8.64e15) as IndexEntry[];
    for (const batch of batches) {
      // The index knows how many records the batch holds: whatever is not a whole record among its
      // lines (missing bytes, a damaged line, damage that merged or split lines) is that many short.
      let whole = 0;
      for (const line of this.lines(batch)) {
        const head = lineHead(line);
        if (head === undefined) continue;
        if (head.at < since) {
          // Outside the window: the head is enough to count it (decoding it all would cost every older record).
          whole++;
          continue;
        }
        if (!isReadableRecord(line, head)) continue;
        whole++;
        yield { ...head, line };
      }
      if (whole < batch.rows) this.unreadable += batch.rows - whole;
    }
  }

  /** Whether a prediction id is in the log. */
  has(id: string): boolean {
    return this.find(id) !== undefined;
  }

  /** The model and version of a logged prediction; undefined when the log does not hold the id. */
  find(id: string): LoggedModel | undefined {
    if (this.hasLegacy) {
      this.legacyLookup ??= this.db.prepare('SELECT model, version FROM predictions WHERE id = ?');
      const row = this.legacyLookup.get(id) as LoggedModel | undefined;
      if (row !== undefined) return { model: row.model, version: row.version };
    }
    const ms = uuidV7Time(id);
    if (!this.hasIndex || ms === undefined) return undefined;
    this.batchLookup ??= this.db.prepare('SELECT seq, segment, offset, length, rows FROM log_batches WHERE first_ms BETWEEN ? AND ? AND last_ms >= ?');
    const candidates = this.batchLookup.all(ms - MAX_ENTRY_SPAN_MS, ms, ms) as IndexEntry[];
    for (const batch of candidates) {
      const found = this.idsOf(batch).get(id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private idsOf(batch: IndexEntry): Map<string, LoggedModel> {
    let ids = this.batchIds.get(batch.seq);
    if (ids === undefined) {
      ids = new Map();
      for (const line of this.lines(batch)) {
        // Only records the readers can read: feedback for one they skip could never be joined.
        const head = lineHead(line);
        if (head !== undefined && isReadableRecord(line, head)) ids.set(head.id, { model: head.model, version: head.version });
      }
      if (this.batchIds.size >= CACHED_BATCHES) this.batchIds.delete(this.batchIds.keys().next().value!);
    } else this.batchIds.delete(batch.seq);
    this.batchIds.set(batch.seq, ids);
    return ids;
  }

  /** The lines of one indexed batch as far as its bytes are there (none when its segment is gone); the callers judge each. */
  private lines(batch: IndexEntry): string[] {
    let fd = this.fds.get(batch.segment);
    try {
      if (fd === undefined) {
        fd = openSync(join(this.folder, batch.segment), 'r');
        this.fds.set(batch.segment, fd);
      }
      const bytes = Buffer.allocUnsafe(batch.length);
      let read = 0;
      while (read < batch.length) {
        const n = readSync(fd, bytes, read, batch.length - read, batch.offset + read);
        if (n === 0) break;
        read += n;
      }
      const text = bytes.toString('utf8', 0, read);
      return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
    } catch {
      return [];
    }
  }
}

/** Tells a reader of the log about predictions that could not be read, and what they are missing from. */
export function unreadableNote(count: number, missingFrom: string): string {
  return `${count} logged prediction(s) could not be read and were skipped, so they are not in ${missingFrom}: their bytes are missing from the log's segment files (e.g. after a power cut) or damaged (not a whole JSON record, or text that is not valid Unicode).`;
}

/** The millisecond time a UUIDv7 carries in its first 48 bits; undefined for any other text. */
export function uuidV7Time(id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)) return undefined;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
