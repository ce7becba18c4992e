// The prediction log: every predicted request queued in memory as texts (the request as received,
// each row's outputs, decision and flags as JSON), gathered column by column into batches that a
// writer thread appends to the log's segment files and indexes (log-writer.ts, log-segments.ts).
// Group commit: `record` gives a promise that settles once the request's batch is written to the
// operating system, and only then is the request answered; while one batch is being written the
// next gathers. When the log cannot be written (the writer died, writes fail, or it fell behind its
// bound) predictions are refused with LOG_UNAVAILABLE instead of answered and lost, /readyz says why
// (`problem`), and the cause is reported once. Closing hands over the rest and waits until it is
// written, or gives up on a writer that is gone.

import { resolve as resolvePath } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FramewiseError } from '../core/errors.js';
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
  /** While a batch is being written, the next one is handed over anyway after this long (ms). */
  readonly flushMs?: number;
  /** Rows that make the queued batch go to the writer at once, even while another is written. */
  readonly maxBatch?: number;
  /** Rows not yet written above which new predictions wait for the writer (memory stays bounded). */
  readonly highWater?: number;
  /**
   * The writer's bound: when rows have waited this long (ms) without being written, the log counts
   * as behind, the requests waiting on it are refused, and new ones too until it catches up.
   */
  readonly stallMs?: number;
  /** While the log cannot be written, how often (ms) the writer checks whether it can again, and how long a dead writer waits to be replaced. */
  readonly retryMs?: number;
  /** fsync every batch before it counts as written (power-loss durability; off by default). */
  readonly fsync?: boolean;
  /** Told once, in a sentence with its cause, when the log stops being writable and when it is written again. */
  readonly onProblem?: (sentence: string) => void;
}

interface Waiter {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Marked handled here: a caller that never awaits (a test, a request already gone) must not
  // turn a refused batch into an unhandled rejection; callers that await still see it.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

interface InFlight {
  readonly ids: readonly string[];
  readonly counts: readonly number[];
  readonly versions: readonly number[];
  /** Each request's model name (the batch's texts, which hold the bodies too, are not kept). */
  readonly modelNames: readonly string[];
  /** Settles the batch's requests. */
  readonly waiter: Waiter;
  /** When the batch was handed to the writer (ms). */
  readonly since: number;
  /** Its requests were refused already (the writer fell behind): it no longer counts against the bound. */
  refused: boolean;
}

/** The model and version of row `index` of a batch (requests hold `counts[r]` rows each, in order). */
function modelAt(b: { readonly counts: readonly number[]; readonly versions: readonly number[] }, modelName: (request: number) => string, index: number): LoggedModel {
  let r = 0;
  let end = b.counts[0]!;
  while (index >= end) end += b.counts[++r]!;
  return { model: modelName(r), version: b.versions[r]! };
}

/** The error a prediction that cannot be logged is refused with (503 in the documented shape). */
export function logUnavailable(why: string): FramewiseError {
  return new FramewiseError('LOG_UNAVAILABLE', `The prediction log cannot be written, so no prediction is given: ${why}.`, {
    hint: 'GET /readyz says what is wrong with the log; try again once it answers ready.',
  });
}

/** Why the log cannot be written now: kept until a batch is written again. */
interface Outage {
  readonly kind: 'failing' | 'dead' | 'behind';
  readonly cause: string;
  /** When it began (ms). */
  readonly since: number;
}

export class PredictionLog {
  private queue: LogBatch = emptyBatch();
  /** Where each distinct text of the queued batch sits in its `texts`. */
  private interned = new Map<string, number>();
  /** Settles the requests of the queued batch; made with its first request. */
  private queueWaiter: Waiter | undefined;
  /** When the queued batch got its first request (ms). */
  private queuedSince = 0;
  /**
   * What the log keeps of the batches handed to the writer and not yet written, by sequence
   * number: the ids, and per request its row count, model and version (the bodies are let go).
   */
  private readonly inFlight = new Map<number, InFlight>();
  private seq = 0;
  private inFlightRows = 0;
  private readonly highWater: number;
  private readonly maxBatch: number;
  private readonly flushMs: number;
  private readonly stallMs: number;
  private readonly retryMs: number;
  private readonly fsync: boolean;
  private readonly dir: string;
  private readonly onProblem: (sentence: string) => void;
  private waiters: Waiter[] = [];
  private readonly timer: NodeJS.Timeout;
  private worker: Worker;
  private workerGone = false;
  /** When the writer thread started, then when it first answered (ms). */
  private startedAt = 0;
  private readonly reader: PredictionLogReader;
  private closing: Promise<void> | undefined;
  private flushSoon = false;
  private outage: Outage | undefined;
  /** The cause last reported, so that a failure that repeats is told once. */
  private reported: string | undefined;
  private reportedSince = 0;
  private lastCheck = 0;
  /** Rows written since the log opened. */
  written = 0;
  /**
   * Rows predicted that could not be written: their requests were refused with LOG_UNAVAILABLE
   * (none was answered), or the server stopped before the writer could write them.
   */
  unwritten = 0;

  /** `db` is used for reads only; the writer thread opens the same file in `dir`, and its own segment, for writing. */
  constructor(db: ServeDb, dir: string, options: PredictionLogOptions = {}) {
    this.maxBatch = options.maxBatch ?? 500;
    this.highWater = options.highWater ?? 20_000;
    this.stallMs = options.stallMs ?? 10_000;
    this.retryMs = options.retryMs ?? 1000;
    this.fsync = options.fsync === true;
    this.dir = dir;
    this.onProblem = options.onProblem ?? ((sentence) => process.stderr.write(`${sentence}\n`));
    this.reader = new PredictionLogReader(db, dir);
    this.worker = this.startWorker();
    this.flushMs = options.flushMs ?? 100;
    this.timer = setInterval(() => this.tick(), Math.min(this.flushMs, 250));
    this.timer.unref();
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./log-writer.js', import.meta.url), { workerData: { dir: this.dir, fsync: this.fsync } });
    this.workerGone = false;
    this.startedAt = Date.now();
    let up = false;
    worker.on('message', (reply: WriterReply) => {
      if (!up) {
        up = true;
        this.startedAt = Date.now();
      }
      this.onReply(reply);
    });
    // 'error' (an exception the writer did not catch) is followed by 'exit': the cause is kept for it.
    let cause: string | undefined;
    worker.on('error', (error) => {
      cause = error instanceof Error ? error.message : String(error);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.workerGone = true;
      if (this.closing !== undefined) return;
      this.fail('dead', `its writer thread stopped (${cause ?? `exit code ${code}`})`);
      // A new writer after a pause; in the meantime predictions are refused.
      setTimeout(() => {
        if (this.closing === undefined && this.workerGone) this.worker = this.startWorker();
      }, this.retryMs).unref();
    });
    return worker;
  }

  private onReply(reply: WriterReply): void {
    if (reply.type === 'written') {
      const batch = this.inFlight.get(reply.seq);
      if (batch !== undefined) {
        this.inFlight.delete(reply.seq);
        this.inFlightRows -= batch.ids.length;
        batch.waiter.resolve();
      }
      this.written += reply.rows;
      if (this.outage !== undefined || this.reported !== undefined) this.recover();
      this.wakeWaiters();
      // What gathered while this batch was written goes now.
      if (this.inFlight.size === 0) this.flush();
    } else if (reply.type === 'failed') {
      if (reply.seq !== undefined) {
        const batch = this.inFlight.get(reply.seq);
        if (batch !== undefined) {
          this.inFlight.delete(reply.seq);
          this.inFlightRows -= batch.ids.length;
          batch.waiter.reject(logUnavailable(this.withoutPaths(reply.error)));
        }
        this.unwritten += reply.rows;
      }
      this.fail('failing', reply.error);
      // The queued batch would be refused as well: its requests are told at once.
      if (this.inFlight.size === 0) this.refuseQueued(reply.error);
    } else if (reply.type === 'ready') {
      // The log can be opened (again): predictions are let through and /readyz says ready, or a
      // server with no traffic would never be sent any; the next write says whether it holds (a
      // full disk is only found by writing). The cause stays reported until a write succeeds.
      if (this.outage?.kind === 'failing' || this.outage?.kind === 'dead') this.outage = undefined;
    }
  }

  /**
   * A cause as HTTP answers (and /readyz) tell it: the registry folder's place on the server's disk
   * (which can hold a user's name) stays on stderr.
   */
  private withoutPaths(text: string): string {
    let out = text;
    for (const path of new Set([resolvePath(this.dir), this.dir])) if (path.length > 1) out = out.split(path).join('<registry>');
    return out;
  }

  /** Marks the log unwritable (once per cause) and refuses what waits on it. */
  private fail(kind: Outage['kind'], told: string): void {
    const now = Date.now();
    const cause = this.withoutPaths(told);
    if (this.outage === undefined || this.outage.kind !== kind || this.outage.cause !== cause) this.outage = { kind, cause, since: this.outage?.since ?? now };
    if (this.reported !== told) {
      if (this.reported === undefined) this.reportedSince = now;
      this.reported = told;
      this.onProblem(`framewise: the prediction log cannot be written: ${told}; predictions are refused with 503 LOG_UNAVAILABLE until it can.`);
    }
    if (kind !== 'failing') {
      const error = logUnavailable(cause);
      for (const [seq, batch] of this.inFlight) {
        batch.waiter.reject(error);
        batch.refused = true;
        // A dead writer writes nothing more; one that is behind may still write these rows later.
        if (kind === 'dead') {
          this.inFlight.delete(seq);
          this.inFlightRows -= batch.ids.length;
          this.unwritten += batch.ids.length;
        }
      }
      this.refuseQueued(cause);
    }
    for (const w of this.waiters.splice(0)) w.reject(logUnavailable(cause));
  }

  private recover(): void {
    this.outage = undefined;
    if (this.reported !== undefined) this.onProblem(`framewise: the prediction log is written again (it could not be for ${Math.round((Date.now() - this.reportedSince) / 1000)} s: ${this.reported}).`);
    this.reported = undefined;
  }

  /** Refuses the queued (not yet handed over) requests. */
  private refuseQueued(cause: string): void {
    if (this.queue.ids.length === 0) return;
    this.unwritten += this.queue.ids.length;
    this.queueWaiter?.reject(logUnavailable(cause));
    this.queue = emptyBatch();
    this.interned = new Map();
    this.queueWaiter = undefined;
  }

  private wakeWaiters(): void {
    if (this.waiters.length > 0 && this.pending <= this.highWater / 2) for (const w of this.waiters.splice(0)) w.resolve();
  }

  /** Every flushMs: hands over a batch kept waiting behind a slow one, spots a writer behind its bound, checks a failing log. */
  private tick(): void {
    const now = Date.now();
    if (this.queue.ids.length > 0 && now - this.queuedSince >= this.flushMs) this.flush();
    // Counted from when the writer thread started at the earliest: its start-up is no backlog.
    const oldest = Math.max(this.startedAt, Math.min(this.queue.ids.length > 0 ? this.queuedSince : now, ...[...this.inFlight.values()].filter((b) => !b.refused).map((b) => b.since)));
    if (now - oldest > this.stallMs && this.outage === undefined) {
      this.fail('behind', `rows have waited ${((now - oldest) / 1000).toFixed(1)} s to be written (${this.pending} rows wait; the bound is ${this.stallMs / 1000} s)`);
    }
    if (this.outage?.kind === 'failing' && !this.workerGone && now - this.lastCheck >= this.retryMs) {
      this.lastCheck = now;
      this.worker.postMessage({ type: 'check' } satisfies WriterMessage);
    }
  }

  /** Rows not yet written. */
  get pending(): number {
    return this.queue.ids.length + this.inFlightRows;
  }

  /**
   * Why the log cannot be written now, as /readyz says it; undefined when it can. A failing log
   * stays reported until a batch is written again.
   */
  problem(): string | undefined {
    const o = this.outage;
    if (o === undefined) return undefined;
    const since = new Date(o.since).toISOString();
    if (o.kind === 'dead') return `The prediction log's writer stopped (${o.cause}) at ${since}; predictions are refused while a new one starts.`;
    if (o.kind === 'behind') return `The prediction log is behind its bound: ${o.cause}; predictions are refused until it catches up.`;
    return `The prediction log cannot be written since ${since}: ${o.cause}; ${this.unwritten} predicted row${this.unwritten === 1 ? ' was' : 's were'} refused.`;
  }

  /**
   * Throws LOG_UNAVAILABLE when a prediction would not be logged now: the writer is gone or
   * behind, or a write failed and the writer's checks (every retryMs) have not yet found the log
   * usable again.
   */
  admit(): void {
    if (this.outage !== undefined) throw logUnavailable(this.outage.cause);
  }

  /**
   * Resolves at once while the writer keeps up; past the high-water mark, once it has caught up
   * to half of it (rejects if the log becomes unwritable meanwhile). Prediction routes wait on it,
   * so a writer that falls behind slows requests down instead of letting the queue, and memory, grow.
   */
  capacity(): Promise<void> | undefined {
    if (this.pending < this.highWater || this.closing !== undefined) return undefined;
    this.flush();
    const w = waiter();
    this.waiters.push(w);
    return w.promise;
  }

  /**
   * Queues a predicted request; the promise resolves once its batch is written to the operating
   * system (fsync'd too with `fsync`), and rejects with LOG_UNAVAILABLE if it cannot be. Answer the
   * request only after it resolves.
   */
  record(r: LoggedRequest): Promise<void> {
    if (this.closing !== undefined || this.workerGone) {
      // Reached only by a request admitted just before the server began to stop or the writer died.
      this.unwritten += r.ids.length;
      const refused = waiter();
      refused.reject(logUnavailable(this.closing !== undefined ? 'the server is stopping' : (this.outage?.cause ?? 'its writer thread stopped')));
      return refused.promise;
    }
    const q = this.queue;
    if (this.queueWaiter === undefined) {
      this.queueWaiter = waiter();
      this.queuedSince = Date.now();
    }
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
    // Handed over right after this turn of the event loop, with every request read in it, when the
    // writer is idle or the batch is full; otherwise when the batch being written is done.
    if ((this.inFlight.size === 0 || q.ids.length >= this.maxBatch) && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        if (this.inFlight.size === 0 || this.queue.ids.length >= this.maxBatch) this.flush();
      });
    }
    return this.queueWaiter.promise;
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
    if (this.queue.requests.length === 0 || this.workerGone) return;
    const batch = this.queue;
    const w = this.queueWaiter!;
    this.queue = emptyBatch();
    this.interned = new Map();
    this.queueWaiter = undefined;
    const seq = ++this.seq;
    this.inFlight.set(seq, { ids: batch.ids, counts: batch.counts, versions: batch.versions, modelNames: batch.models.map((m) => batch.texts[m]!), waiter: w, since: Date.now(), refused: false });
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

  /**
   * Writes what is queued and stops the writer. Never waits on a writer that is gone, nor longer
   * than the stall bound on one that does not answer; rows it could not write are counted in
   * `unwritten`.
   */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      clearInterval(this.timer);
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(giveUp);
        const error = logUnavailable('the server stopped before the log writer could write it');
        for (const b of this.inFlight.values()) {
          this.unwritten += b.ids.length;
          b.waiter.reject(error);
        }
        this.inFlight.clear();
        this.inFlightRows = 0;
        if (this.queue.ids.length > 0) this.refuseQueued('the server stopped before the log writer could write it');
        for (const w of this.waiters.splice(0)) w.resolve();
        this.reader.close();
        // A writer stuck in a system call may not stop: the process must be free to exit anyway.
        this.worker.unref();
        const stopped = setTimeout(resolve, 1000);
        void this.worker.terminate().then(() => {
          clearTimeout(stopped);
          resolve();
        });
      };
      const giveUp = setTimeout(finish, this.stallMs);
      if (this.workerGone) {
        finish();
        return;
      }
      this.flush();
      this.worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'closed') finish();
      });
      this.worker.once('exit', finish);
      this.worker.postMessage({ type: 'close' } satisfies WriterMessage);
    });
    return this.closing;
  }
}
