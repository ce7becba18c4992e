// Prediction ids: UUID version 7 (RFC 9562), a millisecond timestamp, a 26-bit counter (method 1 of
// section 6.2, so ids made in the same millisecond still sort in order) and 48 random bits drawn
// once per process, so ids from two runs of the server never collide. No randomness per id.

import { randomBytes } from 'node:crypto';

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const COUNTER_BITS = 26;
const COUNTER_MASK = (1 << COUNTER_BITS) - 1;

/** The last 12 hex digits: random per process. */
const node = randomBytes(6).reduce((s, b) => s + hex[b]!, '');
let counter = randomBytes(4).readUInt32BE() & COUNTER_MASK;
let lastMs = -1;
let prefix = '';

export function predictionId(now: number = Date.now()): string {
  if (now !== lastMs) {
    lastMs = now;
    const t = now.toString(16).padStart(12, '0').slice(-12);
    prefix = `${t.slice(0, 8)}-${t.slice(8, 12)}-7`;
  }
  counter = (counter + 1) & COUNTER_MASK;
  // 12 high bits after the version nibble, then the variant (10) with the 14 low bits.
  const high = counter >>> 14;
  const low = counter & 0x3fff;
  return `${prefix}${hex[high >>> 4]!}${(high & 0xf).toString(16)}-${hex[0x80 | (low >>> 8)]!}${hex[low & 0xff]!}-${node}`;
}
