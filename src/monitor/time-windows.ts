// Rolling windows by prediction time: a duration such as `1d` or `6h`, and rows grouped into
// back-to-back windows of that length from an origin: --since, else the first row's UTC day
// (hour, minute) start, so `7d` windows run from the first day, not from the epoch's weekday.

import { FramewiseError } from '../core/errors.js';

export const DEFAULT_WINDOW = '1d';
/** More windows than this is a window too short for the period (and an unreadable chart). */
export const MAX_WINDOWS = 1000;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A whole number of seconds, minutes, hours or days (`30s`, `15m`, `6h`, `1d`), or null. */
function readDuration(text: string): { readonly count: number; readonly unit: string } | null {
  const m = /^([1-9][0-9]*)(s|m|h|d)$/.exec(text.trim());
  return m === null ? null : { count: Number(m[1]), unit: m[2]! };
}

/** A duration such as `30s`, `15m`, `6h`, `1d` in milliseconds, or null when it is not one. */
export function durationMs(text: string): number | null {
  const d = readDuration(text);
  return d === null ? null : d.count * UNIT_MS[d.unit]!;
}

export interface WindowLength {
  /** As written, e.g. `1d`. */
  readonly text: string;
  readonly ms: number;
  /** One of the unit (a day for `7d`): the first window starts on a whole unit. */
  readonly unitMs: number;
}

/** Reads `30m`, `6h`, `1d`, `7d` (no seconds: a window that short is noise); `field` names the flag or card field in the error. */
export function parseWindow(text: string, field = '--window'): WindowLength {
  const d = readDuration(text);
  if (d === null || d.unit === 's') {
    throw new FramewiseError('INVALID_ARGUMENT', `${field} '${text}' is not a duration.`, {
      hint: 'Write a whole number and m (minutes), h (hours) or d (days), e.g. 30m, 6h, 1d, 7d.',
      location: { field },
    });
  }
  return { text: `${d.count}${d.unit}`, ms: d.count * UNIT_MS[d.unit]!, unitMs: UNIT_MS[d.unit]! };
}

export interface TimeWindow {
  /** Inclusive start and exclusive end, ms since the epoch. */
  readonly start: number;
  readonly end: number;
  /** Row indices falling in the window, in row order. */
  readonly rows: Int32Array;
}

/** The first window's start: `origin` (e.g. --since) or the earliest time, floored to a whole unit. */
function firstStart(times: Float64Array, length: WindowLength, origin: number | undefined): number {
  let first = origin ?? Infinity;
  if (origin === undefined) for (const t of times) if (t < first) first = t;
  return Number.isFinite(first) ? Math.floor(first / length.unitMs) * length.unitMs : 0;
}

/**
 * Groups rows by time into windows `[o + k·ms, o + (k+1)·ms)` from the origin o; windows without
 * rows are left out, and rows without a time (NaN) belong to none. Ascending by start.
 */
export function timeWindows(times: Float64Array, length: WindowLength, origin?: number): TimeWindow[] {
  const o = firstStart(times, length, origin);
  const byIndex = new Map<number, number[]>();
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t)) continue;
    const k = Math.floor((t - o) / length.ms);
    let rows = byIndex.get(k);
    if (rows === undefined) {
      if (byIndex.size >= MAX_WINDOWS) {
        throw new FramewiseError('INVALID_ARGUMENT', `A ${length.text} window splits this period into more than ${MAX_WINDOWS} windows.`, {
          hint: 'Pass a longer --window (or monitoring.window in the card), e.g. 1d or 7d.',
          location: { field: '--window' },
        });
      }
      rows = [];
      byIndex.set(k, rows);
    }
    rows.push(i);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([k, rows]) => ({ start: o + k * length.ms, end: o + (k + 1) * length.ms, rows: Int32Array.from(rows) }));
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();
