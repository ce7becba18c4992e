// The WebAssembly histogram and partition kernels, generated for one data layout: the number of
// features, their byte offsets in a histogram and the row width are constants in the code, so
// the inner loop is one unrolled pass over a row's codes with no lookups and no bounds checks.

import { Code, type FunctionSpec, I32, OP, SIMD, V128 } from './wasm-module.js';

/** Bytes per histogram bin: gradient, hessian and count as float64 (stride 3, one output). */
export const BIN_BYTES = 24;

export interface KernelLayout {
  /** Byte address of the row-major codes: row r, feature f at binsPtr + r × rowBytes + f. */
  readonly binsPtr: number;
  readonly rowBytes: number;
  /** Byte offset of each feature's first bin inside a histogram. */
  readonly featureOffsets: readonly number[];
  /**
   * Every hessian is exactly 1 (squared error): the kernels leave the counts alone, since the
   * hessian sums are the counts (sums of ones are exact); the caller copies them over.
   */
  readonly unitHessians?: boolean;
}

/**
 * Rows idx[start, end) into the histogram at `hist`, gradient pairs at gh + 16 r, for the
 * features `features` (indices into the layout). Parameters: hist, gh, idx (byte addresses),
 * start, end (positions in idx). In chunks of `chunk` rows: a first loop only loads each row's
 * codes and gradient pair, with little else to do, so many cache misses are in flight at once;
 * the accumulating loop then finds the chunk in cache (a software prefetch, measured alone:
 * 1.9-2.6 times faster on nodes of 5-20% of the rows). `sink` is a byte address the touched
 * values are written to, so the loads are not dropped.
 */
export function histogramRowsPrefetchKernel(name: string, layout: KernelLayout, features: readonly number[], chunk: number, sink: number): FunctionSpec {
  const [hist, gh, idx, start, end, i, iEnd, r, row, p, cEnd, t, j, gv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const c = new Code();
  c.get(idx).get(start).i32(2).op(OP.i32Shl).op(OP.i32Add).set(i);
  c.get(idx).get(end).i32(2).op(OP.i32Shl).op(OP.i32Add).set(iEnd);
  c.block();
  c.get(i).get(iEnd).op(OP.i32GeU).brIf(0);
  c.loop();
  // cEnd = min(i + 4 chunk, iEnd)
  c.get(i).i32(4 * chunk).op(OP.i32Add).tee(cEnd).get(iEnd).get(cEnd).get(iEnd).op(OP.i32LtU).op(OP.select).set(cEnd);
  c.get(i).set(j);
  c.loop();
  c.get(j).mem(OP.i32Load, 2, 0).tee(r).i32(layout.rowBytes).op(OP.i32Mul).mem(OP.i32Load, 0, layout.binsPtr);
  c.get(gh).get(r).i32(4).op(OP.i32Shl).op(OP.i32Add).mem(OP.i32Load, 2, 0).op(OP.i32Add).get(t).op(OP.i32Xor).set(t);
  c.get(j).i32(4).op(OP.i32Add).tee(j).get(cEnd).op(OP.i32LtU).brIf(0);
  c.end();
  c.loop();
  c.get(i).mem(OP.i32Load, 2, 0).set(r);
  c.get(gh).get(r).i32(4).op(OP.i32Shl).op(OP.i32Add).simdMem(SIMD.v128Load, 0).set(gv);
  c.get(r).i32(layout.rowBytes).op(OP.i32Mul).i32(layout.binsPtr).op(OP.i32Add).set(row);
  for (const f of features) accumulate(c, row, f, layout, hist, p, gv);
  c.get(i).i32(4).op(OP.i32Add).tee(i).get(cEnd).op(OP.i32LtU).brIf(0);
  c.end();
  c.get(i).get(iEnd).op(OP.i32LtU).brIf(0);
  c.end();
  c.end();
  c.i32(sink).get(t).mem(OP.i32Store, 2, 0);
  return { name, params: [I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, I32, I32, V128], body: c };
}

/** Every row 0..n-1 in order: parameters hist, gh, n. */
export function histogramAllRowsKernel(name: string, layout: KernelLayout, features: readonly number[]): FunctionSpec {
  const [hist, gh, n, row, rowEnd, g, p, gv] = [0, 1, 2, 3, 4, 5, 6, 7];
  const c = new Code();
  c.i32(layout.binsPtr).set(row);
  c.get(n).i32(layout.rowBytes).op(OP.i32Mul).i32(layout.binsPtr).op(OP.i32Add).set(rowEnd);
  c.get(gh).set(g);
  c.block();
  c.get(row).get(rowEnd).op(OP.i32GeU).brIf(0);
  c.loop();
  c.get(g).simdMem(SIMD.v128Load, 0).set(gv);
  for (const f of features) accumulate(c, row, f, layout, hist, p, gv);
  c.get(g).i32(16).op(OP.i32Add).set(g);
  c.get(row).i32(layout.rowBytes).op(OP.i32Add).tee(row).get(rowEnd).op(OP.i32LtU).brIf(0);
  c.end();
  c.end();
  return { name, params: [I32, I32, I32], locals: [I32, I32, I32, I32, V128], body: c };
}

/** hist[bin of feature f in this row] += (g, h, 1). */
function accumulate(c: Code, row: number, f: number, layout: KernelLayout, hist: number, p: number, gv: number): void {
  const offset = layout.featureOffsets[f]!;
  c.get(row).mem(OP.i32Load8u, 0, f).i32(BIN_BYTES).op(OP.i32Mul).get(hist).op(OP.i32Add).tee(p);
  c.get(p).simdMem(SIMD.v128Load, offset).get(gv).simd(SIMD.f64x2Add).simdMem(SIMD.v128Store, offset);
  if (layout.unitHessians === true) return;
  c.get(p).get(p).mem(OP.f64Load, 3, offset + 16).f64(1).op(OP.f64Add).mem(OP.f64Store, 3, offset + 16);
}


/**
 * Stable partition of idx[start, end) by one feature's codes in the column at `col` (one byte
 * per row): rows with code <= threshold, or with the missing code when missingLeft is 1, stay
 * in idx from start on; the others go to scratch from 0 on. Every row is written to both sides
 * and only the two cursors move, so no branch depends on the data. Parameters: col, idx,
 * scratch, start, end, threshold, missing, missingLeft; returns the left count.
 */
export function partitionKernel(name: string): FunctionSpec {
  const [col, idx, scratch, start, end, threshold, missing, missingLeft, i, iEnd, l, rr, r, b, left] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const c = new Code();
  c.get(idx).get(start).i32(2).op(OP.i32Shl).op(OP.i32Add).tee(i).set(l);
  c.get(idx).get(end).i32(2).op(OP.i32Shl).op(OP.i32Add).set(iEnd);
  c.get(scratch).set(rr);
  c.block();
  c.get(i).get(iEnd).op(OP.i32GeU).brIf(0);
  c.loop();
  c.get(i).mem(OP.i32Load, 2, 0).set(r);
  c.get(col).get(r).op(OP.i32Add).mem(OP.i32Load8u, 0, 0).set(b);
  c.get(b).get(threshold).op(OP.i32LeU).get(b).get(missing).op(OP.i32Eq).get(missingLeft).op(OP.i32And).op(OP.i32Or).set(left);
  c.get(l).get(r).mem(OP.i32Store, 2, 0);
  c.get(rr).get(r).mem(OP.i32Store, 2, 0);
  c.get(l).get(left).i32(2).op(OP.i32Shl).op(OP.i32Add).set(l);
  c.get(rr).get(left).i32(1).op(OP.i32Xor).i32(2).op(OP.i32Shl).op(OP.i32Add).set(rr);
  c.get(i).i32(4).op(OP.i32Add).tee(i).get(iEnd).op(OP.i32LtU).brIf(0);
  c.end();
  c.end();
  c.get(l).get(idx).op(OP.i32Sub).i32(2).op(OP.i32ShrU).get(start).op(OP.i32Sub);
  return { name, params: [I32, I32, I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, I32], result: I32, body: c };
}

