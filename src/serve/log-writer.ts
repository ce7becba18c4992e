// The prediction log's writer thread: receives batches of predicted requests (the request's text
// and each row's outputs, decision and flags as JSON), turns each row into a log line, appends the
// batch to this writer's segment and indexes it (see log-segments.ts), then says which batch is
// written, so the server answers those requests only now (group commit). A batch that fails to
// write is reported, not kept: its requests are refused, so nothing answered is lost and nothing
// refused is logged. Opening the log is retried on every batch and every check, so a log folder
// that comes back brings the writer back.

import { parentPort, Worker, workerData } from 'node:worker_threads';
import { logLine, SegmentAppender } from './log-segments.js';
import type { LogBatch } from './prediction-log.js';
import { requestRowTexts } from './row-texts.js';
import { openServeDb, type ServeDb } from './serve-db.js';

export interface WriterOptions {
  /** The registry folder: serving.sqlite and prediction-log/ are in it. */
  readonly dir: string;
  /** fsync every batch before it counts as written (power-loss durability). */
  readonly fsync: boolean;
}

export type WriterMessage = { readonly type: 'batch'; readonly seq: number; readonly batch: LogBatch } | { readonly type: 'check' } | { readonly type: 'close' };
export type WriterReply =
  | { readonly type: 'written'; readonly seq: number; readonly rows: number }
  /** `seq` is absent when opening the log or a check failed rather than a batch. */
  | { readonly type: 'failed'; readonly seq?: number; readonly rows: number; readonly error: string }
  /** The log could be opened (at start, or for a check). */
  | { readonly type: 'ready' }
  | { readonly type: 'closed' };

/** An error as one line: its message and, for a file system error, nothing more is needed. */
function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function lines(b: LogBatch): { lines: string[]; times: number[] } {
  // A batch holds few distinct times and model names: each is encoded once.
  const json = b.texts.map((t) => JSON.stringify(t));
  const ms = new Map<number, number>();
  const out: string[] = [];
  const times: number[] = [];
  let row = 0;
  for (let r = 0; r < b.requests.length; r++) {
    const count = b.counts[r]!;
    const inputs = requestRowTexts(b.requests[r]!, count);
    const atJson = json[b.ats[r]!]!;
    const modelJson = json[b.models[r]!]!;
    let time = ms.get(b.ats[r]!);
    if (time === undefined) {
      time = Date.parse(b.texts[b.ats[r]!]!);
      if (!Number.isFinite(time)) time = Date.now();
      ms.set(b.ats[r]!, time);
    }
    for (let i = 0; i < count; i++, row++) {
      out.push(
        logLine({
          id: b.ids[row]!,
          atJson,
          modelJson,
          version: b.versions[r]!,
          inputs: inputs[i] ?? 'null',
          outputs: `{${b.outputs[row]!}}`,
          decision: b.texts[b.decisions[row]!]!,
          ood: b.texts[b.ood[row]!]!,
        }),
      );
      times.push(time);
    }
  }
  return { lines: out, times };
}

/**
 * WAL pages past which a commit of the writer checkpoints by itself: only if the checkpointer
 * thread is not keeping up (each batch adds about 3 pages; SQLite's default is 1,000).
 */
const WAL_PAGES_BOUND = 50_000;

if (parentPort !== null) {
  const { dir, fsync } = workerData as WriterOptions;
  const port = parentPort;
  let sink: { db: ServeDb; appender: SegmentAppender } | undefined;

  /** The open log, opened now if it is not: throws what stops it from opening. */
  const open = (): SegmentAppender => {
    if (sink !== undefined) return sink.appender;
    const db = openServeDb(dir);
    try {
      // The index's commits must reach the disk too when the segments' bytes do.
      if (fsync) db.pragma('synchronous = FULL');
      // Checkpoints run in a thread of their own (log-checkpointer.ts), not inside a batch's commit.
      db.pragma(`wal_autocheckpoint = ${WAL_PAGES_BOUND}`);
      sink = { db, appender: new SegmentAppender(db, dir, { fsync }) };
      return sink.appender;
    } catch (error) {
      db.close();
      throw error;
    }
  };

  const ready = (): void => {
    try {
      open().check();
      port.postMessage({ type: 'ready' } satisfies WriterReply);
    } catch (error) {
      port.postMessage({ type: 'failed', rows: 0, error: describe(error) } satisfies WriterReply);
    }
  };

  port.on('message', (message: WriterMessage) => {
    if (message.type === 'batch') {
      const rows = message.batch.ids.length;
      try {
        const made = lines(message.batch);
        open().append(made.lines, made.times);
      } catch (error) {
        port.postMessage({ type: 'failed', seq: message.seq, rows, error: describe(error) } satisfies WriterReply);
        return;
      }
      port.postMessage({ type: 'written', seq: message.seq, rows } satisfies WriterReply);
    } else if (message.type === 'check') {
      ready();
    } else {
      try {
        sink?.appender.close();
        sink?.db.close();
      } finally {
        sink = undefined;
        port.postMessage({ type: 'closed' } satisfies WriterReply);
      }
    }
  });
  // Folds the WAL back beside this thread; it ends with it.
  new Worker(new URL('./log-checkpointer.js', import.meta.url), { workerData: { dir } }).unref();
  ready();
}
