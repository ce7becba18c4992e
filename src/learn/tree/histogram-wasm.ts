// Histograms and partitions in WebAssembly: the binned codes (by column and by row), gradients,
// the index partition and a fixed set of histograms live in one WebAssembly memory, and kernels
// generated for this data (histogram-wasm-kernels.ts) fill them. With a second thread the
// memory is shared and a worker fills half the features of each large histogram.

import { Worker } from 'node:worker_threads';
import type { HistogramEngine } from './histogram-engine.js';
import type { HistogramLayout } from './histogram.js';
import { BIN_BYTES, histogramAllRowsKernel, histogramRowsPrefetchKernel, type KernelLayout, partitionKernel } from './histogram-wasm-kernels.js';
import { assembleModule, type FunctionSpec, type WasmMemory, type WasmModule, wasmApi } from './wasm-module.js';

/**
 * Control words shared with the helper thread. A build is two items (the first and second half
 * of the features); either thread claims an item by advancing CLAIM, which carries the build's
 * sequence number above its two low bits, so a helper that wakes late finds nothing left and
 * the calling thread never waits for a helper that is not running.
 */
export const HELPER = { SEQ: 0, CLAIM: 1, FINISHED: 2, COMMAND: 3, HIST: 4, GH: 5, START: 6, END: 7 } as const;
export const COMMAND_ROWS = 1;
export const COMMAND_ALL_ROWS = 2;
export const COMMAND_EXIT = 3;
const ITEMS = 2;

/** Claims the next item of build `seq`: 0 or 1, or -1 when none is left (or seq is over). */
export function claimItem(control: Int32Array, seq: number): number {
  const tag = seq & 0x3fffffff;
  for (;;) {
    const v = Atomics.load(control, HELPER.CLAIM);
    const item = v & 3;
    if (v >>> 2 !== tag || item >= ITEMS) return -1;
    if (Atomics.compareExchange(control, HELPER.CLAIM, v, v + 1) === v) return item;
  }
}

/** What the helper thread is started with. */
export interface HelperData {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly control: SharedArrayBuffer;
  readonly idxPtr: number;
}

/** Rows per prefetch chunk (measured: 256 and 1,024 alike, 64 slower on nodes of 5-20% of rows). */
const CHUNK = 256;
/** Nodes smaller than this are built by one thread: waking the helper costs more than it saves. */
const HELPER_MIN_ROWS = 16384;
/** Largest memory asked for (the kernels address it with 32-bit offsets). */
const MAX_BYTES = 2 ** 31;

type RowsKernel = (hist: number, gh: number, idx: number, start: number, end: number) => void;
type AllRowsKernel = (hist: number, gh: number, n: number) => void;
type PartitionKernel = (col: number, idx: number, scratch: number, start: number, end: number, threshold: number, missing: number, missingLeft: number) => number;

export interface WasmHistogramOptions {
  readonly rowCount: number;
  readonly layout: HistogramLayout;
  /** Value bins per feature (the missing code equals this number). */
  readonly valueBins: Int32Array;
  /** Gradient arrays (one per boosting output). */
  readonly gradients: number;
  /** Histograms kept in the memory. */
  readonly slots: number;
  /** Shared memory and a helper thread. */
  readonly threads: 1 | 2;
  /** Further arrays of one float64 per row to keep in the memory (for other kernels). */
  readonly rowArrays?: number;
  /** Every hessian is exactly 1 (squared error): counts are copied from the hessian sums. */
  readonly unitHessians?: boolean;
}

export class WasmHistograms implements HistogramEngine {
  /** One byte array per feature, to bin into (binColumns' allocate hands them out in order). */
  readonly columns: Uint8Array[];
  /** Gradient pairs per output: [g, h] per row. */
  readonly gh: Float64Array[];
  /** The index partition. */
  readonly idx: Uint32Array;
  /** The options' rowArrays arrays (rowCount numbers each, with room for one more). */
  readonly perRow: Float64Array[];
  private readonly scratch: Uint32Array;
  private readonly rows: Uint8Array;
  private readonly rowBytes: number;
  private readonly free: Float64Array[] = [];
  private readonly control: Int32Array | undefined;
  private helper: Worker | undefined;
  private seq = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly module: WasmModule,
    private readonly kernels: Kernels,
    private readonly pointers: Pointers,
    private readonly options: WasmHistogramOptions,
  ) {
    const buffer = memory.buffer;
    const n = options.rowCount;
    const F = options.valueBins.length;
    this.columns = Array.from({ length: F }, (_, f) => new Uint8Array(buffer, pointers.columns + f * n, n));
    this.rowBytes = pointers.rowBytes;
    this.rows = new Uint8Array(buffer, pointers.rows, n * pointers.rowBytes);
    this.gh = Array.from({ length: options.gradients }, (_, k) => new Float64Array(buffer, pointers.gh + k * 16 * (n + 1), 2 * n));
    this.idx = new Uint32Array(buffer, pointers.idx, n);
    this.scratch = new Uint32Array(buffer, pointers.scratch, n);
    this.perRow = Array.from({ length: options.rowArrays ?? 0 }, (_, a) => new Float64Array(buffer, pointers.perRow + a * pointers.perRowBytes, n));
    const slotLength = options.layout.totalBins * options.layout.stride;
    for (let s = options.slots - 1; s >= 0; s--) this.free.push(new Float64Array(buffer, pointers.slots + s * 8 * slotLength, slotLength));
    this.control = options.threads === 2 ? new Int32Array(new SharedArrayBuffer(4 * 8)) : undefined;
  }

  /**
   * The engine for one data layout, or undefined where WebAssembly (with SIMD) is missing or the
   * data would not fit its memory: then the JavaScript kernels do the work.
   */
  static create(options: WasmHistogramOptions): WasmHistograms | undefined {
    const { layout } = options;
    const api = wasmApi();
    if (api === undefined || layout.outputs !== 1 || layout.stride * 8 !== BIN_BYTES) return undefined;
    const n = options.rowCount;
    const F = options.valueBins.length;
    const rowBytes = 4 * Math.ceil(F / 4);
    const align = (x: number): number => Math.ceil(x / 64) * 64;
    // Byte 0..63: the prefetch loop's sink.
    const columns = 64;
    const rows = align(columns + F * n);
    // Gradient pairs: room for one more row (kernels may go two rows at a time).
    const gh = align(rows + rowBytes * n);
    const idx = align(gh + 16 * (n + 1) * options.gradients);
    const scratch = align(idx + 4 * n);
    // Each per-row array has room for an even number of rows (kernels may go two at a time).
    const perRowBytes = align(8 * (n + 1));
    const perRow = align(scratch + 4 * n);
    const slots = perRow + perRowBytes * (options.rowArrays ?? 0);
    const end = slots + options.slots * layout.totalBins * BIN_BYTES;
    if (end > MAX_BYTES || F === 0 || n === 0) return undefined;
    const pages = Math.ceil(end / 65536);
    const pointers: Pointers = { columns, rows, rowBytes, gh, idx, scratch, perRow, perRowBytes, slots, pages, shared: options.threads === 2 };
    const kernelLayout: KernelLayout = { binsPtr: rows, rowBytes, featureOffsets: Array.from(layout.offsets, (o) => o * BIN_BYTES), unitHessians: options.unitHessians === true };
    const all = Array.from({ length: F }, (_, f) => f);
    const half = Math.ceil(F / 2);
    const functions: FunctionSpec[] = [
      histogramRowsPrefetchKernel('rows', kernelLayout, all, CHUNK, 0),
      histogramAllRowsKernel('allRows', kernelLayout, all),
      partitionKernel('partition'),
      histogramRowsPrefetchKernel('rowsFirst', kernelLayout, all.slice(0, half), CHUNK, 0),
      histogramAllRowsKernel('allRowsFirst', kernelLayout, all.slice(0, half)),
      histogramRowsPrefetchKernel('rowsSecond', kernelLayout, all.slice(half), CHUNK, 8),
      histogramAllRowsKernel('allRowsSecond', kernelLayout, all.slice(half)),
    ];
    const shared = options.threads === 2;
    try {
      const module = new api.Module(assembleModule(functions, { pages, shared }));
      const memory = new api.Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
      const instance = new api.Instance(module, { env: { memory } });
      return new WasmHistograms(memory, module, instance.exports as unknown as Kernels, pointers, options);
    } catch {
      // An engine without SIMD or shared memory: the JavaScript kernels do the work.
      return undefined;
    }
  }

  /**
   * Compiles more kernels over this memory (the same module layout: `env.memory` imported) and
   * returns their exports, or undefined when the engine refuses them.
   */
  addKernels(functions: readonly FunctionSpec[]): object | undefined {
    const api = wasmApi();
    if (api === undefined) return undefined;
    try {
      const module = new api.Module(assembleModule(functions, { pages: this.pointers.pages, shared: this.pointers.shared }));
      return new api.Instance(module, { env: { memory: this.memory } }).exports;
    } catch {
      return undefined;
    }
  }

  /** Copies the binned columns (filled through `columns`) into the row-major block. */
  packRows(): void {
    const n = this.options.rowCount;
    const width = this.rowBytes;
    const rows = this.rows;
    const block = 4096;
    for (let from = 0; from < n; from += block) {
      const to = Math.min(n, from + block);
      for (let f = 0; f < this.columns.length; f++) {
        const col = this.columns[f]!;
        for (let r = from, at = from * width + f; r < to; r++, at += width) rows[at] = col[r]!;
      }
    }
  }

  /** Hands out the column arrays in feature order (binColumns' allocate). */
  columnAllocator(): (length: number) => Uint8Array {
    let next = 0;
    return (length) => {
      const col = this.columns[next++];
      if (col === undefined || col.length !== length) throw new RangeError('binned columns do not match the histogram memory');
      return col;
    };
  }

  /** Starts the helper thread (two-thread engines only). */
  async startHelper(): Promise<void> {
    if (this.control === undefined || this.helper !== undefined) return;
    const data: HelperData = { memory: this.memory, module: this.module, control: this.control.buffer as SharedArrayBuffer, idxPtr: this.pointers.idx };
    const worker = new Worker(new URL('./histogram-wasm-worker.js', import.meta.url), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      worker.once('error', reject);
    });
    // From here on the thread is driven through Atomics only; it must not keep the process alive.
    worker.unref();
    this.helper = worker;
  }

  take(): Float64Array | undefined {
    const h = this.free.pop();
    h?.fill(0);
    return h;
  }

  give(hist: Float64Array): boolean {
    if (hist.buffer !== this.memory.buffer) return false;
    this.free.push(hist);
    return true;
  }

  build(hist: Float64Array, gh: Float64Array, idx: Uint32Array, start: number, end: number, allRows: boolean): boolean {
    if (hist.buffer !== this.memory.buffer || gh.buffer !== this.memory.buffer || idx !== this.idx) return false;
    const histPtr = hist.byteOffset;
    const ghPtr = gh.byteOffset;
    const k = this.kernels;
    if (this.helper === undefined || end - start < HELPER_MIN_ROWS) {
      if (allRows) k.allRows(histPtr, ghPtr, end);
      else k.rows(histPtr, ghPtr, this.pointers.idx, start, end);
    } else {
      this.buildTogether(histPtr, ghPtr, start, end, allRows);
    }
    if (this.options.unitHessians === true) for (let p = 0; p < hist.length; p += 3) hist[p + 2] = hist[p + 1]!;
    return true;
  }

  /** build() with the helper thread: each claims halves of the features until none is left. */
  private buildTogether(histPtr: number, ghPtr: number, start: number, end: number, allRows: boolean): void {
    const k = this.kernels;
    const c = this.control!;
    c[HELPER.COMMAND] = allRows ? COMMAND_ALL_ROWS : COMMAND_ROWS;
    c[HELPER.HIST] = histPtr;
    c[HELPER.GH] = ghPtr;
    c[HELPER.START] = start;
    c[HELPER.END] = end;
    const seq = ++this.seq;
    Atomics.store(c, HELPER.FINISHED, 0);
    Atomics.store(c, HELPER.CLAIM, (seq & 0x3fffffff) << 2);
    Atomics.store(c, HELPER.SEQ, seq);
    Atomics.notify(c, HELPER.SEQ);
    let mine = 0;
    for (let item = claimItem(c, seq); item >= 0; item = claimItem(c, seq), mine++) {
      const first = item === 0;
      if (allRows) (first ? k.allRowsFirst : k.allRowsSecond)(histPtr, ghPtr, end);
      else (first ? k.rowsFirst : k.rowsSecond)(histPtr, ghPtr, this.pointers.idx, start, end);
    }
    // Only items the helper claimed (and so is running) are waited for.
    for (;;) {
      const finished = Atomics.load(c, HELPER.FINISHED);
      if (finished + mine >= ITEMS) break;
      Atomics.wait(c, HELPER.FINISHED, finished);
    }
  }

  partition(idx: Uint32Array, feature: number, start: number, end: number, threshold: number, missingLeft: boolean): number {
    if (idx !== this.idx) return -1;
    const col = this.columns[feature]!;
    const left = this.kernels.partition(col.byteOffset, this.pointers.idx, this.pointers.scratch, start, end, threshold, this.options.valueBins[feature]!, missingLeft ? 1 : 0);
    const mid = start + left;
    idx.set(this.scratch.subarray(0, end - mid), mid);
    return mid;
  }

  close(): void {
    if (this.helper === undefined) return;
    const c = this.control!;
    c[HELPER.COMMAND] = COMMAND_EXIT;
    Atomics.store(c, HELPER.SEQ, ++this.seq);
    Atomics.notify(c, HELPER.SEQ);
    void this.helper.terminate();
    this.helper = undefined;
  }
}

interface Pointers {
  readonly columns: number;
  readonly rows: number;
  readonly rowBytes: number;
  readonly gh: number;
  readonly idx: number;
  readonly scratch: number;
  readonly perRow: number;
  readonly perRowBytes: number;
  readonly slots: number;
  readonly pages: number;
  readonly shared: boolean;
}

interface Kernels {
  readonly rows: RowsKernel;
  readonly allRows: AllRowsKernel;
  readonly partition: PartitionKernel;
  readonly rowsFirst: RowsKernel;
  readonly allRowsFirst: AllRowsKernel;
  readonly rowsSecond: RowsKernel;
  readonly allRowsSecond: AllRowsKernel;
}
