// The options every command that reads a data file shares (--sql, --format, --delimiter,
// --no-header, --missing, --type), their translation into LoadOptions, and which of them a user typed.

import type { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { type FileFormat, FILE_FORMATS, isFileFormat } from '../data/file-format.js';
import type { LoadOptions } from '../data/load.js';
import { isSemanticType, SEMANTIC_TYPES, type SemanticType } from '../data/semantic-type.js';
import type { TypedDataSettings } from '../learn/read-for-model.js';

export interface DataFlags {
  readonly sql?: string;
  readonly format?: string;
  readonly delimiter?: string;
  readonly header: boolean;
  readonly missing?: string;
  readonly type: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--sql <query>', "one DuckDB SELECT over the loaded table, which is named 'data' (it can read no other file)")
    .option('--format <format>', `file format, when the extension does not tell (${FILE_FORMATS.join(', ')})`)
    .option('--delimiter <char>', 'CSV field delimiter (detected from the header when left out)')
    .option('--no-header', 'the CSV has no header line')
    .option('--missing <values>', "comma-separated strings that mean 'missing' (default: empty and NA)")
    .option('--type <name=type>', `set a column's type (${SEMANTIC_TYPES.join(', ')}); repeatable`, collect, []);
}

export function loadOptionsFrom(flags: DataFlags): LoadOptions {
  let format: FileFormat | undefined;
  if (flags.format !== undefined) {
    if (!isFileFormat(flags.format)) {
      throw new FramewiseError('UNKNOWN_FORMAT', `Unknown --format '${flags.format}'.`, {
        hint: `Use one of: ${FILE_FORMATS.join(', ')}.`,
        location: { field: '--format' },
      });
    }
    format = flags.format;
  }
  const types: Record<string, SemanticType> = {};
  for (const assignment of flags.type) {
    const eq = assignment.lastIndexOf('=');
    const name = assignment.slice(0, eq);
    const type = assignment.slice(eq + 1);
    if (eq <= 0 || !isSemanticType(type)) {
      throw new FramewiseError('INVALID_ARGUMENT', `--type '${assignment}' is not of the form NAME=TYPE with a known type.`, {
        hint: `Types: ${SEMANTIC_TYPES.join(', ')}. Example: --type zip_code=categorical`,
        location: { field: '--type' },
      });
    }
    types[name] = type;
  }
  const delimiter = flags.delimiter === '\\t' ? '\t' : flags.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) {
    throw new FramewiseError('INVALID_ARGUMENT', `--delimiter must be one character, got '${flags.delimiter}'.`, {
      hint: "Use e.g. --delimiter ';' or --delimiter '\\t' for tabs.",
      location: { field: '--delimiter' },
    });
  }
  return {
    ...(format === undefined ? {} : { format }),
    ...(delimiter === undefined ? {} : { delimiter }),
    ...(flags.sql === undefined ? {} : { sql: flags.sql, sqlOrigin: { what: 'the --sql query', field: '--sql' } }),
    ...(flags.missing === undefined ? {} : { missing: flags.missing.split(',') }),
    header: flags.header,
    types,
  };
}

/**
 * The data settings the user actually typed: a flag left at its default is absent, so the
 * registered settings stand for it (commander tells a typed flag from a default by its source).
 */
export function typedDataSettings(flags: DataFlags, command: Command): TypedDataSettings {
  const options = loadOptionsFrom(flags);
  const typed = (name: string): boolean => {
    const source = command.getOptionValueSource(name);
    return source !== undefined && source !== 'default' && source !== 'implied';
  };
  return {
    ...(typed('sql') && options.sql !== undefined ? { sql: options.sql } : {}),
    ...(typed('format') && options.format !== undefined ? { format: options.format } : {}),
    ...(typed('delimiter') && options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(typed('header') ? { header: flags.header } : {}),
    ...(typed('missing') && options.missing !== undefined ? { missing: options.missing } : {}),
    ...(typed('type') && Object.keys(options.types ?? {}).length > 0 ? { types: options.types ?? {} } : {}),
  };
}
