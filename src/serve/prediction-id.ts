// Prediction ids: UUID version 7 (RFC 9562), a millisecond timestamp then random bits, so ids sort
// by time and the log's primary-key index grows at its end instead of at random places.

import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(10 * 256);
let offset = pool.length;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function predictionId(now: number = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = pool.subarray(offset, offset + 10);
  offset += 10;
  const t = now.toString(16).padStart(12, '0').slice(-12);
  const b0 = 0x70 | (r[0]! & 0x0f); // version 7
  const b2 = 0x80 | (r[2]! & 0x3f); // variant 10
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-${hex[b0]}${hex[r[1]!]}-${hex[b2]}${hex[r[3]!]}-${hex[r[4]!]}${hex[r[5]!]}${hex[r[6]!]}${hex[r[7]!]}${hex[r[8]!]}${hex[r[9]!]}`;
}
