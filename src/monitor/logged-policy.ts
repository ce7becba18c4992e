// The thresholds a window's logged binary decisions were taken at, in time order: one period per
// run of the same threshold (a policy set on the server mid-window starts a new one), and the
// periods in words, so a report says which decisions were taken, and valued, at which threshold.

import { describePolicy, type PolicySource } from '../registry/decision-package.js';
import { isoTime } from './time-windows.js';
import type { LoggedDecision } from './performance-log.js';

/** A run of logged decisions taken at one threshold (monitor.json `policy.logged[]`). */
export interface LoggedPolicyPeriod {
  readonly threshold: number;
  readonly positiveClass: string;
  /** Where the server's threshold came from, as logged: a package policy's source or `serving-policy` (set on the server); null when not logged. */
  readonly source: string | null;
  /** Times of the period's first and last decision (ISO). */
  readonly from: string;
  readonly to: string;
  readonly rows: number;
  /** Decisions of the period that acted on the positive class. */
  readonly positive: number;
}

/** The periods of the logged decisions (rows in time order); rows without a threshold decision are skipped. */
export function loggedPeriods(decisions: readonly (LoggedDecision | null)[], times: Float64Array): LoggedPolicyPeriod[] {
  const periods: { threshold: number; positiveClass: string; source: string | null; from: number; to: number; rows: number; positive: number }[] = [];
  decisions.forEach((d, i) => {
    if (d === null) return;
    const last = periods.at(-1);
    const at = times[i]!;
    const positive = d.label === d.positiveClass ? 1 : 0;
    if (last !== undefined && last.threshold === d.threshold && last.positiveClass === d.positiveClass) {
      last.to = at;
      last.rows++;
      last.positive += positive;
      if (last.source === null) last.source = d.source;
    } else periods.push({ threshold: d.threshold, positiveClass: d.positiveClass, source: d.source, from: at, to: at, rows: 1, positive });
  });
  return periods.map((p) => ({ ...p, from: isoTime(p.from), to: isoTime(p.to) }));
}

const POLICY_SOURCES: readonly string[] = ['brief-best-value', 'brief-best-f1', 'card-static', 'card', 'default', 'override', 'serving'];

/** One period's threshold in words, e.g. "threshold 0.4 on 'malignant' (set on the server)". */
function periodPolicy(p: LoggedPolicyPeriod): string {
  const source = p.source === 'serving-policy' ? 'serving' : p.source;
  if (source !== null && POLICY_SOURCES.includes(source)) return describePolicy({ kind: 'threshold', threshold: p.threshold, positiveClass: p.positiveClass, source: source as PolicySource });
  return `threshold ${p.threshold} on '${p.positiveClass}'`;
}

const minute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
const count = (n: number): string => `${n} decision${n === 1 ? '' : 's'}`;

/**
 * The periods in words, to follow "decided at": one threshold reads as itself; several read as
 * "threshold 0.273 on 'malignant' (…) until 2026-12-07 14:01 (120 decisions), then threshold 0.4
 * on 'malignant' (set on the server) from 2026-12-07 14:02 (80 decisions)". Null without periods.
 */
export function loggedPolicyText(periods: readonly LoggedPolicyPeriod[]): string | null {
  if (periods.length === 0) return null;
  if (periods.length === 1) return `${periodPolicy(periods[0]!)}, as logged with each decision`;
  const parts = periods.map((p, i) => {
    const span = i === 0 ? `until ${minute(p.to)}` : i === periods.length - 1 ? `from ${minute(p.from)}` : `from ${minute(p.from)} until ${minute(p.to)}`;
    return `${i === 0 ? '' : 'then '}${periodPolicy(p)} ${span} (${count(p.rows)})`;
  });
  return `${parts.join(', ')}, as logged with each decision`;
}
