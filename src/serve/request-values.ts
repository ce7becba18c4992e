// What a request may hold so that the prediction log and monitoring can always read it back:
// strings that are valid Unicode without NUL, date-times written in ISO 8601 that are real
// calendar instants, within the dates the model saw in training give or take a stated tolerance.

import type { FeatureSignature } from '../learn/estimator.js';

/** The first instant a date-time may be (0001-01-01): ISO 8601 with four-digit years, as DuckDB reads it back. */
export const EARLIEST_TIME_MS = Date.parse('0001-01-01T00:00:00.000Z');
/** The last instant a date-time may be (9999-12-31T23:59:59.999Z). */
export const LATEST_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The least tolerance around the training dates: 50 years (of 365.25 days) on either side. */
export const DATE_TOLERANCE_MIN_MS = 50 * 365.25 * 86_400_000;

/** String.prototype.isWellFormed (ES2024, in Node 20) under the ES2023 library the build uses. */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

/** The place of the first lone surrogate in a string that has one (it is not well-formed). */
function loneSurrogateAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Why a string cannot be logged, or undefined when it can: a lone surrogate (`"\ud800"` is valid
 * JSON but no Unicode text, and DuckDB refuses the whole log file holding it) or a NUL character.
 */
export function stringProblem(text: string, what = 'the string'): string | undefined {
  if (!isWellFormed.call(text)) {
    const at = loneSurrogateAt(text);
    const unit = text.charCodeAt(at).toString(16);
    return `not valid Unicode: ${what} holds a lone surrogate (\\u${unit}) at character ${at}; send text as UTF-8, with any \\u escape of a surrogate in its pair`;
  }
  if (text.includes('\0')) return `${what} holds a NUL character (\\u0000) at character ${text.indexOf('\0')}, which no text may hold; remove it`;
  return undefined;
}

/**
 * The first string (or key) of a JSON value that cannot be logged, with its problem; undefined
 * when every string is fine. Walked with a stack, so a deeply nested value cannot exhaust it.
 */
export function valueStringProblem(value: unknown): string | undefined {
  return firstProblem(value, stringProblem);
}

function firstProblem(value: unknown, check: (text: string, what?: string) => string | undefined): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      const problem = check(v);
      if (problem !== undefined) return problem;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        const problem = check(key, 'a key');
        if (problem !== undefined) return problem;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return undefined;
}

/** A `\\u` escape of a surrogate: only JSON text holding one can hold a lone surrogate (text read as UTF-8 never does). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether JSON text holds a `\\u` escape of a lone surrogate anywhere, as written: a key given
 * twice can hide one from JSON.parse (the last value wins) while the text still carries it, and
 * DuckDB refuses the whole file on reading it.
 */
export function hasLoneSurrogateEscape(text: string): boolean {
  if (!SURROGATE_ESCAPE.test(text)) return false;
  let high = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x5c) {
      if (high) return true;
      continue;
    }
    if (text.charCodeAt(i + 1) !== 0x75) {
      if (high) return true;
      i++;
      continue;
    }
    const unit = Number.parseInt(text.slice(i + 2, i + 6), 16);
    i += 5;
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      if (!high) return true;
      high = false;
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      if (high) return true;
      high = true;
    } else if (high) return true;
  }
  return high;
}

/** A date (2024-03-05) or date-time (2024-03-05T14:30, seconds, fraction and zone optional). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/** The instant of an ISO 8601 date or date-time, or why the text is not one. */
export type IsoTime = { readonly ms: number } | { readonly problem: string };

/**
 * Reads an ISO 8601 date or date-time strictly: four-digit year, real month, day, hour, minute and
 * second. A bare date is UTC midnight and a date-time without a zone is read as Date.parse reads
 * it (local time), both as training reads such a column (see convert-column.ts).
 */
export function isoTimeOf(text: string): IsoTime {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return { problem: 'not an ISO 8601 date (2024-03-05) or date-time (2024-03-05T14:30:00Z)' };
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { problem: `not a real date: there is no month ${mo}` };
  if (day < 1 || day > daysIn(year, month)) return { problem: `not a real date: ${MONTHS[month - 1]} ${y} has ${daysIn(year, month)} days` };
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) return { problem: `not a real time of day: ${h}:${mi}${s === undefined ? '' : `:${s}`}` };
  let offset = '';
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return { problem: `not a real time zone offset: ${zone}` };
    offset = `${zone[0]}${digits.slice(0, 2)}:${String(om).padStart(2, '0')}`;
  } else if (zone !== undefined) offset = 'Z';
  // Written again in the one form Date.parse reads the same everywhere, with milliseconds at most.
  const ms = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const canonical = h === undefined ? `${y}-${mo}-${d}T00:00:00.000Z` : `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${ms}${offset}`;
  const time = Date.parse(canonical);
  if (!Number.isFinite(time)) return { problem: 'not an ISO 8601 date (2024-03-05) or date-time (2024-03-05T14:30:00Z)' };
  return { ms: time };
}

/** The instants a date-time feature accepts: the training dates widened by the tolerance, inside years 0001–9999. */
export interface DateRange {
  readonly low: number;
  readonly high: number;
  /** The tolerance added on either side (ms); 0 when training recorded no dates. */
  readonly tolerance: number;
}

const ranges = new WeakMap<FeatureSignature, DateRange>();

/**
 * The accepted range of a date-time feature: its training dates (min to max) widened on either
 * side by the training span or 50 years, whichever is longer. A model serves dates a while after
 * its training ended; a date further out than that is a mistake (a typed year, a number that is
 * no epoch time), not a prediction to make and log. Without training dates, years 0001–9999.
 */
export function dateRangeOf(feature: FeatureSignature): DateRange {
  let range = ranges.get(feature);
  if (range === undefined) {
    const { min, max } = feature;
    if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max)) range = { low: EARLIEST_TIME_MS, high: LATEST_TIME_MS, tolerance: 0 };
    else {
      const tolerance = Math.max(max - min, DATE_TOLERANCE_MIN_MS);
      range = { low: Math.max(EARLIEST_TIME_MS, min - tolerance), high: Math.min(LATEST_TIME_MS, max + tolerance), tolerance };
    }
    ranges.set(feature, range);
  }
  return range;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Why an instant is outside a feature's accepted dates, or undefined when it is inside. */
export function dateRangeProblem(feature: FeatureSignature, ms: number): string | undefined {
  const range = dateRangeOf(feature);
  if (ms >= range.low && ms <= range.high) return undefined;
  const what = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? day(ms) : String(ms);
  if (range.tolerance === 0) return `${what} is outside the years 0001 to 9999`;
  const years = Math.round(range.tolerance / (365.25 * 86_400_000));
  const side = ms < range.low ? `more than ${years} years before the earliest date training saw (${day(feature.min!)})` : `more than ${years} years after the latest date training saw (${day(feature.max!)})`;
  return `${what} is ${side}: dates from ${day(range.low)} to ${day(range.high)} are accepted`;
}
