// The prediction log: every answered request queued in memory as texts (the request as received,
// each row's outputs, decision and flags as JSON), gathered column by column into batches that are
// handed (every `flushMs`, or as soon as `maxBatch` rows wait) to a writer thread that appends them
// to the log's segment files and indexes each batch (log-segments.ts), off the request path.
// Closing hands over the rest and waits until it is written.

import { Worker } from 'node:worker_threads';
import { PredictionLogReader } from './log-reader.js';
import type { LoggedModel } from './log-reader.js';
import type { WriterMessage, WriterReply } from './log-writer.js';
import type { ServeDb } from './serve-db.js';

/** One answered prediction request; the writer pairs the request's rows with the per-row texts. */
export interface LoggedRequest {
  /** The prediction ids of the response, in row order. */
  readonly ids: readonly string[];
  readonly at: string;
  readonly model: string;
  readonly version: number;
  /** The request body as received: `{ row }` or `{ rows }`. */
  readonly request: string;
  /** Per row, the members of the outputs object without its braces: `"prediction":…,"probabilities":{…}`. */
  readonly outputs: readonly string[];
  /** Per row, the decision as JSON. */
  readonly decisions: readonly string[];
  /** Per row, the out-of-distribution flags as a JSON array. */
  readonly ood: readonly string[];
}

/**
 * Requests in columns, as posted to the writer (every string costs the copy between threads, so
 * there are few): per request `requests` (the body), `counts` (its rows), `versions`, and the
 * indexes in `texts` of its time and model; per row `ids`, `outputs` and the indexes in `texts` of
 * its decision and flags, of which a batch holds few distinct ones.
 */
export interface LogBatch {
  readonly requests: string[];
  readonly counts: number[];
  readonly versions: number[];
  readonly ats: number[];
  readonly models: number[];
  readonly ids: string[];
  readonly outputs: string[];
  readonly decisions: number[];
  readonly ood: number[];
  readonly texts: string[];
}

function emptyBatch(): LogBatch {
  return { requests: [], counts: [], versions: [], ats: [], models: [], ids: [], outputs: [], decisions: [], ood: [], texts: [] };
}

export interface PredictionLogOptions {
  readonly flushMs?: number;
  readonly maxBatch?: number;
  /**
   * Most rows the writer keeps while writes fail (default a quarter of the high-water mark, so that
   * requests waiting for capacity go on); older batches are dropped, and counted, past it.
   */
  readonly maxPending?: number;
  /** Rows not yet written above which new predictions wait for the writer (memory stays bounded). */
  readonly highWater?: number;
  /** Told about a failed write (the rows stay queued for the next try). */
  readonly onError?: (error: unknown) => void;
}

interface InFlight {
  readonly ids: readonly string[];
  readonly counts: readonly number[];
  readonly versions: readonly number[];
  /** Each request's model name (the batch's texts, which hold the bodies too, are not kept). */
  readonly modelNames: readonly string[];
}

/** The model and version of row `index` of a batch (requests hold `counts[r]` rows each, in order). */
function modelAt(b: { readonly counts: readonly number[]; readonly versions: readonly number[] }, modelName: (request: number) => string, index: number): LoggedModel {
  let r = 0;
  let end = b.counts[0]!;
  while (index >= end) end += b.counts[++r]!;
  return { model: modelName(r), version: b.versions[r]! };
}

export class PredictionLog {
  private queue: LogBatch = emptyBatch();
  /** Where each distinct text of the queued batch sits in its `texts`. */
  private interned = new Map<string, number>();
  /**
   * What the log keeps of the batches handed to the writer and not yet written, by sequence
   * number: the ids, and per request its row count, model and version (the bodies are let go).
   */
  private readonly inFlight = new Map<number, InFlight>();
  private seq = 0;
  private inFlightRows = 0;
  private readonly highWater: number;
  private waiters: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly worker: Worker;
  private readonly maxBatch: number;
  private readonly reader: PredictionLogReader;
  private closing: Promise<void> | undefined;
  private flushSoon = false;
  /** Rows written since the log opened. */
  written = 0;
  /** Rows dropped because writes kept failing. */
  dropped = 0;

  /** `db` is used for reads only; the writer thread opens the same file in `dir`, and its own segment, for writing. */
  constructor(db: ServeDb, dir: string, options: PredictionLogOptions = {}) {
    this.maxBatch = options.maxBatch ?? 500;
    this.highWater = options.highWater ?? 20_000;
    this.reader = new PredictionLogReader(db, dir);
    const onError = options.onError ?? (() => {});
    this.worker = new Worker(new URL('./log-writer.js', import.meta.url), { workerData: { dir, maxPending: options.maxPending ?? Math.floor(this.highWater / 4) } });
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.type === 'written') {
        const ids = this.inFlight.get(reply.seq)?.ids;
        this.inFlight.delete(reply.seq);
        this.inFlightRows -= ids?.length ?? 0;
        this.written += reply.rows;
        if (this.waiters.length > 0 && this.pending <= this.highWater / 2) {
          const waiters = this.waiters;
          this.waiters = [];
          for (const wake of waiters) wake();
        }
      } else if (reply.type === 'failed') {
        this.dropped = reply.dropped;
        onError(new Error(`The prediction log could not be written (${reply.waiting} rows waiting): ${reply.error}`));
      }
    });
    this.worker.on('error', onError);
    this.timer = setInterval(() => this.flush(), options.flushMs ?? 100);
    this.timer.unref();
  }

  /** Rows not yet written. */
  get pending(): number {
    return this.queue.ids.length + this.inFlightRows;
  }

  /**
   * Resolves at once while the writer keeps up; past the high-water mark, once it has caught up
   * to half of it. Prediction routes wait on it, so a writer that falls behind slows requests
   * down instead of letting the queue, and memory, grow.
   */
  capacity(): Promise<void> | undefined {
    if (this.pending < this.highWater || this.closing !== undefined) return undefined;
    this.flush();
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  record(r: LoggedRequest): void {
    if (this.closing !== undefined) return;
    const q = this.queue;
    q.requests.push(r.request);
    q.counts.push(r.ids.length);
    q.versions.push(r.version);
    q.ats.push(this.intern(r.at));
    q.models.push(this.intern(r.model));
    for (let i = 0; i < r.ids.length; i++) {
      q.ids.push(r.ids[i]!);
      q.outputs.push(r.outputs[i]!);
      q.decisions.push(this.intern(r.decisions[i]!));
      q.ood.push(this.intern(r.ood[i]!));
    }
    // Posted right after this turn of the event loop, not inside the request that filled the batch.
    if (q.ids.length >= this.maxBatch && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        this.flush();
      });
    }
  }

  private intern(text: string): number {
    let at = this.interned.get(text);
    if (at === undefined) {
      at = this.queue.texts.push(text) - 1;
      this.interned.set(text, at);
    }
    return at;
  }

  /** Hands everything queued to the writer as one batch. */
  flush(): void {
    if (this.queue.requests.length === 0) return;
    const batch = this.queue;
    this.queue = emptyBatch();
    this.interned = new Map();
    const seq = ++this.seq;
    this.inFlight.set(seq, { ids: batch.ids, counts: batch.counts, versions: batch.versions, modelNames: batch.models.map((m) => batch.texts[m]!) });
    this.inFlightRows += batch.ids.length;
    this.worker.postMessage({ type: 'batch', seq, batch } satisfies WriterMessage);
  }

  /** Whether a prediction id is logged, or queued to be. */
  has(id: string): boolean {
    return this.find(id) !== undefined;
  }

  /** The model and version of a prediction that is logged or queued to be; undefined for an unknown id. */
  find(id: string): LoggedModel | undefined {
    const queue = this.queue;
    const queued = queue.ids.indexOf(id);
    if (queued >= 0) return modelAt(queue, (r) => queue.texts[queue.models[r]!]!, queued);
    for (const b of this.inFlight.values()) {
      const at = b.ids.indexOf(id);
      if (at >= 0) return modelAt(b, (r) => b.modelNames[r]!, at);
    }
    return this.reader.find(id);
  }

  /** Writes what is queued and stops the writer. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      clearInterval(this.timer);
      this.flush();
      this.worker.on('message', (reply: WriterReply) => {
        if (reply.type !== 'closed') return;
        for (const wake of this.waiters.splice(0)) wake();
        this.reader.close();
        void this.worker.terminate().then(() => resolve());
      });
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies WriterMessage);
    });
    return this.closing;
  }
}
