// Log-loss gradients in WebAssembly, two rows at a time: p = sigmoid(raw) with exp computed by
// range reduction (e^z = 2^k e^r, |r| <= ln 2 / 2) and a degree-13 Taylor polynomial (error
// below 1e-17 relative before rounding; within a few ulps of Math.exp), then g = p - y and
// h = p (1 - p) written as the pairs the histogram kernels read.

import { Code, type FunctionSpec, I32, OP, SIMD, V128, type ValueType } from '../tree/wasm-module.js';

/** exp(-708) is still a normal number; below it the 2^k scaling would leave the exponent range. */
const SMALLEST_EXPONENT = 708;
const LOG2E = 1.4426950408889634;
// ln 2 split so that k × LN2_HI is exact for the k that occur (fdlibm's constants).
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const DEGREE = 13;

/**
 * logistic(raw, y, gh, n): for rows 0..n-1 (and the padding row when n is odd), from float64
 * raw scores and float64 targets at byte addresses raw and y, writes [g, h] pairs at gh.
 * The same formula as the JavaScript objective (1 / (1 + e^-x), or e^x / (1 + e^x) below 0),
 * with this exp in place of Math.exp.
 */
export function logisticGradientKernel(name: string): FunctionSpec {
  const [raw, y, gh, n, i, end, x, z, k, r, p, e, prob, one, coeffs] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const c = new Code();
  const splat = (value: number): Code => c.f64(value).simd(SIMD.f64x2Splat);
  // Constants in locals: 1, then 1/j! for j = 0..DEGREE.
  splat(1).set(one);
  let factorial = 1;
  for (let j = 0; j <= DEGREE; j++) {
    if (j > 0) factorial *= j;
    splat(1 / factorial).set(coeffs + j);
  }
  // end = 8 × (n rounded up to even)
  c.get(n).i32(1).op(OP.i32Add).i32(-2).op(OP.i32And).i32(3).op(OP.i32Shl).set(end);
  c.i32(0).set(i);
  c.block();
  c.get(i).get(end).op(OP.i32GeU).brIf(0);
  c.loop();
  c.get(raw).get(i).op(OP.i32Add).simdMem(SIMD.v128Load, 0).set(x);
  // z = -min(|x|, 708): e^z <= 1 never overflows.
  splat(SMALLEST_EXPONENT).get(x).simd(SIMD.f64x2Abs).simd(SIMD.f64x2Pmin).simd(SIMD.f64x2Neg).set(z);
  c.get(z);
  splat(LOG2E).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Nearest).set(k);
  // r = (z - k ln2_hi) - k ln2_lo
  c.get(z).get(k);
  splat(LN2_HI).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).get(k);
  splat(LN2_LO).simd(SIMD.f64x2Mul).simd(SIMD.f64x2Sub).set(r);
  // Horner: p = (((c13 r + c12) r + c11) … ) r + c0
  c.get(coeffs + DEGREE).set(p);
  for (let j = DEGREE - 1; j >= 0; j--) c.get(p).get(r).simd(SIMD.f64x2Mul).get(coeffs + j).simd(SIMD.f64x2Add).set(p);
  // e = p × 2^k, 2^k built from its bits: (k + 1023) << 52.
  c.get(p).get(k).simd(SIMD.i32x4TruncSatF64x2SZero).simd(SIMD.i64x2ExtendLowI32x4S).i64(1023).simd(SIMD.i64x2Splat).simd(SIMD.i64x2Add);
  c.i32(52).simd(SIMD.i64x2Shl).simd(SIMD.f64x2Mul).set(e);
  // prob = (x >= 0 ? 1 : e) / (1 + e)
  c.get(one).get(e).get(x);
  splat(0).simd(SIMD.f64x2Ge).simd(SIMD.v128Bitselect);
  c.get(one).get(e).simd(SIMD.f64x2Add).simd(SIMD.f64x2Div).set(prob);
  // g = prob - y, h = prob (1 - prob), interleaved as [g0, h0], [g1, h1].
  c.get(prob).get(y).get(i).op(OP.i32Add).simdMem(SIMD.v128Load, 0).simd(SIMD.f64x2Sub).set(z);
  c.get(prob).get(one).get(prob).simd(SIMD.f64x2Sub).simd(SIMD.f64x2Mul).set(k);
  c.get(gh).get(i).i32(1).op(OP.i32Shl).op(OP.i32Add).get(z).get(k).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]).simdMem(SIMD.v128Store, 0);
  c.get(gh).get(i).i32(1).op(OP.i32Shl).op(OP.i32Add).get(z).get(k).shuffle([8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]).simdMem(SIMD.v128Store, 16);
  c.get(i).i32(16).op(OP.i32Add).tee(i).get(end).op(OP.i32LtU).brIf(0);
  c.end();
  c.end();
  const locals: ValueType[] = [I32, I32, ...new Array<ValueType>(8 + DEGREE + 1).fill(V128)];
  return { name, params: [I32, I32, I32, I32], locals, body: c };
}

/** Log-loss gradients computed over a histogram engine's memory (see WasmHistograms.addKernels). */
export class WasmLogistic {
  constructor(
    /** Raw scores, one per row, in the engine's memory: the boosting loop keeps its scores here. */
    readonly raw: Float64Array,
    private readonly target: Float64Array,
    private readonly gh: Float64Array,
    private readonly kernel: (raw: number, y: number, gh: number, n: number) => void,
  ) {}

  /** Writes the gradient pairs from raw and the targets given at creation. */
  gradients(): void {
    this.kernel(this.raw.byteOffset, this.target.byteOffset, this.gh.byteOffset, this.raw.length);
  }
}

/** Kernels over `engine`'s memory, or undefined when it refuses them. */
export function wasmLogistic(engine: { readonly perRow: readonly Float64Array[]; readonly gh: readonly Float64Array[]; addKernels(functions: readonly FunctionSpec[]): object | undefined }, y: ArrayLike<number>): WasmLogistic | undefined {
  const [raw, target] = engine.perRow;
  const gh = engine.gh[0];
  if (raw === undefined || target === undefined || gh === undefined) return undefined;
  const exports = engine.addKernels([logisticGradientKernel('logistic')]) as { logistic(raw: number, y: number, gh: number, n: number): void } | undefined;
  if (exports === undefined) return undefined;
  for (let i = 0; i < raw.length; i++) target[i] = y[i]!;
  return new WasmLogistic(raw, target, gh, exports.logistic);
}
