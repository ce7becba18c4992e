// The prediction log's writer thread: receives batches of answered requests (the request's and the
// response's JSON text) and writes one row per prediction, each batch in one SQLite transaction,
// so neither decoding nor inserting runs on the server's event loop. A batch that fails to write
// (disk full, locked) is kept and tried again with the next one.

import { parentPort, workerData } from 'node:worker_threads';
import type { LoggedRequest } from './prediction-log.js';
import { openServeDb } from './serve-db.js';

export type WriterMessage = { readonly type: 'batch'; readonly seq: number; readonly requests: readonly LoggedRequest[] } | { readonly type: 'close' };
export type WriterReply =
  | { readonly type: 'written'; readonly seq: number; readonly rows: number }
  | { readonly type: 'failed'; readonly error: string; readonly waiting: number; readonly dropped: number }
  | { readonly type: 'closed' };

interface ResponseRow {
  id: string;
  prediction: unknown;
  probabilities?: unknown;
  decision: unknown;
  outOfDistribution: unknown;
}

const { dir, maxPending } = workerData as { dir: string; maxPending: number };
const port = parentPort!;
const db = openServeDb(dir);
const insert = db.prepare('INSERT OR IGNORE INTO predictions (id, at, model, version, inputs, outputs, decision, ood) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');

/** Rows of the request in order: `{ row }` is one, `{ rows }` many (the server validated it). */
function requestRows(text: string): unknown[] {
  const body = JSON.parse(text) as { row?: unknown; rows?: unknown[] };
  return body.rows ?? [body.row];
}

const write = db.transaction((requests: readonly LoggedRequest[]) => {
  let rows = 0;
  for (const r of requests) {
    const inputs = requestRows(r.request);
    const predictions = (JSON.parse(r.response) as { predictions: ResponseRow[] }).predictions;
    predictions.forEach((p, i) => {
      const outputs = p.probabilities === undefined ? { prediction: p.prediction } : { prediction: p.prediction, probabilities: p.probabilities };
      insert.run(p.id, r.at, r.model, r.version, JSON.stringify(inputs[i] ?? null), JSON.stringify(outputs), JSON.stringify(p.decision), JSON.stringify(p.outOfDistribution));
    });
    rows += predictions.length;
  }
  return rows;
});

let waiting: { seq: number; requests: readonly LoggedRequest[]; rows: number }[] = [];
let dropped = 0;

function drain(): void {
  while (waiting.length > 0) {
    const next = waiting[0]!;
    let rows: number;
    try {
      rows = write(next.requests);
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
    waiting.push({ seq: message.seq, requests: message.requests, rows: message.requests.reduce((n, r) => n + r.ids.length, 0) });
    drain();
    return;
  }
  drain();
  waiting = [];
  db.close();
  port.postMessage({ type: 'closed' } satisfies WriterReply);
});
