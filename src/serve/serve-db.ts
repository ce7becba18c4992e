// The server's own SQLite file in the registry folder (WAL): decision policies with their audit
// trail, the index of the prediction log's segments (log-segments.ts) and the labels fed back for
// logged predictions. A file from before the segments keeps its `predictions` table, still read.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { DecisionPolicy } from '../registry/decision-package.js';
import { SERVING_DB_FILE } from '../registry/policy-in-force.js';
import { LOG_INDEX_SQL, LOG_SEGMENTS_DIR } from './log-segments.js';
import { type Policy, type PolicyChange, SERVING_POLICY } from './policy.js';

/** The file's name; registry/policy-in-force.ts reads its `policy` table, so the name lives there. */
export const SERVE_DB_FILE = SERVING_DB_FILE;

export type ServeDb = Database.Database;

export interface OpenServeDbOptions {
  /** Also run SQLite's quick integrity check (the server, once at start-up). */
  readonly check?: boolean;
}

/** Opens (creating when missing) the serving database; a file that cannot be read or is damaged is SERVE_DB_UNREADABLE naming it. */
export function openServeDb(dir: string, options: OpenServeDbOptions = {}): ServeDb {
  const path = join(dir, SERVE_DB_FILE);
  let db: ServeDb | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    db = new Database(path);
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
    if (options.check === true) {
      const verdict = db.pragma('quick_check', { simple: true }) as string;
      if (verdict !== 'ok') throw new Error(`integrity check: ${verdict}`);
    }
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // A damaged file may refuse even this; the first error is the one to report.
    }
    throw serveDbUnreadable(path, error);
  }
}

/** The serving database cannot be used: which file, why, and what to do. */
export function serveDbUnreadable(path: string, error: unknown): FramewiseError {
  if (error instanceof FramewiseError) return error;
  const code = (error as { code?: unknown }).code;
  const why = error instanceof Error ? error.message : String(error);
  const damaged = typeof code !== 'string' || /^SQLITE_(CORRUPT|NOTADB)/.test(code);
  return new FramewiseError('SERVE_DB_UNREADABLE', `The serving database '${path}' ${damaged ? 'is damaged or not a SQLite database' : 'cannot be opened'} (${why}).`, {
    hint: damaged
      ? `It holds the decision policies set through the API, their audit, fed-back labels and the index of the prediction log: restore it from a backup, or move it aside to start the server with none of these (the log's segment files stay in '${join(dirname(path), LOG_SEGMENTS_DIR)}').`
      : `Check that you can read and write '${path}' and its folder.`,
    location: { file: path },
    cause: error,
  });
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
    try {
      for (const row of db.prepare('SELECT name, policy, at, by, why FROM policy').all() as { name: string; policy: string; at: string; by: string; why: string }[]) {
        // Written before policies named their source: every policy kept here was set through the API.
        this.cache.set(row.name, { policy: { ...(JSON.parse(row.policy) as Policy), source: SERVING_POLICY }, at: row.at, by: row.by, why: row.why });
      }
    } catch (error) {
      throw serveDbUnreadable(db.name, error);
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
