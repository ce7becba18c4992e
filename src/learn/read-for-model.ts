// The one reader of a data file for a model (predict, models check, monitor, retrain): the
// registered data settings, the flags a user typed over them (each returned as an override), and
// every model feature read as the type it had in training, so the training file gives the same frame.

import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import type { DataSettings, SettingOverride } from '../data/data-settings.js';
import { loadOptionsOf } from '../data/data-settings.js';
import type { FileFormat } from '../data/file-format.js';
import { withCategoryForm } from '../data/category-form.js';
import type { Frame } from '../data/frame.js';
import { DEFAULT_MISSING, loadFrame } from '../data/load.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { InputSignature } from './estimator.js';
import { categoryFormOfFeature, readTypeOf } from './signature.js';

/** The data settings a user typed on the command line (a flag left at its default is absent). */
export interface TypedDataSettings {
  readonly sql?: string;
  readonly format?: FileFormat;
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly missing?: readonly string[];
  /** Per column; added to (or replacing) the registered types. */
  readonly types?: Readonly<Record<string, SemanticType>>;
}

export interface ReadForModelOptions {
  /** The settings the model was trained through (its decision package's `data`). */
  readonly registered: DataSettings;
  readonly signature: InputSignature;
  readonly typed?: TypedDataSettings;
  /** How the model is named in messages, e.g. `'churn'@3` or `gbdt`. */
  readonly model: string;
  /**
   * A value that does not read as the model's type: `refuse` (SCHEMA_MISMATCH naming file, row and
   * column), or `infer` (read that column as inference says, so a reuse check can list the difference).
   */
  readonly onTypeMismatch: 'refuse' | 'infer';
  /**
   * The registered SQL does not fit the file: `refuse` (SQL_INVALID saying so, with how to read
   * it otherwise), or `read-as-is` (a file already in the model's shape; `sqlMisfit` says why).
   */
  readonly onSqlMisfit: 'refuse' | 'read-as-is';
  readonly progress?: ProgressSink;
}

export interface ReadForModel {
  readonly frame: Frame;
  readonly format: FileFormat;
  /** The settings the file was read with in the end. */
  readonly settings: DataSettings;
  /** Each registered setting a typed flag changed. */
  readonly overrides: readonly SettingOverride[];
  /** How the SQL was applied: the registered query, the typed one, or none. */
  readonly sql: 'registered' | 'typed' | 'none';
  /** Why the registered SQL was not used (with `read-as-is`), else null. */
  readonly sqlMisfit: string | null;
  /** Categories the model learned that these settings read as missing (e.g. region "NA" read with the default missing words). */
  readonly lostCategories: readonly { readonly column: string; readonly word: string }[];
}

/** The categories a model learned that `settings` would read as missing, column by column. */
export function categoriesReadAsMissing(settings: DataSettings, signature: InputSignature): { column: string; word: string }[] {
  const missing = new Set(settings.missing ?? DEFAULT_MISSING);
  const lost: { column: string; word: string }[] = [];
  for (const feature of signature.features) for (const word of feature.categories ?? []) if (missing.has(word)) lost.push({ column: feature.name, word });
  return lost;
}

/** A warning for a category read as missing, saying how to keep it. */
export function describeLostCategory(lost: { readonly column: string; readonly word: string }, model: string): string {
  return `warning: ${model} learned "${lost.word}" as a value of '${lost.column}', but the data is read with "${lost.word}" as a missing value, so those rows lose it; to keep it, pass --missing '' (or the strings that really mean missing).`;
}

/** The settings after typed flags, and the overrides that changed a registered one. */
export function applyTypedSettings(registered: DataSettings, typed: TypedDataSettings): { settings: DataSettings; overrides: SettingOverride[] } {
  const overrides: SettingOverride[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  const pick = <K extends 'sql' | 'format' | 'delimiter' | 'header' | 'missing'>(key: K, flag: string): DataSettings[K] => {
    const value = typed[key] as DataSettings[K] | undefined;
    if (value === undefined) return registered[key];
    if (!same(value, registered[key])) overrides.push({ field: `data.${key}`, registered: registered[key], used: value, flag });
    return value;
  };
  const settings: DataSettings = {
    sql: pick('sql', '--sql'),
    format: pick('format', '--format'),
    delimiter: pick('delimiter', '--delimiter'),
    header: pick('header', '--no-header'),
    missing: pick('missing', '--missing'),
    types: { ...registered.types, ...(typed.types ?? {}) },
  };
  for (const [column, type] of Object.entries(typed.types ?? {})) {
    const before = registered.types[column] ?? null;
    if (before !== type) overrides.push({ field: `data.types.${column}`, registered: before, used: type, flag: '--type' });
  }
  return { settings, overrides };
}

/** One line for stderr, e.g. `override: data.missing is [""] in the registered version; --missing gives ["","NA"]`. */
export function describeOverride(o: SettingOverride, where = 'the registered version'): string {
  const shown = (field: string, v: unknown): string => (v === null && field === 'data.missing' ? `the default ${JSON.stringify(DEFAULT_MISSING)}` : v === null ? 'unset' : JSON.stringify(v));
  return `override: ${o.field} is ${shown(o.field, o.registered)} in ${where}; ${o.flag} gives ${shown(o.field, o.used)}`;
}

/**
 * Reads `path` for a model. Types, weakest first: the registered ones, then each model feature's
 * training type (so a column the model saw as categories stays categories), then the typed
 * `--type`s. A feature the file lacks is read without its type and left to the model's own
 * check, which names every missing column at once.
 */
export async function readForModel(path: string, options: ReadForModelOptions): Promise<ReadForModel> {
  const { settings, overrides } = applyTypedSettings(options.registered, options.typed ?? {});
  const typedTypes = options.typed?.types ?? {};
  const modelTypes = new Map<string, SemanticType>();
  for (const feature of options.signature.features) if (typedTypes[feature.name] === undefined) modelTypes.set(feature.name, readTypeOf(feature));
  const sqlSource: ReadForModel['sql'] = options.typed?.sql !== undefined ? 'typed' : settings.sql === null ? 'none' : 'registered';
  try {
    const read = await readWithTypes(path, settings, modelTypes, typedTypes, options);
    return { ...read, settings, overrides, sql: sqlSource, sqlMisfit: null, lostCategories: categoriesReadAsMissing(settings, options.signature) };
  } catch (error) {
    if (!(error instanceof FramewiseError) || error.code !== 'SQL_INVALID' || sqlSource !== 'registered') throw error;
    if (options.onSqlMisfit === 'refuse') {
      throw new FramewiseError('SQL_INVALID', `The registered data settings of ${options.model} read the data through data.sql, which does not fit '${path}': ${error.message}`, {
        hint: "Pass data in the shape the registered query reads (the same raw columns as the training file), or give --sql to read this file your way (--sql 'SELECT * FROM data' reads it as it is).",
        location: { file: path },
        cause: error,
      });
    }
    const asIs: DataSettings = { ...settings, sql: null };
    const read = await readWithTypes(path, asIs, modelTypes, typedTypes, options);
    return { ...read, settings: asIs, overrides, sql: 'none', sqlMisfit: error.message.split('\n')[0] ?? error.message, lostCategories: categoriesReadAsMissing(asIs, options.signature) };
  }
}

async function readWithTypes(
  path: string,
  settings: DataSettings,
  modelTypes: ReadonlyMap<string, SemanticType>,
  typedTypes: Readonly<Record<string, SemanticType>>,
  options: ReadForModelOptions,
): Promise<{ frame: Frame; format: FileFormat }> {
  // Types this function may drop, one column at a time, when the file cannot take them.
  const derived: Record<string, SemanticType> = { ...settings.types };
  for (const name of Object.keys(typedTypes)) delete derived[name];
  for (const [name, type] of modelTypes) derived[name] = type;
  for (;;) {
    try {
      const loaded = await loadFrame(path, { ...loadOptionsOf(settings), types: { ...derived, ...typedTypes }, ...(options.progress === undefined ? {} : { progress: options.progress }) });
      return { frame: spellAsTrained(loaded.frame, options.signature), format: loaded.format };
    } catch (error) {
      const column = error instanceof FramewiseError ? error.location?.column : undefined;
      if (!(error instanceof FramewiseError) || column === undefined || derived[column] === undefined) throw error;
      if (error.code === 'TYPE_OVERRIDE_INVALID' && options.onTypeMismatch === 'refuse') {
        const learned = modelTypes.get(column);
        throw new FramewiseError('SCHEMA_MISMATCH', `'${path}' does not match the column types ${options.model} was trained on: ${error.message.replace(/\.$/, '')}, and ${learned === undefined ? `the registered data settings read '${column}' as ${derived[column]}` : `the model learned '${column}' as ${learned}`}.`, {
          hint: `Clean that value (e.g. with --sql), or check that '${path}' is the data this model is meant for.`,
          location: { file: path, column, ...(error.location?.row === undefined ? {} : { row: error.location.row }) },
          cause: error,
        });
      }
      if (error.code !== 'COLUMN_NOT_FOUND' && error.code !== 'TYPE_OVERRIDE_INVALID') throw error;
      delete derived[column];
    }
  }
}

/**
 * Each categorical feature's values spelled as training decided (`categoryForm`): a file that
 * writes the number-coded category 2 as "2.0" (read as text, since the model's type is
 * categories) gives the category "2" the model learned, not an unseen value.
 */
export function spellAsTrained(frame: Frame, signature: InputSignature): Frame {
  let out = frame;
  for (const feature of signature.features) {
    if (feature.categories === undefined || !out.has(feature.name)) continue;
    const column = out.column(feature.name);
    const spelled = withCategoryForm(column, categoryFormOfFeature(feature));
    if (spelled !== column) out = out.withColumn(spelled, out.typeOf(feature.name));
  }
  return out;
}
