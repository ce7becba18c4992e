// One place that opens DuckDB for framewise: in memory, with extension downloads and
// autoloading off (nothing may be fetched at run time); a sealed variant for SQL that a user or
// a card wrote; and SQL literal quoting.

import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface DuckSession {
  readonly connection: DuckDBConnection;
  close(): void;
}

export async function openDuckDB(): Promise<DuckSession> {
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  let open = true;
  return {
    connection,
    close() {
      if (!open) return;
      open = false;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * DuckDB for running SQL that a user or a card wrote: it may read the files in `readable` (the
 * data file) and nothing else, neither other files nor URLs; it cannot attach databases, install
 * or load extensions (both need the file system), and its settings are locked, so no statement
 * can undo any of this. DuckDB's own settings do the work: allowed_paths, then
 * enable_external_access off (which cannot be turned on again while it runs), then
 * lock_configuration.
 */
export async function openSealedDuckDB(readable: readonly string[]): Promise<DuckSession> {
  const session = await openDuckDB();
  try {
    const connection = session.connection;
    if (readable.length > 0) await connection.run(`SET allowed_paths = [${readable.map(sqlString).join(', ')}]`);
    await connection.run('SET enable_external_access = false');
    await connection.run('SET allow_community_extensions = false');
    await connection.run('SET lock_configuration = true');
  } catch (error) {
    session.close();
    throw error;
  }
  return session;
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier, always quoted so that any column name is safe. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
