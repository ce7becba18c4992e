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
 * kind it fits: a threshold to a binary threshold policy, top-k to a multiclass one, a boundary to
 * a regression one.
 */
export function policyInForce(registry: string, name: string, registered: DecisionPolicy): PolicyInForce {
  const unchanged: PolicyInForce = { policy: registered, registered, serving: null, description: describePolicy(registered), overrides: [] };
  const set = readServingPolicy(registry, name);
  if (set === null) return unchanged;
  const record: ServingPolicyRecord = { at: set.at, by: set.by, why: set.why };
  const when = `set on the server with PUT /v1/models/${name}/policy on ${minuteText(set.at)} by ${set.by}`;
  if (set.kind === 'threshold' && registered.kind === 'threshold') {
    const policy: DecisionPolicy = { ...registered, threshold: set.threshold, source: 'serving' };
    const on = registered.positiveClass === '' ? '' : ` on '${registered.positiveClass}'`;
    return {
      policy,
      registered,
      serving: record,
      description: `threshold ${set.threshold}${on} (${when}, in place of the registered ${registered.threshold} from ${sourceText(registered)})`,
      overrides: [{ field: 'policy.threshold', registered: registered.threshold, used: set.threshold, flag: servingFlag(name) }],
    };
  }
  if (set.kind === 'top-k' && (registered.kind === 'top-k' || registered.kind === 'class')) {
    const before = registered.kind === 'top-k' ? `top ${registered.k}` : 'the most likely class';
    return {
      policy: { kind: 'top-k', k: set.k, source: 'serving' },
      registered,
      serving: record,
      description: `top ${set.k} classes (${when}, in place of the registered ${before} from ${sourceText(registered)})`,
      overrides: [{ field: 'policy.k', registered: registered.kind === 'top-k' ? registered.k : null, used: set.k, flag: servingFlag(name) }],
    };
  }
  // A boundary moves with PUT { threshold }: kept as kind 'boundary' (serve/policy.ts), or as a threshold set on a regression model.
  const moved = set.kind === 'boundary' ? set.boundary : set.kind === 'threshold' && registered.kind === 'number' ? set.threshold : null;
  if (moved !== null && registered.kind === 'number') {
    const before = registered.boundary === null ? 'no boundary' : `boundary ${registered.boundary}`;
    return {
      policy: { kind: 'number', boundary: moved, source: 'serving' },
      registered,
      serving: record,
      description: `boundary ${moved} (${when}, in place of the registered ${before} from ${sourceText(registered)})`,
      overrides: [{ field: 'policy.boundary', registered: registered.boundary, used: moved, flag: servingFlag(name) }],
    };
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

type SetPolicy = ({ readonly kind: 'threshold'; readonly threshold: number } | { readonly kind: 'top-k'; readonly k: number } | { readonly kind: 'boundary'; readonly boundary: number }) & ServingPolicyRecord;

/** The policy row for `name` in the registry's serving.sqlite, or null when there is none (or no such file). */
function readServingPolicy(registry: string, name: string): SetPolicy | null {
  const path = join(registry, SERVING_DB_FILE);
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'policy'").get() !== undefined;
    if (!hasTable) return null;
    const row = db.prepare('SELECT policy, at, by, why FROM policy WHERE name = ?').get(name) as { policy: string; at: string; by: string; why: string } | undefined;
    if (row === undefined) return null;
    const set = JSON.parse(row.policy) as { kind?: unknown; threshold?: unknown; k?: unknown; boundary?: unknown };
    const record = { at: row.at, by: row.by, why: row.why };
    if (set.kind === 'threshold' && typeof set.threshold === 'number') return { kind: 'threshold', threshold: set.threshold, ...record };
    if (set.kind === 'top-k' && typeof set.k === 'number') return { kind: 'top-k', k: set.k, ...record };
    if (set.kind === 'boundary' && typeof set.boundary === 'number') return { kind: 'boundary', boundary: set.boundary, ...record };
    return null;
  } finally {
    db.close();
  }
}
