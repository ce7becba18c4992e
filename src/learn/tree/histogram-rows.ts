// Histograms of partial nodes from a row-major copy of the bins: a node holding part of the rows
// touches one cache line per row here, where the column layout touches one per feature.
// Four features share each 32-bit word; rows go in chunks so the chunk's lines stay cached while
// each word's four histograms are filled.

import type { HistogramLayout } from './histogram.js';

/**
 * Below this share of all rows, a node's histogram is built from the row-major copy (measured
 * on the boosting benchmark's data: 0.6 used the least CPU of 0.1 … 1).
 */
export const ROW_MAJOR_BELOW = 0.6;

const CHUNK = 1024;

/** Words per row: four features per 32-bit word. */
export function rowGroupWords(features: number): number {
  return Math.ceil(features / 4);
}

/** Packs the column codes row by row, features 4w..4w+3 into word w (low byte first). */
export function packRowGroups(columns: readonly Uint8Array[], rowCount: number, allocate: (length: number) => Uint32Array = (length) => new Uint32Array(length)): Uint32Array {
  const words = rowGroupWords(columns.length);
  const out = allocate(rowCount * words);
  for (let f = 0; f < columns.length; f++) {
    const col = columns[f]!;
    const w = f >> 2;
    const shift = (f & 3) * 8;
    for (let r = 0; r < rowCount; r++) out[r * words + w] |= col[r]! << shift;
  }
  return out;
}

/**
 * One output, rows idx[start, end), the features of words wordStart..wordEnd-1 (every feature
 * of those words; `features` is the total number of features).
 */
export function histogramRowGroups(
  hist: Float64Array,
  layout: HistogramLayout,
  packed: Uint32Array,
  features: number,
  wordStart: number,
  wordEnd: number,
  idx: Uint32Array,
  start: number,
  end: number,
  gh: Float64Array,
): void {
  const words = rowGroupWords(features);
  const offsets = layout.offsets;
  for (let from = start; from < end; from += CHUNK) {
    const to = Math.min(end, from + CHUNK);
    touchChunk(packed, words, wordStart, idx, from, to, gh);
    for (let w = wordStart; w < wordEnd; w++) {
      const f = 4 * w;
      if (f + 3 < features) {
        wordFour(hist, offsets[f]! * 3, offsets[f + 1]! * 3, offsets[f + 2]! * 3, offsets[f + 3]! * 3, packed, words, w, idx, from, to, gh);
      } else {
        for (let j = 0; f + j < features; j++) wordOne(hist, offsets[f + j]! * 3, 8 * j, packed, words, w, idx, from, to, gh);
      }
    }
  }
}

/** Keeps touchChunk's loads from being optimised away. */
let touched = 0;

/**
 * Loads each row's word and gradient once, in a loop with nothing else to do, so that many
 * cache misses are in flight at once; the histogram passes over the chunk then hit the cache
 * (a software prefetch: 15-40% less kernel time on nodes of 1-50% of the rows, measured alone).
 */
function touchChunk(packed: Uint32Array, words: number, word: number, idx: Uint32Array, from: number, to: number, gh: Float64Array): void {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const r = idx[i]!;
    sum += packed[r * words + word]! + gh[2 * r]!;
  }
  touched += sum;
}

function wordFour(
  hist: Float64Array,
  b0: number,
  b1: number,
  b2: number,
  b3: number,
  packed: Uint32Array,
  words: number,
  w: number,
  idx: Uint32Array,
  from: number,
  to: number,
  gh: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const r = idx[i]!;
    const g = gh[2 * r]!;
    const h = gh[2 * r + 1]!;
    const v = packed[r * words + w]!;
    let p = b0 + (v & 255) * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b1 + ((v >>> 8) & 255) * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b2 + ((v >>> 16) & 255) * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
    p = b3 + (v >>> 24) * 3;
    hist[p] += g;
    hist[p + 1] += h;
    hist[p + 2] += 1;
  }
}

function wordOne(hist: Float64Array, base: number, shift: number, packed: Uint32Array, words: number, w: number, idx: Uint32Array, from: number, to: number, gh: Float64Array): void {
  for (let i = from; i < to; i++) {
    const r = idx[i]!;
    const p = base + ((packed[r * words + w]! >>> shift) & 255) * 3;
    hist[p] += gh[2 * r]!;
    hist[p + 1] += gh[2 * r + 1]!;
    hist[p + 2] += 1;
  }
}
