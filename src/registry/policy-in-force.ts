// The decision policy in force for a model name now: the one set on the server with
// `PUT /v1/models/NAME/policy` (serving.sqlite in the registry folder, table `policy`, read here
// read-only so that monitor and the CLI need not import serve/), else the registered package's.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingOverride } from '../data/data-settings.js';
import { type DecisionPolicy, describePolicy } from './decision-package.js';

/** The server's own SQLite file in the registry folder (serve/serve-db.ts creates and writes it). */
export const SERVING_DB_FILE = 'serving.sqlite';

/** A policy set on the server: who set it, when and why (the `policy` table's row). */
export interface ServingPolicyRecord {
  readonly at: string;
  readonly by: string;
  readonly why: string;
}

export interface PolicyInForce {
  /** The policy decisions are taken at now; `source` is `serving` when it was set on the server. */
  readonly policy: DecisionPolicy;
  /** The registered package's policy (the one in force when nothing was set on the server). */
  readonly registered: DecisionPolicy;
  /** Set on the server and in force for this version; null when the package's policy is. */
  readonly serving: ServingPolicyRecord | null;
  /** The policy in words with where it came from, naming the registered one it replaces. */
  readonly description: string;
  /** A server's policy recorded as an override of the registered one (empty when none is in force). */
  readonly overrides: readonly SettingOverride[];
}

/** The flag an override names when the server's policy replaced the registered one. */
export const servingFlag = (name: string): string => `the server's policy (PUT /v1/models/${name}/policy)`;

/**
 * Which policy is in force for `name` now. The server keeps one policy per model name (it applies to
 * whichever version it serves), so a policy set there applies to every version of the name whose
 * kind it fits: a threshold to a binary threshold policy, top-k to a multiclass one (most likely
 * class, or expected value), a boundary to a regression's number, per-label thresholds to a
 * multi-label one, a score threshold to an anomaly one. `task` (the version's), when given, tells
 * older packages apart that share a kind across tasks (`class`: multiclass or multi-label;
 * `model-output`: clustering or anomalies).
 */
export function policyInForce(registry: string, name: string, registered: DecisionPolicy, task?: string): PolicyInForce {
  const unchanged: PolicyInForce = { policy: registered, registered, serving: null, description: describePolicy(registered), overrides: [] };
  const set = readServingPolicy(registry, name);
  if (set === null) return unchanged;
  const record: ServingPolicyRecord = { at: set.at, by: set.by, why: set.why };
  const when = `set on the server with PUT /v1/models/${name}/policy on ${minuteText(set.at)} by ${set.by}`;
  const from = `from ${sourceText(registered)}`;
  const taskIs = (wanted: string): boolean => task === undefined || task === wanted;
  const inForce = (policy: DecisionPolicy, description: string, overrides: SettingOverride[]): PolicyInForce => ({ policy, registered, serving: record, description, overrides });
  const override = (field: string, before: number | null, used: number): SettingOverride => ({ field, registered: before, used, flag: servingFlag(name) });
  if (set.kind === 'threshold' && registered.kind === 'threshold') {
    const on = registered.positiveClass === '' ? '' : ` on '${registered.positiveClass}'`;
    return inForce(
      { ...registered, threshold: set.threshold, source: 'serving' },
      `threshold ${set.threshold}${on} (${when}, in place of the registered ${registered.threshold} ${from})`,
      [override('policy.threshold', registered.threshold, set.threshold)],
    );
  }
  if (set.kind === 'top-k' && (registered.kind === 'top-k' || registered.kind === 'expected-value' || (registered.kind === 'class' && taskIs('multiclass')))) {
    const before = registered.kind === 'top-k' ? `top ${registered.k}` : registered.kind === 'expected-value' ? 'expected-value class' : 'most likely class';
    return inForce({ kind: 'top-k', k: set.k, source: 'serving' }, `top ${set.k} classes (${when}, in place of the registered ${before} ${from})`, [
      override('policy.k', registered.kind === 'top-k' ? registered.k : null, set.k),
    ]);
  }
  // The server keeps a moved boundary as kind 'boundary'; a bare threshold row on a regression policy is read as one too.
  const moved = set.kind === 'boundary' ? set.boundary : set.kind === 'threshold' && registered.kind === 'number' ? set.threshold : null;
  if (moved !== null && registered.kind === 'number') {
    const before = registered.boundary === null ? 'no boundary' : `boundary ${registered.boundary}`;
    return inForce({ kind: 'number', boundary: moved, source: 'serving' }, `boundary ${moved} (${when}, in place of the registered ${before} ${from})`, [override('policy.boundary', registered.boundary, moved)]);
  }
  if (set.kind === 'label-thresholds' && (registered.kind === 'label-thresholds' || (registered.kind === 'class' && taskIs('multilabel')))) {
    const before = registered.kind === 'label-thresholds' ? registered.thresholds : {};
    // The server stores every label's threshold (those not sent kept theirs); a label it does not name keeps the registered one.
    const thresholds = { ...before, ...set.thresholds };
    const text = Object.entries(thresholds).map(([label, t]) => `${label} ${t}`).join(', ');
    const changed = Object.keys(set.thresholds).filter((label) => before[label] !== set.thresholds[label]);
    return inForce(
      { kind: 'label-thresholds', thresholds, source: 'serving' },
      `per-label thresholds ${text} (${when}, in place of the registered ${registered.kind === 'label-thresholds' ? Object.entries(before).map(([label, t]) => `${label} ${t}`).join(', ') : 'most likely labels'} ${from})`,
      changed.map((label) => override(`policy.thresholds.${label}`, before[label] ?? null, set.thresholds[label]!)),
    );
  }
  if (set.kind === 'score-threshold' && (registered.kind === 'score-threshold' || (registered.kind === 'model-output' && taskIs('anomaly')))) {
    const before = registered.kind === 'score-threshold' ? registered.threshold : null;
    return inForce(
      // The share of rows flagged at a threshold set on the server is not known here.
      { kind: 'score-threshold', threshold: set.threshold, flaggedShare: null, source: 'serving' },
      `flag at anomaly score ${set.threshold} (${when}, in place of the registered ${before === null ? "model's own cut" : `threshold ${before}`} ${from})`,
      [override('policy.threshold', before, set.threshold)],
    );
  }
  // A policy of another kind (set for an earlier version of another task) does not apply to this one.
  return unchanged;
}

/** "the brief's threshold with the most value": the bracket describePolicy ends with. */
function sourceText(policy: DecisionPolicy): string {
  return /\(([^()]*)\)$/.exec(describePolicy(policy))?.[1] ?? policy.source;
}

/** An ISO time to the minute, as reports print it: 2026-12-07 14:02. */
function minuteText(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/** A policy row of the server's `policy` table, as serve/policy.ts writes it (a regression boundary is `boundary` there). */
type SetPolicy = (
  | { readonly kind: 'threshold'; readonly threshold: number }
  | { readonly kind: 'top-k'; readonly k: number }
  | { readonly kind: 'boundary'; readonly boundary: number }
  | { readonly kind: 'label-thresholds'; readonly thresholds: Readonly<Record<string, number>> }
  | { readonly kind: 'score-threshold'; readonly threshold: number }
) &
  ServingPolicyRecord;

/** The policy row for `name` in the registry's serving.sqlite, or null when there is none (or no such file, or a kind it cannot read). */
function readServingPolicy(registry: string, name: string): SetPolicy | null {
  const path = join(registry, SERVING_DB_FILE);
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'policy'").get() !== undefined;
    if (!hasTable) return null;
    const row = db.prepare('SELECT policy, at, by, why FROM policy WHERE name = ?').get(name) as { policy: string; at: string; by: string; why: string } | undefined;
    if (row === undefined) return null;
    const set = JSON.parse(row.policy) as { kind?: unknown; threshold?: unknown; k?: unknown; boundary?: unknown; thresholds?: unknown };
    const record = { at: row.at, by: row.by, why: row.why };
    const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (set.kind === 'threshold' && typeof set.threshold === 'number') return { kind: 'threshold', threshold: set.threshold, ...record };
    if (set.kind === 'top-k' && typeof set.k === 'number') return { kind: 'top-k', k: set.k, ...record };
    if (set.kind === 'boundary' && finite(set.boundary)) return { kind: 'boundary', boundary: set.boundary, ...record };
    if (set.kind === 'score-threshold' && finite(set.threshold)) return { kind: 'score-threshold', threshold: set.threshold, ...record };
    if (set.kind === 'label-thresholds' && typeof set.thresholds === 'object' && set.thresholds !== null && !Array.isArray(set.thresholds)) {
      const entries = Object.entries(set.thresholds as Record<string, unknown>).filter((e): e is [string, number] => finite(e[1]));
      return { kind: 'label-thresholds', thresholds: Object.fromEntries(entries), ...record };
    }
    return null;
  } finally {
    db.close();
  }
}
