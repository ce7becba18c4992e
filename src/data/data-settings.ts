// The settings a data file is read with (SQL transform, format, delimiter, header, missing-value
// strings, column types), as a plain serialisable record: what a card says, what a registered
// model was trained through, and what every later command reads the same file with.

import type { FileFormat } from './file-format.js';
import type { LoadOptions } from './load.js';
import type { SemanticType } from './semantic-type.js';

export interface DataSettings {
  /** A DuckDB SELECT over the table `data`; null for none. */
  readonly sql: string | null;
  /** null: from the file's extension. */
  readonly format: FileFormat | null;
  /** null: detected from the header line. */
  readonly delimiter: string | null;
  readonly header: boolean;
  /** Strings that mean missing; null: the default (empty and NA). */
  readonly missing: readonly string[] | null;
  /** Column types set by the user; inference decides the rest. */
  readonly types: Readonly<Record<string, SemanticType>>;
}

/** One setting a command-line flag changed from what the card or the registered version said. */
export interface SettingOverride {
  /** The setting's name, e.g. `data.missing`, `policy.threshold`. */
  readonly field: string;
  readonly registered: unknown;
  readonly used: unknown;
  /** The flag that changed it, e.g. `--missing`. */
  readonly flag: string;
}

export const NO_DATA_SETTINGS: DataSettings = { sql: null, format: null, delimiter: null, header: true, missing: null, types: {} };

/** The settings that `options` describe (progress, derived columns and required columns are not settings). */
export function dataSettingsOf(options: LoadOptions): DataSettings {
  return {
    sql: options.sql ?? null,
    format: options.format ?? null,
    delimiter: options.delimiter ?? null,
    header: options.header ?? true,
    missing: options.missing === undefined ? null : [...options.missing],
    types: { ...(options.types ?? {}) },
  };
}

/** The load options that read a file with `settings`. */
export function loadOptionsOf(settings: DataSettings): LoadOptions {
  return {
    ...(settings.sql === null ? {} : { sql: settings.sql }),
    ...(settings.format === null ? {} : { format: settings.format }),
    ...(settings.delimiter === null ? {} : { delimiter: settings.delimiter }),
    header: settings.header,
    ...(settings.missing === null ? {} : { missing: settings.missing }),
    types: settings.types,
  };
}
