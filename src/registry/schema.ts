// The registry database's schema as numbered migrations: a fresh folder runs them all, an older
// one runs those it lacks, and a folder written by a newer framewise is refused, not guessed at.

import type Database from 'better-sqlite3';
import { FramewiseError } from '../core/errors.js';

/** Each entry upgrades the schema from the version before it; append, never edit. */
const MIGRATIONS: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE models (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL
      );
      CREATE TABLE versions (
        name TEXT NOT NULL REFERENCES models(name),
        version INTEGER NOT NULL CHECK (version >= 1),
        created_at TEXT NOT NULL,
        estimator TEXT NOT NULL,
        task TEXT NOT NULL,
        target TEXT,
        signature TEXT NOT NULL,
        lineage TEXT NOT NULL,
        data_fingerprint TEXT NOT NULL,
        schema_hash TEXT NOT NULL,
        artifact TEXT NOT NULL,
        artifact_sha256 TEXT NOT NULL,
        forced_reason TEXT,
        PRIMARY KEY (name, version)
      );
      CREATE INDEX versions_by_fingerprint ON versions(data_fingerprint);
      -- A version, once written, is never changed or removed.
      CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions BEGIN SELECT RAISE(ABORT, 'registered versions are immutable'); END;
      CREATE TRIGGER versions_kept BEFORE DELETE ON versions BEGIN SELECT RAISE(ABORT, 'registered versions are never deleted'); END;
      CREATE TABLE aliases (
        name TEXT NOT NULL,
        alias TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (name, alias),
        FOREIGN KEY (name, version) REFERENCES versions(name, version)
      );
      CREATE TABLE alias_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        alias TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('promote', 'rollback')),
        from_version INTEGER,
        to_version INTEGER NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        why TEXT NOT NULL,
        FOREIGN KEY (name, to_version) REFERENCES versions(name, version)
      );
      CREATE INDEX alias_moves_by_alias ON alias_moves(name, alias, id);
    `,
  },
  {
    version: 2,
    // The training-row sample kept for monitoring, written in the same registration as the
    // artifact and checked by its SHA-256 like it (null for versions registered before).
    sql: `ALTER TABLE versions ADD COLUMN reference_sha256 TEXT;`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the database to SCHEMA_VERSION inside one transaction; `where` names the folder in errors. */
export function migrate(db: Database.Database, where: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  // Up to date (the usual case): no write lock taken, so opening never waits on a writer.
  const latest = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  if (latest.version === SCHEMA_VERSION) return;
  const run = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new FramewiseError('REGISTRY_UNREADABLE', `The registry at '${where}' has schema version ${current}, newer than this framewise understands (${SCHEMA_VERSION}).`, {
        hint: 'Upgrade framewise to read it.',
        location: { file: where },
      });
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
    }
  });
  // IMMEDIATE: two processes opening a fresh registry at once must not both run migration 1.
  run.immediate();
}
