// The prediction log's writer thread: receives batches of predictions and writes each in one
// SQLite transaction, so neither the JSON encoding nor the inserts run on the server's event loop.
// A batch that fails to write (disk full, locked) is kept and tried again with the next one.

import { parentPort, workerData } from 'node:worker_threads';
import type { LoggedPrediction } from './prediction-log.js';
import { openServeDb } from './serve-db.js';

export type WriterMessage = { readonly type: 'batch'; readonly seq: number; readonly rows: readonly LoggedPrediction[] } | { readonly type: 'close' };
export type WriterReply =
  | { readonly type: 'written'; readonly seq: number; readonly rows: number }
  | { readonly type: 'failed'; readonly error: string; readonly waiting: number; readonly dropped: number }
  | { readonly type: 'closed' };

const { dir, maxPending } = workerData as { dir: string; maxPending: number };
const port = parentPort!;
const db = openServeDb(dir);
const insert = db.prepare('INSERT OR IGNORE INTO predictions (id, at, model, version, inputs, outputs, decision, ood) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
const write = db.transaction((rows: readonly LoggedPrediction[]) => {
  for (const p of rows) insert.run(p.id, p.at, p.model, p.version, JSON.stringify(p.inputs), JSON.stringify(p.outputs), p.decision === undefined ? null : JSON.stringify(p.decision), JSON.stringify(p.ood));
});

let waiting: { seq: number; rows: readonly LoggedPrediction[] }[] = [];
let dropped = 0;

function drain(): void {
  while (waiting.length > 0) {
    const next = waiting[0]!;
    try {
      write(next.rows);
    } catch (error) {
      let count = waiting.reduce((n, b) => n + b.rows.length, 0);
      while (count > maxPending && waiting.length > 1) {
        const old = waiting.shift()!;
        count -= old.rows.length;
        dropped += old.rows.length;
        port.postMessage({ type: 'written', seq: old.seq, rows: 0 } satisfies WriterReply);
      }
      port.postMessage({ type: 'failed', error: error instanceof Error ? error.message : String(error), waiting: count, dropped } satisfies WriterReply);
      return;
    }
    waiting.shift();
    port.postMessage({ type: 'written', seq: next.seq, rows: next.rows.length } satisfies WriterReply);
  }
}

port.on('message', (message: WriterMessage) => {
  if (message.type === 'batch') {
    waiting.push({ seq: message.seq, rows: message.rows });
    drain();
    return;
  }
  drain();
  waiting = [];
  db.close();
  port.postMessage({ type: 'closed' } satisfies WriterReply);
});
