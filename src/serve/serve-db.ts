// The server's own SQLite file in the registry folder (WAL): decision policies with their audit
// trail, the index of the prediction log's segments (log-segments.ts) and the labels fed back for
// logged predictions. A file from before the segments keeps its `predictions` table, still read.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionPolicy } from '../registry/decision-package.js';
import { SERVING_DB_FILE } from '../registry/policy-in-force.js';
import { LOG_INDEX_SQL } from './log-segments.js';
import { type Policy, type PolicyChange, SERVING_POLICY } from './policy.js';

/** The file's name; registry/policy-in-force.ts reads its `policy` table, so the name lives there. */
export const SERVE_DB_FILE = SERVING_DB_FILE;

export type ServeDb = Database.Database;

export function openServeDb(dir: string): ServeDb {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, SERVE_DB_FILE));
  db.pragma('journal_mode = WAL');
  // NORMAL under WAL: a committed change survives the process being killed (the WAL is in the OS's
  // hands) and the file never corrupts; only a power cut can drop the last ones. FULL would add an
  // fsync to every commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS policy (name TEXT PRIMARY KEY, policy TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, why TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS policy_audit (id INTEGER PRIMARY KEY, name TEXT NOT NULL, previous TEXT, policy TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, why TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS feedback (prediction_id TEXT NOT NULL, label TEXT NOT NULL, at TEXT NOT NULL);
    ${LOG_INDEX_SQL}
  `);
  return db;
}

/** A policy the audit names: one set through the API, or a version's registered package policy it replaced. */
export type AuditedPolicy = Policy | DecisionPolicy;

export interface PolicyRecord {
  readonly policy: Policy;
  readonly at: string;
  readonly by: string;
  readonly why: string;
}

/** Policies by model name, read once and kept in memory; each change is written and audited in one transaction. */
export class PolicyStore {
  private readonly cache = new Map<string, PolicyRecord>();
  constructor(private readonly db: ServeDb) {
    for (const row of db.prepare('SELECT name, policy, at, by, why FROM policy').all() as { name: string; policy: string; at: string; by: string; why: string }[]) {
      // Written before policies named their source: every policy kept here was set through the API.
      this.cache.set(row.name, { policy: { ...(JSON.parse(row.policy) as Policy), source: SERVING_POLICY }, at: row.at, by: row.by, why: row.why });
    }
  }

  get(name: string): PolicyRecord | undefined {
    return this.cache.get(name);
  }

  /**
   * Sets the policy and audits the change. The audit's `previous` is the policy set before, else
   * `registered` (the served version's package policy, in force until this change), so the trail
   * keeps what was replaced. Returns the record and that previous policy.
   */
  set(name: string, change: PolicyChange, registered?: AuditedPolicy): PolicyRecord & { readonly previous: AuditedPolicy | null } {
    const record: PolicyRecord = { policy: { ...change.policy, source: SERVING_POLICY }, at: new Date().toISOString(), by: change.by, why: change.why };
    const previous = this.cache.get(name)?.policy ?? registered ?? null;
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO policy (name, policy, at, by, why) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET policy = excluded.policy, at = excluded.at, by = excluded.by, why = excluded.why')
        .run(name, JSON.stringify(record.policy), record.at, record.by, record.why);
      this.db
        .prepare('INSERT INTO policy_audit (name, previous, policy, at, by, why) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, previous === null ? null : JSON.stringify(previous), JSON.stringify(record.policy), record.at, record.by, record.why);
    })();
    this.cache.set(name, record);
    return { ...record, previous };
  }

  history(name: string): { previous: AuditedPolicy | null; policy: Policy; at: string; by: string; why: string }[] {
    const rows = this.db.prepare('SELECT previous, policy, at, by, why FROM policy_audit WHERE name = ? ORDER BY id').all(name) as { previous: string | null; policy: string; at: string; by: string; why: string }[];
    return rows.map((r) => ({ previous: r.previous === null ? null : (JSON.parse(r.previous) as AuditedPolicy), policy: JSON.parse(r.policy) as Policy, at: r.at, by: r.by, why: r.why }));
  }
}
