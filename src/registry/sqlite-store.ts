// The embedded model store: metadata in SQLite (WAL, so readers such as the server see a
// consistent snapshot while a writer registers) and one JSON artifact per version under the
// registry folder. A version's row is written only after its artifact is on disk.

import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { fileStamp } from '../core/file-stamp.js';
import type { InputSignature, ModelJsonHeader } from '../learn/estimator.js';
import { readArtifact, writeDurably } from './artifact-file.js';
import { samplePathFor } from './reference-sample.js';
import { checkAliasName, checkModelName, formatRef } from './model-ref.js';
import { guardReuse, signatureDifferences } from './reuse-guard.js';
import { migrate } from './schema.js';
import type { AliasMove, Lineage, ModelRef, ModelStore, ModelVersion, RegisterInput } from './store.js';

export const DEFAULT_REGISTRY_DIR = '.framewise';
const DB_FILE = 'registry.db';

export interface OpenOptions {
  /** Create the folder and database when missing (registering); otherwise a missing registry is an error. */
  readonly create?: boolean;
  /** Called after a version's artifact is durable and before its row is inserted (crash tests). */
  readonly afterArtifactWrite?: (artifactPath: string) => void;
  /** Also run SQLite's quick integrity check on opening (the server, at start-up). */
  readonly check?: boolean;
}

interface VersionRow {
  name: string;
  version: number;
  created_at: string;
  estimator: string;
  task: string;
  target: string | null;
  signature: string;
  lineage: string;
  artifact: string;
  artifact_sha256: string;
  forced_reason: string | null;
  reference_sha256: string | null;
}

interface MoveRow {
  name: string;
  alias: string;
  kind: 'promote' | 'rollback';
  from_version: number | null;
  to_version: number;
  at: string;
  by: string;
  why: string;
}

export class SqliteModelStore implements ModelStore {
  readonly dir: string;
  private db: Database.Database;
  private readonly afterArtifactWrite: ((path: string) => void) | undefined;
  /** The folder as the user named it, and the database file, for messages and re-opening. */
  private readonly named: string;
  private readonly dbPath: string;
  /** The database file's identity when it was opened (see verify). */
  private stamp: string;
  /** Set when a read found the database damaged: every call answers with it until a re-open succeeds. */
  private broken: FramewiseError | undefined;

  private constructor(dir: string, db: Database.Database, options: OpenOptions, named: string, dbPath: string) {
    this.dir = dir;
    this.db = db;
    this.afterArtifactWrite = options.afterArtifactWrite;
    this.named = named;
    this.dbPath = dbPath;
    this.stamp = fileStamp(dbPath);
  }

  /**
   * Runs a use of the database; a read that finds the file damaged becomes REGISTRY_UNREADABLE
   * naming the file, and the next call opens it afresh (so a restored file is read again).
   */
  private guard<T>(use: () => T): T {
    if (this.broken !== undefined) this.reconnect();
    try {
      return use();
    } catch (error) {
      if (!isDamage(error)) throw error;
      this.broken = unreadable(this.named, error);
      throw this.broken;
    }
  }

  private reconnect(): void {
    try {
      this.db.close();
    } catch {
      // A damaged file may refuse even this; the new connection is what matters.
    }
    try {
      this.db = connect(this.named, this.dbPath, true);
      this.stamp = fileStamp(this.dbPath);
      this.broken = undefined;
    } catch (error) {
      this.broken = error instanceof FramewiseError ? error : unreadable(this.named, error);
      // Re-opened on the next call; a connection is still needed for close().
      this.db = new Database(':memory:');
      throw this.broken;
    }
  }

  /**
   * Opens the registry under `dir` (default `.framewise`), running any migrations it lacks. A
   * registry database that is missing, empty or without tables while version artifacts sit beside
   * it is refused: making a new one would hide those versions and, on the next registration,
   * overwrite their files.
   */
  static open(dir: string = DEFAULT_REGISTRY_DIR, options: OpenOptions = {}): SqliteModelStore {
    const folder = resolve(dir);
    const dbPath = join(folder, DB_FILE);
    if (existsSync(folder) && !statSync(folder).isDirectory()) {
      throw new FramewiseError('REGISTRY_UNREADABLE', `The registry '${dir}' is a file, not a folder.`, { hint: 'Pass --registry a folder (it is created on the first --register).', location: { file: dir } });
    }
    if (!existsSync(dbPath)) {
      const orphans = versionArtifactCount(folder);
      if (orphans > 0) throw orphaned(dir, orphans, 'is missing');
      if (options.create !== true) {
        throw new FramewiseError('REGISTRY_UNREADABLE', `There is no model registry at '${dir}'.`, {
          hint: `Register a model first (framewise train ... --register NAME${dir === DEFAULT_REGISTRY_DIR ? '' : ` --registry ${dir}`}), or pass --registry with the folder that holds one.`,
          location: { file: dir },
        });
      }
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw unreadable(dir, error);
      }
    }
    const db = connect(dir, dbPath, options.check === true, options.create === true);
    return new SqliteModelStore(folder, db, options, dir, dbPath);
  }

  /**
   * Whether the database file can still be read, for a long-running reader such as the server: when
   * the file changed on disk since it was opened (replaced, overwritten, written by another process)
   * the connection is opened afresh, so a damaged file is found instead of hidden behind pages read
   * before, and a file put back in place is read again. Says what is wrong, or undefined.
   */
  verify(): string | undefined {
    if (this.broken === undefined && fileStamp(this.dbPath) === this.stamp) return undefined;
    try {
      this.reconnect();
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  register(input: RegisterInput): ModelVersion {
    checkModelName(input.name);
    const createdAt = new Date().toISOString();
    const written: string[] = [];
    const insert = (): ModelVersion => {
      this.db.prepare('INSERT OR IGNORE INTO models (name, created_at) VALUES (?, ?)').run(input.name, createdAt);
      const latest = this.db.prepare('SELECT * FROM versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(input.name) as VersionRow | undefined;
      const signature = input.model.signature;
      if (latest !== undefined && input.forcedReason === undefined) {
        guardReuse(signatureDifferences(JSON.parse(latest.signature) as InputSignature, signature), {
          force: false,
          subject: `The new model`,
          against: `the signature of '${input.name}'@${latest.version}`,
        });
      }
      const version = (latest?.version ?? 0) + 1;
      const artifact = join('artifacts', input.name, `${version}.json`);
      const path = join(this.dir, artifact);
      written.push(path);
      const digest = writeDurably(path, `${JSON.stringify(input.model)}\n`);
      let referenceDigest: string | null = null;
      if (input.referenceSample !== undefined) {
        const samplePath = samplePathFor(path);
        written.push(samplePath);
        referenceDigest = writeDurably(samplePath, JSON.stringify(input.referenceSample));
      }
      this.afterArtifactWrite?.(path);
      this.db
        .prepare(
          `INSERT INTO versions (name, version, created_at, estimator, task, target, signature, lineage, data_fingerprint, schema_hash, artifact, artifact_sha256, forced_reason, reference_sha256)
           VALUES (@name, @version, @created_at, @estimator, @task, @target, @signature, @lineage, @data_fingerprint, @schema_hash, @artifact, @artifact_sha256, @forced_reason, @reference_sha256)`,
        )
        .run({
          name: input.name,
          version,
          created_at: createdAt,
          estimator: input.model.estimator,
          task: input.model.task,
          target: input.model.target ?? null,
          signature: JSON.stringify(signature),
          lineage: JSON.stringify(input.lineage),
          data_fingerprint: input.lineage.dataFingerprint,
          schema_hash: input.lineage.schemaHash,
          artifact,
          artifact_sha256: digest,
          forced_reason: input.forcedReason ?? null,
          reference_sha256: referenceDigest,
        });
      return this.versionFrom(this.db.prepare('SELECT * FROM versions WHERE name = ? AND version = ?').get(input.name, version) as VersionRow);
    };
    try {
      // IMMEDIATE takes the write lock first, so two writers never pick the same version number.
      // Made inside the guard: a connection opened afresh there is the one that writes.
      return this.guard(() => this.db.transaction(insert).immediate());
    } catch (error) {
      // No row names the files: remove them so that nothing half-registered stays behind.
      for (const path of written) removeQuietly(path);
      throw error;
    }
  }

  get(ref: ModelRef): ModelVersion {
    return this.guard(() => this.db.transaction(() => this.versionFrom(this.findRow(ref)))());
  }

  artifact(name: string, version: number): ModelJsonHeader & Record<string, unknown> {
    const row = this.guard(() => this.findRow({ name, version }));
    return readArtifact(join(this.dir, row.artifact), row.artifact_sha256, `'${name}'@${version}`) as ModelJsonHeader & Record<string, unknown>;
  }

  /** Where a version's artifact lives on disk. */
  artifactPath(name: string, version: number): string {
    return join(this.dir, this.guard(() => this.findRow({ name, version })).artifact);
  }

  list(): readonly { readonly name: string; readonly latest: number; readonly aliases: Readonly<Record<string, number>> }[] {
    return this.guard(() => this.db.transaction(() => {
      const models = this.db.prepare('SELECT name, MAX(version) AS latest FROM versions GROUP BY name ORDER BY name').all() as { name: string; latest: number }[];
      const aliases = this.db.prepare('SELECT name, alias, version FROM aliases ORDER BY alias').all() as { name: string; alias: string; version: number }[];
      return models.map((m) => ({ name: m.name, latest: m.latest, aliases: Object.fromEntries(aliases.filter((a) => a.name === m.name).map((a) => [a.alias, a.version])) }));
    })());
  }

  versions(name: string): readonly ModelVersion[] {
    return this.guard(() => this.db.transaction(() => {
      this.requireModel(name);
      const rows = this.db.prepare('SELECT * FROM versions WHERE name = ? ORDER BY version').all(name) as VersionRow[];
      return rows.map((row) => this.versionFrom(row));
    })());
  }

  setAlias(name: string, alias: string, version: number, by: string, why: string): AliasMove {
    checkAliasName(alias);
    return this.guard(() => this.db
      .transaction((): AliasMove => {
        this.findRow({ name, version });
        const current = this.aliasTarget(name, alias);
        if (current === version) {
          throw new FramewiseError('INVALID_ARGUMENT', `'${alias}' of '${name}' already points at version ${version}.`, { hint: 'Promote another version, or roll back with: framewise models rollback ' + name + ` --alias ${alias}`, location: { field: 'version' } });
        }
        return this.move({ name, alias, kind: 'promote', from_version: current, to_version: version, at: new Date().toISOString(), by, why });
      })
      .immediate());
  }

  rollback(name: string, alias: string, by: string, why: string): AliasMove {
    checkAliasName(alias);
    return this.guard(() => this.db
      .transaction((): AliasMove => {
        this.requireModel(name);
        const current = this.aliasTarget(name, alias);
        if (current === null) {
          const known = Object.keys(this.list().find((m) => m.name === name)?.aliases ?? {});
          throw new FramewiseError('MODEL_NOT_FOUND', `'${name}' has no alias '${alias}' to roll back.`, {
            hint: known.length > 0 ? `Its aliases: ${known.join(', ')}.` : `It has no aliases yet; set one with: framewise models promote ${name} VERSION --alias ${alias}`,
            location: { field: 'alias' },
          });
        }
        const positions = this.positions(name, alias);
        if (positions.length < 2) {
          throw new FramewiseError('INVALID_ARGUMENT', `'${alias}' of '${name}' has no earlier position to roll back to: version ${current} is the first it was promoted to (or earlier moves were already rolled back).`, {
            hint: `Promote a version instead: framewise models promote ${name} VERSION --alias ${alias}`,
            location: { field: 'alias' },
          });
        }
        return this.move({ name, alias, kind: 'rollback', from_version: current, to_version: positions[positions.length - 2]!, at: new Date().toISOString(), by, why });
      })
      .immediate());
  }

  aliasHistory(name: string): readonly AliasMove[] {
    return this.guard(() => this.db.transaction(() => {
      this.requireModel(name);
      return (this.db.prepare('SELECT * FROM alias_moves WHERE name = ? ORDER BY id').all(name) as MoveRow[]).map(moveFrom);
    })());
  }

  close(): void {
    this.db.close();
  }

  /** The version a rollback of `alias` would return to, or undefined when there is none (rollback then says why). */
  rollbackTarget(name: string, alias: string): number | undefined {
    const positions = this.guard(() => this.positions(name, alias));
    return positions.length < 2 ? undefined : positions[positions.length - 2];
  }

  /** The alias's positions that a rollback can return to: promotions push, rollbacks pop. */
  private positions(name: string, alias: string): number[] {
    const stack: number[] = [];
    for (const m of this.db.prepare('SELECT kind, to_version FROM alias_moves WHERE name = ? AND alias = ? ORDER BY id').all(name, alias) as Pick<MoveRow, 'kind' | 'to_version'>[]) {
      if (m.kind === 'promote') stack.push(m.to_version);
      else stack.pop();
    }
    return stack;
  }

  private move(row: MoveRow): AliasMove {
    this.db.prepare('INSERT INTO aliases (name, alias, version) VALUES (?, ?, ?) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version').run(row.name, row.alias, row.to_version);
    this.db.prepare('INSERT INTO alias_moves (name, alias, kind, from_version, to_version, at, by, why) VALUES (@name, @alias, @kind, @from_version, @to_version, @at, @by, @why)').run(row);
    return moveFrom(row);
  }

  private aliasTarget(name: string, alias: string): number | null {
    const row = this.db.prepare('SELECT version FROM aliases WHERE name = ? AND alias = ?').get(name, alias) as { version: number } | undefined;
    return row?.version ?? null;
  }

  private requireModel(name: string): void {
    if (this.db.prepare('SELECT 1 FROM versions WHERE name = ? LIMIT 1').get(name) !== undefined) return;
    const names = (this.db.prepare('SELECT DISTINCT name FROM versions ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    throw new FramewiseError('MODEL_NOT_FOUND', `There is no model '${name}' in the registry at '${this.dir}'.`, {
      hint: names.length > 0 ? `Registered models: ${names.join(', ')}.` : 'The registry is empty: register one with framewise train ... --register NAME.',
      location: { field: 'name' },
    });
  }

  private findRow(ref: ModelRef): VersionRow {
    this.requireModel(ref.name);
    let version = ref.version;
    if (version === undefined && ref.alias !== undefined) {
      const target = this.aliasTarget(ref.name, ref.alias);
      if (target === null) {
        const aliases = (this.db.prepare('SELECT alias, version FROM aliases WHERE name = ? ORDER BY alias').all(ref.name) as { alias: string; version: number }[]).map((a) => `${a.alias} (version ${a.version})`);
        throw new FramewiseError('MODEL_NOT_FOUND', `'${ref.name}' has no alias '${ref.alias}'.`, {
          hint: aliases.length > 0 ? `Its aliases: ${aliases.join(', ')}.` : `It has no aliases yet; set one with: framewise models promote ${ref.name} VERSION --alias ${ref.alias}`,
          location: { field: 'alias' },
        });
      }
      version = target;
    }
    const row = (
      version === undefined
        ? this.db.prepare('SELECT * FROM versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(ref.name)
        : this.db.prepare('SELECT * FROM versions WHERE name = ? AND version = ?').get(ref.name, version)
    ) as VersionRow | undefined;
    if (row === undefined) {
      const versions = (this.db.prepare('SELECT version FROM versions WHERE name = ? ORDER BY version').all(ref.name) as { version: number }[]).map((r) => r.version);
      throw new FramewiseError('MODEL_NOT_FOUND', `'${formatRef(ref)}' does not exist: '${ref.name}' has no version ${version}.`, {
        hint: `Its versions: ${versions.join(', ')}.`,
        location: { field: 'version' },
      });
    }
    return row;
  }

  private versionFrom(row: VersionRow): ModelVersion {
    const aliases = (this.db.prepare('SELECT alias FROM aliases WHERE name = ? AND version = ? ORDER BY alias').all(row.name, row.version) as { alias: string }[]).map((a) => a.alias);
    return {
      name: row.name,
      version: row.version,
      createdAt: row.created_at,
      estimator: row.estimator,
      task: row.task,
      target: row.target,
      signature: JSON.parse(row.signature) as InputSignature,
      lineage: JSON.parse(row.lineage) as Lineage,
      aliases,
      forcedReason: row.forced_reason,
      referenceSha256: row.reference_sha256 ?? null,
    };
  }
}

function moveFrom(row: MoveRow): AliasMove {
  return { name: row.name, alias: row.alias, from: row.from_version, to: row.to_version, at: row.at, by: row.by, why: row.why, kind: row.kind };
}

/** Opens the database file: no tables while version artifacts sit beside it is refused (see open). */
function connect(dir: string, dbPath: string, check: boolean, create = false): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { timeout: 10_000, fileMustExist: !create });
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n === 0) {
      const orphans = versionArtifactCount(dirname(dbPath));
      if (orphans > 0) throw orphaned(dir, orphans, statSync(dbPath).size === 0 ? 'is empty (0 bytes)' : 'holds no tables');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, dir);
    if (check) {
      const verdict = db.pragma('quick_check', { simple: true }) as string;
      const shown = join(dir, DB_FILE);
      if (verdict !== 'ok') throw new FramewiseError('REGISTRY_UNREADABLE', `Cannot open the model registry at '${dir}': its database '${shown}' is damaged (${verdict}).`, { hint: damagedHint(shown), location: { file: shown } });
    }
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // Closing a damaged file can fail too; the error that matters is the first.
    }
    if (error instanceof FramewiseError) throw error;
    throw unreadable(dir, error);
  }
}

/** How many version artifacts (`artifacts/NAME/N.json`) the registry folder holds. */
function versionArtifactCount(folder: string): number {
  const root = join(folder, 'artifacts');
  let count = 0;
  try {
    for (const model of readdirSync(root, { withFileTypes: true })) {
      if (model.isDirectory()) count += readdirSync(join(root, model.name)).filter((f) => /^\d+\.json$/.test(f)).length;
    }
  } catch {
    // No artifacts folder: a fresh registry.
  }
  return count;
}

function orphaned(dir: string, artifacts: number, what: string): FramewiseError {
  const shown = join(dir, DB_FILE);
  return new FramewiseError(
    'REGISTRY_UNREADABLE',
    `The model registry's database '${shown}' ${what}, but '${join(dir, 'artifacts')}' holds ${artifacts} registered version${artifacts === 1 ? '' : 's'}: a new, empty registry would hide them.`,
    { hint: `Restore ${DB_FILE} from a backup (a copy of the whole '${dir}' folder), or pass --registry another folder to start a new registry.`, location: { file: shown } },
  );
}

/** SQLite errors that mean the file itself cannot be read (damaged, replaced, gone), not a refused statement. */
function isDamage(error: unknown): boolean {
  if (!(error instanceof Database.SqliteError)) return false;
  return /^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN)/.test(error.code);
}

function damagedHint(shown: string): string {
  return `Restore '${shown}' from a backup (the artifacts beside it are kept); until then nothing can be read from or registered into this registry.`;
}

/** The database cannot be used; named as the user named the folder (the server shows it in answers). */
function unreadable(dir: string, error: unknown): FramewiseError {
  const shown = join(dir, DB_FILE);
  const code = (error as { code?: unknown }).code;
  const damaged = typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
  return new FramewiseError('REGISTRY_UNREADABLE', `Cannot open the model registry at '${dir}': its database '${shown}' ${damaged ? 'is damaged or not a registry database' : 'cannot be read'} (${(error as Error).message}).`, {
    hint: damaged ? damagedHint(shown) : `Check that '${dir}' is a framewise registry folder you can read and write (its database is ${DB_FILE}).`,
    location: { file: shown },
    cause: error,
  });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
