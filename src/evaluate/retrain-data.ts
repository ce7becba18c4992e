// New labelled data for a retraining round, read as the champion read its own: its registered
// data settings, each champion feature as the type it had, labelled rows only, and categorical
// features recoded onto the champion's categories (new ones appended) so both models agree.

import { FramewiseError } from '../core/errors.js';
import { type Column, columnLength, isMissingAt, valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { ProgressSink } from '../core/progress.js';
import type { DataSettings } from '../data/data-settings.js';
import type { InputSignature } from '../learn/estimator.js';
import { type ReadForModel, readForModel, type TypedDataSettings } from '../learn/read-for-model.js';

/** What a retraining round needs to know of the champion, read from its registered version. */
export interface ChampionSpec {
  readonly estimator: string;
  readonly task: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly signature: InputSignature;
  readonly target: string;
  /** The classes it predicts (classification), as text. */
  readonly classes: readonly string[] | null;
}

/** A categorical feature (or the label) whose values differ between the champion's training and the new data. */
export interface CategoryChange {
  readonly column: string;
  /** Values the champion never saw, with their row counts in the new data. */
  readonly added: readonly { readonly value: string; readonly rows: number }[];
  /** Values the champion knew that the new data does not hold. */
  readonly absent: readonly string[];
}

export interface RetrainData {
  /** Labelled rows: the champion's features (categories recoded) and the target, plus the time column when there is one. */
  readonly frame: Frame;
  readonly rows: number;
  /** Rows left out because their label is missing. */
  readonly unlabelled: number;
  readonly features: readonly CategoryChange[];
  readonly label: CategoryChange | null;
}

/**
 * Loads the new data as the champion read its own (`readForModel`: its registered data settings,
 * each feature as the type it had, the user's typed flags over them). A champion feature the file
 * lacks, or one whose values do not read as its type, is no load error here: that column is read
 * as inference says, so the reuse guard can list every difference at once.
 */
export async function loadRetrainData(path: string, registered: DataSettings, signature: InputSignature, typed: TypedDataSettings, progress?: ProgressSink): Promise<ReadForModel> {
  try {
    return await readForModel(path, { registered, signature, typed, model: 'the champion', onTypeMismatch: 'infer', onSqlMisfit: 'refuse', ...(progress === undefined ? {} : { progress }) });
  } catch (error) {
    if (error instanceof FramewiseError && error.code === 'SQL_INVALID' && typed.sql === undefined && registered.sql !== null) {
      // The query is the card's, not the user's: say so, and how to read the file otherwise.
      const cause = error.cause instanceof FramewiseError ? error.cause : error;
      throw new FramewiseError('SQL_INVALID', `The champion's card reads its data through data.sql, which does not fit '${path}': ${cause.message}`, {
        hint: "Pass new data in the shape the card's query reads (the same raw columns as the training file), or give --sql to read this file your way.",
        location: { file: path },
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Keeps the labelled rows and the columns a retraining round uses, and recodes every categorical
 * feature onto the champion's categories followed by the new ones in order of appearance, so a
 * category the new data lacks stays known to the challenger and only truly new values change
 * its input contract. Call after the reuse guard: columns and types are assumed to match.
 */
export function prepareRetrainData(frame: Frame, champion: ChampionSpec, timeColumn: string | null): RetrainData {
  const target = frame.column(champion.target);
  const keep: number[] = [];
  for (let i = 0; i < frame.rowCount; i++) if (!isMissingAt(target, i)) keep.push(i);
  if (keep.length === 0) {
    throw new FramewiseError('TARGET_ALL_MISSING', `Every row of the new data lacks the label '${champion.target}'.`, {
      hint: 'Retraining needs labelled rows: add the outcomes that have arrived to the file.',
      location: { column: champion.target },
    });
  }
  const names = [...champion.signature.features.map((f) => f.name), champion.target];
  if (timeColumn !== null && frame.has(timeColumn) && !names.includes(timeColumn)) names.push(timeColumn);
  let labelled = frame.select(names);
  if (keep.length < frame.rowCount) labelled = labelled.take(keep);
  const changes: CategoryChange[] = [];
  for (const feature of champion.signature.features) {
    const column = labelled.column(feature.name);
    if (feature.categories === undefined || column.kind !== 'categorical') continue;
    const { recoded, change } = recode(column, feature.categories);
    labelled = labelled.withColumn(recoded, labelled.typeOf(feature.name));
    if (change.added.length > 0 || change.absent.length > 0) changes.push(change);
  }
  return { frame: labelled, rows: labelled.rowCount, unlabelled: frame.rowCount - keep.length, features: changes, label: labelChange(labelled.column(champion.target), champion) };
}

/** Every categorical feature recoded onto the champion's categories, then new ones (as prepareRetrainData does), for learners with several target columns. */
export function recodeOntoChampion(frame: Frame, signature: InputSignature): Frame {
  let out = frame;
  for (const feature of signature.features) {
    if (feature.categories === undefined || !out.has(feature.name)) continue;
    const column = out.column(feature.name);
    if (column.kind === 'categorical') out = out.withColumn(recode(column, feature.categories).recoded, out.typeOf(feature.name));
  }
  return out;
}

function recode(column: Column & { kind: 'categorical' }, known: readonly string[]): { recoded: Column; change: CategoryChange } {
  const counts = new Int32Array(column.dictionary.length);
  for (const c of column.codes) if (c >= 0) counts[c]!++;
  const dictionary = [...known];
  const index = new Map(known.map((c, i) => [c, i]));
  const added: { value: string; rows: number }[] = [];
  const remap = column.dictionary.map((value, i) => {
    if (counts[i] === 0) return -1;
    let code = index.get(value);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(value);
      index.set(value, code);
      added.push({ value, rows: counts[i]! });
    }
    return code;
  });
  const codes = Int32Array.from(column.codes, (c) => (c < 0 ? -1 : remap[c]!));
  const present = new Set(column.dictionary.filter((_, i) => counts[i]! > 0));
  return { recoded: { kind: 'categorical', name: column.name, codes, dictionary }, change: { column: column.name, added, absent: known.filter((c) => !present.has(c)) } };
}

function labelChange(column: Column, champion: ChampionSpec): CategoryChange | null {
  if (champion.classes === null) return null;
  const counts = new Map<string, number>();
  for (let i = 0; i < columnLength(column); i++) {
    const v = valueAt(column, i);
    if (v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  const known = new Set(champion.classes);
  const added = [...counts].filter(([value]) => !known.has(value)).map(([value, rows]) => ({ value, rows }));
  const absent = champion.classes.filter((c) => !counts.has(c));
  return added.length === 0 && absent.length === 0 ? null : { column: column.name, added, absent };
}

