// Ascending sort of many float64 values (no NaN) by least-significant-digit radix on their bit
// patterns: four 16-bit passes, passes where every value shares the digit skipped.

/** Below this many values the built-in typed-array sort is as fast. */
const RADIX_MIN = 20_000;

/**
 * Sorts in place and returns `values`. Bit patterns are mapped so that unsigned order is numeric
 * order (negative: all bits flipped; positive: sign bit set), sorted as (high, low) word pairs.
 */
export function sortFloats(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const histograms = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let lo = src[2 * i]!;
    let hi = src[2 * i + 1]!;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    src[2 * i] = lo;
    src[2 * i + 1] = hi;
    histograms[lo & 0xffff]!++;
    histograms[65536 + (lo >>> 16)]!++;
    histograms[131072 + (hi & 0xffff)]!++;
    histograms[196608 + (hi >>> 16)]!++;
  }
  let dst: Uint32Array = new Uint32Array(2 * n);
  const original = src;
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A pass whose digit is the same for every value changes nothing.
    let single = false;
    for (let d = 0; d < 65536; d++) {
      const c = histograms[base + d]!;
      if (c === n) single = true;
      if (c !== 0) break;
    }
    if (single) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = histograms[base + d]!;
      histograms[base + d] = sum;
      sum += c;
    }
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const digit = ((word === 0 ? lo : hi) >>> shift) & 0xffff;
      const at = histograms[base + digit]!++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== original) original.set(src);
  for (let i = 0; i < n; i++) {
    const hi = original[2 * i + 1]!;
    if (hi & 0x80000000) original[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    else {
      original[2 * i + 1] = ~hi >>> 0;
      original[2 * i] = ~original[2 * i]! >>> 0;
    }
  }
  return values;
}
