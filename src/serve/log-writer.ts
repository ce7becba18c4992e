// The prediction log's writer thread: receives batches of answered requests (the request's text
// and each row's outputs, decision and flags as JSON), turns each row into a log line and appends
// the batch to this writer's segment, then indexes it (see log-segments.ts), so neither decoding
// nor writing runs on the server's event loop. A batch that fails to write (disk full, locked) is
// kept and tried again with the next one.

import { parentPort, workerData } from 'node:worker_threads';
import { logLine, SegmentAppender } from './log-segments.js';
import type { LogBatch } from './prediction-log.js';
import { requestRowTexts } from './row-texts.js';
import { openServeDb } from './serve-db.js';

export type WriterMessage = { readonly type: 'batch'; readonly seq: number; readonly batch: LogBatch } | { readonly type: 'close' };
export type WriterReply =
  | { readonly type: 'written'; readonly seq: number; readonly rows: number }
  | { readonly type: 'failed'; readonly error: string; readonly waiting: number; readonly dropped: number }
  | { readonly type: 'closed' };

if (parentPort !== null) {
  const { dir, maxPending } = workerData as { dir: string; maxPending: number };
  const port = parentPort;
  const db = openServeDb(dir);
  const appender = new SegmentAppender(db, dir);

  const write = (b: LogBatch): number => {
    // A batch holds few distinct times and model names: each is encoded once.
    const json = b.texts.map((t) => JSON.stringify(t));
    const ms = new Map<number, number>();
    const lines: string[] = [];
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
        lines.push(
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
    appender.append(lines, times);
    return row;
  };

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
    appender.close();
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
  });
}
