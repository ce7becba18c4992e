// The helper thread of HistogramThreads: waits on the shared control words, fills its half of
// the features of the named histogram slot, and signals completion; never allocates per build.

import { workerData } from 'node:worker_threads';
import { histogramOneOutput, histogramOneOutputAllRows, type HistogramLayout } from './histogram.js';
import { histogramRowGroups, rowGroupWords } from './histogram-rows.js';
import { COMMAND_EXIT, CTRL, type SharedHistogramData } from './hist-threads.js';

const data = workerData as SharedHistogramData;
const control = new Int32Array(data.control);
const columns = data.columns.map((b) => new Uint8Array(b));
const gh = data.gh.map((b) => new Float64Array(b));
const idx = new Uint32Array(data.idx);
const rowGroups = data.rowGroups === undefined ? undefined : new Uint32Array(data.rowGroups);
const words = rowGroupWords(columns.length);
const slotCount = data.arena.byteLength / (8 * data.slotLength);
const slots = Array.from({ length: slotCount }, (_, s) => new Float64Array(data.arena, s * 8 * data.slotLength, data.slotLength));
const layout: HistogramLayout = { offsets: data.offsets, totalBins: data.totalBins, outputs: 1, stride: 3 };
const features = new Int32Array(columns.length);

let seen = 0;
for (;;) {
  Atomics.wait(control, CTRL.SEQ, seen);
  const seq = Atomics.load(control, CTRL.SEQ);
  if (seq === seen) continue;
  seen = seq;
  if (control[CTRL.COMMAND] === COMMAND_EXIT) break;
  const count = control[CTRL.COUNT]!;
  for (let k = 0; k < count; k++) features[k] = control[CTRL.FEATURES + k]!;
  const mine = features.subarray(0, count);
  const hist = slots[control[CTRL.SLOT]!]!;
  const g = gh[control[CTRL.GH]!]!;
  const firstWord = control[CTRL.ROW_WORDS]!;
  if (firstWord >= 0) histogramRowGroups(hist, layout, rowGroups!, columns.length, firstWord, words, idx, control[CTRL.START]!, control[CTRL.END]!, g);
  else if (control[CTRL.ALL_ROWS] === 1) histogramOneOutputAllRows(hist, layout, columns, mine, control[CTRL.END]!, g);
  else histogramOneOutput(hist, layout, columns, mine, idx, control[CTRL.START]!, control[CTRL.END]!, g);
  Atomics.store(control, CTRL.DONE, seq);
  Atomics.notify(control, CTRL.DONE);
}
