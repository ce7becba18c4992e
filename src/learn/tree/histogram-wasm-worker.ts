// The helper thread of WasmHistograms: instantiates the same kernels over the shared memory,
// wakes on each build, claims what is left of it (half the features at a time) and reports each
// finished half; nothing is allocated or messaged per build.

import { workerData } from 'node:worker_threads';
import { claimItem, COMMAND_ALL_ROWS, COMMAND_EXIT, HELPER, type HelperData } from './histogram-wasm.js';
import { wasmApi } from './wasm-module.js';

const data = workerData as HelperData;
const control = new Int32Array(data.control);
const kernels = new (wasmApi()!.Instance)(data.module, { env: { memory: data.memory } }).exports as unknown as Record<
  'rowsFirst' | 'rowsSecond',
  (hist: number, gh: number, idx: number, start: number, end: number) => void
> &
  Record<'allRowsFirst' | 'allRowsSecond', (hist: number, gh: number, n: number) => void>;

let seen = 0;
for (;;) {
  Atomics.wait(control, HELPER.SEQ, seen);
  const seq = Atomics.load(control, HELPER.SEQ);
  if (seq === seen) continue;
  seen = seq;
  if (control[HELPER.COMMAND] === COMMAND_EXIT) break;
  // The build's words are read only after an item of it is claimed: until that item is
  // reported finished, the calling thread leaves them alone.
  for (let item = claimItem(control, seq); item >= 0; item = claimItem(control, seq)) {
    const hist = control[HELPER.HIST]!;
    const gh = control[HELPER.GH]!;
    const first = item === 0;
    if (control[HELPER.COMMAND] === COMMAND_ALL_ROWS) (first ? kernels.allRowsFirst : kernels.allRowsSecond)(hist, gh, control[HELPER.END]!);
    else (first ? kernels.rowsFirst : kernels.rowsSecond)(hist, gh, data.idxPtr, control[HELPER.START]!, control[HELPER.END]!);
    Atomics.add(control, HELPER.FINISHED, 1);
    Atomics.notify(control, HELPER.FINISHED);
  }
}
