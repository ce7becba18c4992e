// The prediction log's writer thread: receives batches of answered requests (the request's text
// and each row's outputs, decision and flags as JSON) and writes one row per prediction, each batch
// in one SQLite transaction, so neither decoding nor inserting runs on the server's event loop. A
// batch that fails to write (disk full, locked) is kept and tried again with the next one.

import { parentPort, workerData } from 'node:worker_threads';
import type { LogBatch } from './prediction-log.js';
import { requestRowTexts } from './row-texts.js';
import { openServeDb } from './serve-db.js';

export type WriterMessage = { readonly type: 'batch'; readonly seq: number; readonly batch: LogBatch } | { readonly type: 'close' };
export type WriterReply =
  | { readonly type: 'written'; readonly seq: number; readonly rows: number }
  | { readonly type: 'failed'; readonly error: string; readonly waiting: number; readonly dropped: number }
  | { readonly type: 'closed' };

const CHUNK = 32;

if (parentPort !== null) {
  const { dir, maxPending } = workerData as { dir: string; maxPending: number };
  const port = parentPort;
  const db = openServeDb(dir);
  const insertSql = (rows: number): string =>
    `INSERT OR IGNORE INTO predictions (id, at, model, version, inputs, outputs, decision, ood) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const insertOne = db.prepare(insertSql(1));
  // Rows go in by CHUNK per statement: one call into SQLite per chunk instead of per row costs
  // the writer about a fifth less CPU.
  const insertChunk = db.prepare(insertSql(CHUNK));
  const args = new Array<unknown>(CHUNK * 8);

  const write = db.transaction((b: LogBatch) => {
    let row = 0;
    let filled = 0;
    for (let r = 0; r < b.requests.length; r++) {
      const count = b.counts[r]!;
      const inputs = requestRowTexts(b.requests[r]!, count);
      for (let i = 0; i < count; i++, row++) {
        const k = filled * 8;
        args[k] = b.ids[row];
        args[k + 1] = b.texts[b.ats[r]!];
        args[k + 2] = b.texts[b.models[r]!];
        args[k + 3] = b.versions[r];
        args[k + 4] = inputs[i] ?? 'null';
        args[k + 5] = `{${b.outputs[row]!}}`;
        args[k + 6] = b.texts[b.decisions[row]!];
        args[k + 7] = b.texts[b.ood[row]!];
        if (++filled === CHUNK) {
          insertChunk.run(args);
          filled = 0;
        }
      }
    }
    for (let i = 0; i < filled; i++) insertOne.run(args.slice(i * 8, i * 8 + 8));
    return row;
  });

  let waiting: { seq: number; batch: LogBatch; rows: number }[] = [];
  let dropped = 0;

  function drain(): void {
    while (waiting.length > 0) {
      const next = waiting[0]!;
      let rows: number;
      try {
        rows = write(next.batch);
      } catch (error) {
        let count = waiting.reduce((n, b) => n + b.rows, 0);
        while (count > maxPending && waiting.length > 1) {
          const old = waiting.shift()!;
          count -= old.rows;
          dropped += old.rows;
          port.postMessage({ type: 'written', seq: old.seq, rows: 0 } satisfies WriterReply);
        }
        port.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error), waiting: count, dropped } satisfies WriterReply);
        return;
      }
      waiting.shift();
      port.postMessage({ type: 'written', seq: next.seq, rows } satisfies WriterReply);
    }
  }

  port.on('message', (message: WriterMessage) => {
    if (message.type === 'batch') {
      waiting.push({ seq: message.seq, batch: message.batch, rows: message.batch.ids.length });
      drain();
      return;
    }
    drain();
    waiting = [];
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
  });
}
