// The current window a monitoring run compares with the training sample: a data file read as the
// model's training data was (its registered data settings, the user's typed flags over them), or
// the inputs the server logged since a time with their fed-back labels and the decisions taken.

import { type ProgressSink, silentProgress } from '../core/progress.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Column, valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { NO_DATA_SETTINGS, type SettingOverride } from '../data/data-settings.js';
import type { Card } from '../frame/card.js';
import type { InputSignature } from '../learn/estimator.js';
import { describeLostCategory, readForModel, type TypedDataSettings } from '../learn/read-for-model.js';
import { labelsAsLearned } from '../learn/target.js';
import { decisionPackageOf } from '../registry/decision-package.js';
import type { ModelVersion } from '../registry/store.js';
import { unreadableNote } from '../serve/log-reader.js';
import type { LoggedClassDecision } from './class-decisions-taken.js';
import { feedbackNotes, joinFeedback, type LoggedDecision, readLoggedRows } from './performance-log.js';

export interface Window {
  readonly frame: Frame;
  /** Row times in ms (NaN where unknown), or null when the window has none. */
  readonly times: Float64Array | null;
  readonly timeColumn: string | null;
  /** The true label of each row, or null when the window carries no labels at all. */
  readonly labels: readonly (string | null)[] | null;
  /** Why there are no labels, or what the reader should know about them. */
  readonly labelNotes: readonly string[];
  /** A log window's decisions as the server took them (null per row where none was logged); null for a file. */
  readonly decided: readonly (LoggedDecision | null)[] | null;
  /** A log window's multiclass decisions as the server took them (null per row where none was logged); absent or null for a file. */
  readonly decidedClasses?: readonly (LoggedClassDecision | null)[] | null;
  /** A log window's logged predictions that could not be read and were skipped; null for a file. */
  readonly unreadable?: number | null;
}

function timesOf(column: Column): Float64Array | null {
  return column.kind === 'datetime' ? column.values : null;
}

/**
 * A file is read as the model's training data was: through the version's data settings (its SQL,
 * missing strings, types; a brief's features are often built in the SQL) with the flags the user
 * typed over them. A file the registered query does not fit (one already in the model's shape,
 * say) is read as it is, and the notes say which way it was read.
 */
async function loadWindowFile(path: string, typed: TypedDataSettings, version: ModelVersion, signature: InputSignature, notes: string[], overrides: SettingOverride[], progress: ProgressSink): Promise<Frame> {
  const read = await readForModel(path, { registered: decisionPackageOf(version).data, signature, typed, model: `'${version.name}'@${version.version}`, onTypeMismatch: 'refuse', onSqlMisfit: 'read-as-is', progress });
  overrides.push(...read.overrides);
  if (read.sql === 'registered') notes.push("The current file was read through the registered card's data.sql, as the training data was; pass --sql to read it otherwise.");
  if (read.sqlMisfit !== null) notes.push(`The registered card's data.sql does not fit the current file (${read.sqlMisfit}), so the file was read as it is.`);
  for (const lost of read.lostCategories) notes.push(describeLostCategory(lost, `'${version.name}'@${version.version}`).replace(/^warning: /, ''));
  return read.frame;
}

/** A file window: the target column gives labels, the card's time column (or the only date-time column) gives times. */
export async function fileWindow(path: string, typed: TypedDataSettings, version: ModelVersion, signature: InputSignature, card: Card | null, notes: string[], overrides: SettingOverride[], classes: readonly string[] | null = null, progress: ProgressSink = silentProgress): Promise<Window> {
  const target = version.target;
  const read = await loadWindowFile(path, typed, version, signature, notes, overrides, progress);
  // Labels spelled as the model learned its classes: "1.0" in the file is the class "1".
  const frame = target === null ? read : labelsAsLearned(read, target, classes);
  let timeColumn: string | null = null;
  if (card?.time !== undefined && frame.has(card.time) && timesOf(frame.column(card.time)) !== null) timeColumn = card.time;
  else {
    const datetimes = frame.names.filter((n) => frame.column(n).kind === 'datetime');
    if (datetimes.length === 1) timeColumn = datetimes[0]!;
  }
  const times = timeColumn === null ? null : timesOf(frame.column(timeColumn));
  if (target === null || !frame.has(target)) {
    return { frame, times, timeColumn, labels: null, labelNotes: [target === null ? 'The model has no target, so there is no performance to measure.' : `The file has no '${target}' column, so there are no labels to measure performance with.`], decided: null };
  }
  const column = frame.column(target);
  const labels = Array.from({ length: frame.rowCount }, (_, i) => {
    const v = valueAt(column, i);
    return v === null ? null : String(v);
  });
  return { frame, times, timeColumn, labels, labelNotes: [], decided: null };
}

/** A log window: the inputs as a frame with the model's types, the times, and the fed-back labels. */
export async function logWindow(registry: string, version: ModelVersion, since: string, signature: InputSignature, notes: string[]): Promise<Window> {
  const logged = readLoggedRows(registry, version.name, version.version, since, signature);
  if (logged.unreadable > 0) notes.push(unreadableNote(logged.unreadable, 'the window'));
  const temp = mkdtempSync(join(tmpdir(), 'framewise-monitor-'));
  let frame: Frame;
  try {
    const file = join(temp, 'inputs.ndjson');
    writeFileSync(file, `${logged.inputs.join('\n')}\n`);
    frame = (await readForModel(file, { registered: { ...NO_DATA_SETTINGS, format: 'ndjson' }, signature, model: `'${version.name}'@${version.version}`, onTypeMismatch: 'refuse', onSqlMisfit: 'refuse' })).frame;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const feedback = joinFeedback(registry, since, logged.ids);
  return { frame, times: logged.times, timeColumn: 'at', labels: feedback.labels, labelNotes: feedbackNotes(feedback), decided: logged.decisions, decidedClasses: logged.classDecisions, unreadable: logged.unreadable };
}
