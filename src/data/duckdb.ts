// One place that opens DuckDB for framewise: in memory, with extension downloads and
// autoloading off (nothing may be fetched at run time), and SQL literal quoting.

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

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier, always quoted so that any column name is safe. */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
