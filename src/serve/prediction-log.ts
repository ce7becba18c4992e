// The prediction log: every prediction queued in memory and written to SQLite in batches, off the
// request path (every `flushMs` or as soon as `maxBatch` rows wait), each batch one transaction.

import type { ServeDb } from './serve-db.js';

export interface LoggedPrediction {
  readonly id: string;
  readonly at: string;
  readonly model: string;
  readonly version: number;
  readonly inputs: unknown;
  readonly outputs: unknown;
  readonly decision: unknown;
  readonly ood: unknown;
}

export interface PredictionLogOptions {
  readonly flushMs?: number;
  readonly maxBatch?: number;
  /** Most rows kept waiting while writes fail; older ones are dropped (and counted) past it. */
  readonly maxPending?: number;
  /** Told about a failed write (the rows stay queued for the next try). */
  readonly onError?: (error: unknown) => void;
}

export class PredictionLog {
  private queue: LoggedPrediction[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly insert;
  private readonly writeBatch;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly onError: (error: unknown) => void;
  private closed = false;
  /** Rows written since the log opened. */
  written = 0;
  /** Rows dropped because writes kept failing and the queue was full. */
  dropped = 0;

  constructor(private readonly db: ServeDb, options: PredictionLogOptions = {}) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxPending = options.maxPending ?? 100_000;
    this.onError = options.onError ?? (() => {});
    this.insert = db.prepare('INSERT OR IGNORE INTO predictions (id, at, model, version, inputs, outputs, decision, ood) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.writeBatch = db.transaction((batch: readonly LoggedPrediction[]) => {
      for (const p of batch) this.insert.run(p.id, p.at, p.model, p.version, JSON.stringify(p.inputs), JSON.stringify(p.outputs), p.decision === undefined ? null : JSON.stringify(p.decision), JSON.stringify(p.ood));
    });
    this.timer = setInterval(() => this.tryFlush(), options.flushMs ?? 100);
    this.timer.unref();
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  record(p: LoggedPrediction): void {
    if (this.closed) return;
    this.queue.push(p);
    if (this.queue.length === this.maxBatch) setImmediate(() => this.tryFlush());
  }

  /** Flushes from a timer: a failed write (disk full, locked) keeps the rows for the next try. */
  private tryFlush(): void {
    const batch = this.queue;
    try {
      this.flush();
    } catch (error) {
      this.queue = batch.concat(this.queue);
      const excess = this.queue.length - this.maxPending;
      if (excess > 0) {
        this.queue.splice(0, excess);
        this.dropped += excess;
      }
      this.onError(error);
    }
  }

  /** Writes everything queued now, in one transaction. */
  flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.writeBatch(batch);
    this.written += batch.length;
  }

  has(id: string): boolean {
    if (this.queue.some((p) => p.id === id)) return true;
    return this.db.prepare('SELECT 1 FROM predictions WHERE id = ?').get(id) !== undefined;
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    this.closed = true;
  }
}
