// Histograms built by two threads at once: binned columns, gradients, the index partition and
// a fixed arena of histograms live in SharedArrayBuffers; a worker fills half the features
// while the calling thread fills the other half, synchronised with Atomics (no messages).

import { Worker } from 'node:worker_threads';
import { histogramOneOutput, histogramOneOutputAllRows, type HistogramLayout } from './histogram.js';
import { histogramRowGroups, rowGroupWords } from './histogram-rows.js';

/** Control words shared with the worker. */
export const CTRL = { SEQ: 0, DONE: 1, COMMAND: 2, SLOT: 3, START: 4, END: 5, GH: 6, ALL_ROWS: 7, COUNT: 8, ROW_WORDS: 9, FEATURES: 16 } as const;
export const COMMAND_BUILD = 1;
export const COMMAND_EXIT = 2;

export interface SharedHistogramData {
  readonly control: SharedArrayBuffer;
  readonly arena: SharedArrayBuffer;
  readonly slotLength: number;
  readonly columns: readonly SharedArrayBuffer[];
  readonly gh: readonly SharedArrayBuffer[];
  readonly idx: SharedArrayBuffer;
  /** The row-major copy of the codes (see histogram-rows.ts), when kept. */
  readonly rowGroups: SharedArrayBuffer | undefined;
  readonly offsets: Int32Array;
  readonly totalBins: number;
  readonly rowCount: number;
}

/** Shared storage for the boosting loop, and the helper thread that works on it. */
export class HistogramThreads {
  private readonly control: Int32Array;
  private readonly slots: Float64Array[];
  private readonly free: Float64Array[];
  private seq = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly data: SharedHistogramData,
    private readonly layout: HistogramLayout,
    private readonly columns: readonly Uint8Array[],
    private readonly rowGroups: Uint32Array | undefined,
    private readonly ghViews: readonly Float64Array[],
    private readonly idx: Uint32Array,
  ) {
    this.control = new Int32Array(data.control);
    const slotCount = data.arena.byteLength / (8 * data.slotLength);
    this.slots = Array.from({ length: slotCount }, (_, s) => new Float64Array(data.arena, s * 8 * data.slotLength, data.slotLength));
    this.free = [...this.slots].reverse();
  }

  /**
   * Starts the helper thread over shared copies of the inputs. `columns`, `gh` and `idx` must be
   * views of whole SharedArrayBuffers (see sharedUint8, sharedFloat64, sharedUint32).
   */
  static async start(
    layout: HistogramLayout,
    columns: readonly Uint8Array[],
    rowGroups: Uint32Array | undefined,
    gh: readonly Float64Array[],
    idx: Uint32Array,
    slotCount: number,
  ): Promise<HistogramThreads> {
    const slotLength = layout.totalBins * layout.stride;
    const data: SharedHistogramData = {
      control: new SharedArrayBuffer(4 * (CTRL.FEATURES + columns.length)),
      arena: new SharedArrayBuffer(8 * slotLength * slotCount),
      slotLength,
      columns: columns.map((c) => c.buffer as SharedArrayBuffer),
      gh: gh.map((g) => g.buffer as SharedArrayBuffer),
      idx: idx.buffer as SharedArrayBuffer,
      rowGroups: rowGroups?.buffer as SharedArrayBuffer | undefined,
      offsets: layout.offsets,
      totalBins: layout.totalBins,
      rowCount: idx.length,
    };
    const worker = new Worker(new URL('./hist-worker.js', import.meta.url), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', reject);
    });
    // From here on the thread is driven through Atomics only; it must not keep the process alive.
    worker.unref();
    return new HistogramThreads(worker, data, layout, columns, rowGroups, gh, idx);
  }

  /** A zeroed histogram from the shared arena, or undefined when the arena is used up. */
  take(): Float64Array | undefined {
    const h = this.free.pop();
    h?.fill(0);
    return h;
  }

  /** Returns true when `hist` came from the arena (and takes it back). */
  give(hist: Float64Array): boolean {
    if (hist.buffer !== this.data.arena) return false;
    this.free.push(hist);
    return true;
  }

  /**
   * Fills `hist` (from take()) for rows idx[start, end), half the features here and half on the
   * helper thread. Returns false when the inputs are not the shared ones (the caller builds alone).
   */
  build(hist: Float64Array, gh: Float64Array, features: Int32Array, start: number, end: number, allRows: boolean, rowMajor: boolean): boolean {
    const ghIndex = this.ghViews.indexOf(gh);
    if (hist.buffer !== this.data.arena || ghIndex < 0 || features.length < 2) return false;
    const c = this.control;
    // Halves in whole pairs, so both sides run the multi-feature kernels.
    const half = Math.ceil(features.length / 4) * 2;
    const mine = features.subarray(0, half);
    const theirs = features.subarray(half);
    c[CTRL.COMMAND] = COMMAND_BUILD;
    c[CTRL.SLOT] = hist.byteOffset / (8 * this.data.slotLength);
    c[CTRL.START] = start;
    c[CTRL.END] = end;
    c[CTRL.GH] = ghIndex;
    c[CTRL.ALL_ROWS] = allRows ? 1 : 0;
    c[CTRL.COUNT] = theirs.length;
    // Row-major builds split by words: the first half here, the rest on the helper.
    const words = rowGroupWords(this.columns.length);
    const myWords = Math.ceil(words / 2);
    c[CTRL.ROW_WORDS] = rowMajor && this.rowGroups !== undefined ? myWords : -1;
    c.set(theirs, CTRL.FEATURES);
    const seq = ++this.seq;
    Atomics.store(c, CTRL.SEQ, seq);
    Atomics.notify(c, CTRL.SEQ);
    if (c[CTRL.ROW_WORDS]! >= 0) histogramRowGroups(hist, this.layout, this.rowGroups!, this.columns.length, 0, myWords, this.idx, start, end, gh);
    else if (allRows) histogramOneOutputAllRows(hist, this.layout, this.columns, mine, end, gh);
    else histogramOneOutput(hist, this.layout, this.columns, mine, this.idx, start, end, gh);
    for (;;) {
      const done = Atomics.load(c, CTRL.DONE);
      if (done === seq) break;
      Atomics.wait(c, CTRL.DONE, done);
    }
    return true;
  }

  close(): void {
    this.control[CTRL.COMMAND] = COMMAND_EXIT;
    Atomics.store(this.control, CTRL.SEQ, ++this.seq);
    Atomics.notify(this.control, CTRL.SEQ);
    void this.worker.terminate();
  }
}

export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * length));
}

export function sharedUint32(length: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(4 * length));
}
