// A framed problem: the card (read from framewise.yaml, or made from a data file and --target),
// its data loaded with the team's rules as extra columns, the task, and which columns are
// features, each left-out column with the reason.

import { basename, extname } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { suggestionHint } from '../core/suggest.js';
import type { Frame } from '../data/frame.js';
import { type LoadOptions, loadFrame } from '../data/load.js';
import type { FileFormat } from '../data/file-format.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { Card } from './card.js';
import { readCard } from './card-file.js';
import { inferTask, type TaskChoice } from './task.js';
import { checkTargetSpread } from './target-spread.js';
import { refuseNoUsableFeatures, typeLeftOut } from './usable-features.js';

export interface TeamRuleColumn {
  readonly name: string;
  /** The frame column holding the rule's output for each row. */
  readonly column: string;
  readonly sql: string;
  readonly output: 'class' | 'score' | 'number';
  readonly note?: string;
}

export interface LeftOut {
  readonly name: string;
  readonly reason: string;
}

export interface Problem {
  readonly name: string;
  readonly card: Card;
  readonly cardPath: string | null;
  readonly cardText: string | null;
  readonly source: { readonly file: string; readonly format: FileFormat; readonly sql: string | null };
  readonly frame: Frame;
  readonly target: string | readonly string[] | null;
  readonly task: TaskChoice;
  /** Columns models may learn from. */
  readonly features: readonly string[];
  /** Columns that are not features, each with the reason. */
  readonly leftOut: readonly LeftOut[];
  /** Features the card marks as unknown at prediction time (left out), with the card's note. */
  readonly unavailable: readonly { readonly name: string; readonly note: string | null }[];
  readonly rules: readonly TeamRuleColumn[];
  readonly idColumn: string | null;
  readonly timeColumn: string | null;
  /** Why a numeric target that is trained anyway may disappoint (nearly constant; see target-spread.ts). */
  readonly targetWarning?: string;
}

export type ProblemInput =
  | { readonly card: string; readonly progress?: ProgressSink }
  | { readonly data: string; readonly target?: string | null; readonly sql?: string; readonly load?: LoadOptions; readonly progress?: ProgressSink };

export const RULE_COLUMN_PREFIX = 'rule: ';

export async function loadProblem(input: ProblemInput): Promise<Problem> {
  let card: Card;
  let dataFile: string;
  let cardPath: string | null = null;
  let cardText: string | null = null;
  let extraLoad: LoadOptions = {};
  if ('card' in input) {
    const loaded = readCard(input.card);
    card = loaded.card;
    dataFile = loaded.dataFile;
    cardPath = loaded.path;
    cardText = loaded.text;
  } else {
    dataFile = input.data;
    card = {
      name: basename(input.data, extname(input.data)),
      // The missing strings it is read with, so later checks (and a registered card) know them.
      data: { file: input.data, ...(input.sql === undefined ? {} : { sql: input.sql }), ...(input.load?.missing === undefined ? {} : { missing: [...input.load.missing] }) },
      ...(input.target === undefined ? {} : { target: input.target }),
    };
    extraLoad = input.load ?? {};
  }
  const rules: TeamRuleColumn[] = (card.rules ?? []).map((r) => ({
    name: r.name,
    column: `${RULE_COLUMN_PREFIX}${r.name}`,
    sql: r.sql,
    output: r.output ?? 'class',
    ...(r.note === undefined ? {} : { note: r.note }),
  }));
  const loaded = await loadFrame(dataFile, {
    ...extraLoad,
    ...(card.data.format === undefined ? {} : { format: card.data.format as FileFormat }),
    ...(card.data.delimiter === undefined ? {} : { delimiter: card.data.delimiter }),
    ...(card.data.header === undefined ? {} : { header: card.data.header }),
    ...(card.data.missing === undefined ? {} : { missing: card.data.missing }),
    ...(card.data.types === undefined ? {} : { types: card.data.types as Record<string, SemanticType> }),
    ...(card.data.sql === undefined ? {} : { sql: card.data.sql, sqlOrigin: cardPath === null ? { what: 'the --sql query', field: '--sql' } : { what: "the card's data.sql", field: 'data.sql' } }),
    derived: rules.map((r, i) => ({ name: r.column, expression: r.sql, field: `rules[${i}].sql`, origin: { what: `rule '${r.name}' in the card (rules[${i}].sql)`, field: `rules[${i}].sql` } })),
    ...(input.progress === undefined ? {} : { progress: input.progress }),
  });
  // `--target a,b,c` names several label columns (multi-label), unless a column is named so.
  if (typeof card.target === 'string' && card.target.includes(',') && !loaded.frame.has(card.target)) card = { ...card, target: card.target.split(',').map((t) => t.trim()).filter((t) => t !== '') };
  const target = card.target ?? null;
  const frame = rulesInTargetWords(loaded.frame, typeof target === 'string' ? target : null, rules);
  checkNamedColumns(card, frame, cardPath ?? dataFile);
  const task = inferTask(frame, target, card.task, card.labelDelimiter);
  const { features, leftOut, unavailable } = chooseFeatures(card, frame, rules);
  // Refused here, before any command trains, so train, assess and brief say the same thing.
  refuseNoUsableFeatures(features, leftOut, cardPath ?? dataFile);
  const single = task.task === 'regression' || task.task === 'binary' || task.task === 'multiclass' ? task.task : null;
  const targetWarning = single !== null && typeof target === 'string' ? checkTargetSpread(frame, target, single, cardPath ?? dataFile) : null;
  return {
    name: card.name ?? basename(dataFile, extname(dataFile)),
    card,
    cardPath,
    cardText,
    source: { file: dataFile, format: loaded.format, sql: card.data.sql ?? null },
    frame,
    target,
    task,
    features,
    leftOut,
    unavailable,
    rules,
    idColumn: card.id ?? null,
    timeColumn: card.time ?? null,
    ...(targetWarning === null ? {} : { targetWarning }),
  };
}

/** Every column the card names must exist; all missing ones are reported together. */
function checkNamedColumns(card: Card, frame: Frame, where: string): void {
  const named: { field: string; name: string }[] = [];
  const target = card.target;
  if (typeof target === 'string') named.push({ field: 'target', name: target });
  else if (Array.isArray(target)) target.forEach((t, i) => named.push({ field: `target[${i}]`, name: t }));
  if (card.id) named.push({ field: 'id', name: card.id });
  if (card.time) named.push({ field: 'time', name: card.time });
  if (card.referenceColumn) named.push({ field: 'referenceColumn', name: card.referenceColumn });
  card.features?.include?.forEach((f, i) => named.push({ field: `features.include[${i}]`, name: f }));
  card.features?.exclude?.forEach((f, i) => named.push({ field: `features.exclude[${i}]`, name: f }));
  Object.keys(card.features?.notes ?? {}).forEach((f) => named.push({ field: `features.notes.${f}`, name: f }));
  const missing = named.filter((n) => !frame.has(n.name));
  if (missing.length === 0) return;
  throw new FramewiseError(
    missing.length === 1 && missing[0]!.field === 'target' && !card.rules ? 'COLUMN_NOT_FOUND' : 'CARD_INVALID',
    `'${where}' names column${missing.length > 1 ? 's' : ''} the data does not have: ${missing.map((m) => `${m.field} = '${m.name}'`).join('; ')}.`,
    { hint: missing.map((m) => `${m.name}: ${suggestionHint(m.name, frame.names)}`).join(' '), location: { file: where, field: missing[0]!.field, column: missing[0]!.name } },
  );
}

/**
 * A class rule written as a condition (`unhappy AND inactive`) gives true/false; when the target
 * keeps its own words (yes/no), the rule's decisions are read in them, so they name its classes.
 */
function rulesInTargetWords(frame: Frame, target: string | null, rules: readonly TeamRuleColumn[]): Frame {
  if (target === null || !frame.has(target)) return frame;
  const label = frame.column(target);
  if (label.kind !== 'boolean' || label.words === undefined) return frame;
  let out = frame;
  for (const r of rules) {
    if (r.output !== 'class' || !frame.has(r.column)) continue;
    const column = frame.column(r.column);
    if (column.kind === 'boolean' && column.words === undefined) out = out.withColumn({ ...column, words: label.words }, frame.typeOf(r.column));
  }
  return out;
}

function chooseFeatures(card: Card, frame: Frame, rules: readonly TeamRuleColumn[]): { features: string[]; leftOut: LeftOut[]; unavailable: { name: string; note: string | null }[] } {
  const leftOut: LeftOut[] = [];
  const reasons = new Map<string, string>();
  const targets = card.target === null || card.target === undefined ? [] : Array.isArray(card.target) ? card.target : [card.target as string];
  for (const t of targets) reasons.set(t, 'the target');
  if (card.id) reasons.set(card.id, 'the id column');
  if (card.time) reasons.set(card.time, 'the time column (used to order rows, not as a feature)');
  if (card.referenceColumn) reasons.set(card.referenceColumn, card.task === 'anomaly' ? 'the column of known anomalies' : 'the reference column for clusters');
  for (const r of rules) reasons.set(r.column, `the output of team rule '${r.name}'`);
  const unavailable: { name: string; note: string | null }[] = [];
  for (const [name, note] of Object.entries(card.features?.notes ?? {})) {
    if (note.availableAtPrediction === false) {
      unavailable.push({ name, note: note.note ?? null });
      if (!reasons.has(name)) reasons.set(name, `not available at prediction time${note.note ? ` (${note.note})` : ''}`);
    }
  }
  for (const name of card.features?.exclude ?? []) if (!reasons.has(name)) reasons.set(name, 'excluded in the card');
  const include = card.features?.include;
  const features: string[] = [];
  for (const column of frame.columns) {
    const reason = reasons.get(column.name) ?? (include && !include.includes(column.name) ? 'not in features.include' : undefined);
    if (reason !== undefined) {
      leftOut.push({ name: column.name, reason });
      continue;
    }
    const byType = typeLeftOut(frame, column.name);
    if (byType !== undefined) {
      leftOut.push({ name: column.name, reason: byType });
      continue;
    }
    features.push(column.name);
  }
  return { features, leftOut, unavailable };
}
