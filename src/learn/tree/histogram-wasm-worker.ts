// The helper thread of WasmHistograms: instantiates the same kernels over the shared memory,
// waits on the control words, fills the second half of the features of the named histogram and
// signals completion; nothing is allocated or messaged per build.

import { workerData } from 'node:worker_threads';
import { COMMAND_ALL_ROWS, COMMAND_EXIT, HELPER, type HelperData } from './histogram-wasm.js';
import { wasmApi } from './wasm-module.js';

const data = workerData as HelperData;
const control = new Int32Array(data.control);
const kernels = new (wasmApi()!.Instance)(data.module, { env: { memory: data.memory } }).exports as unknown as {
  rowsSecond(hist: number, gh: number, idx: number, start: number, end: number): void;
  allRowsSecond(hist: number, gh: number, n: number): void;
};

let seen = 0;
for (;;) {
  Atomics.wait(control, HELPER.SEQ, seen);
  const seq = Atomics.load(control, HELPER.SEQ);
  if (seq === seen) continue;
  seen = seq;
  const command = control[HELPER.COMMAND]!;
  if (command === COMMAND_EXIT) break;
  const hist = control[HELPER.HIST]!;
  const gh = control[HELPER.GH]!;
  if (command === COMMAND_ALL_ROWS) kernels.allRowsSecond(hist, gh, control[HELPER.END]!);
  else kernels.rowsSecond(hist, gh, data.idxPtr, control[HELPER.START]!, control[HELPER.END]!);
  Atomics.store(control, HELPER.DONE, seq);
  Atomics.notify(control, HELPER.DONE);
}
