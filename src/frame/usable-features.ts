// Which columns a model can learn from by their type alone, and the one refusal every command
// (train, assess, brief) gives when no column is left: each column named with why it was left out.

import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { capitalized } from '../core/capitalize.js';

export interface LeftOutColumn {
  readonly name: string;
  readonly reason: string;
}

/** Why a column cannot be a feature by its inferred type (identifier, constant or empty, free text); undefined when it can. */
export function typeLeftOut(frame: Frame, name: string): string | undefined {
  const type = frame.typeOf(name);
  if (type.type === 'identifier' || type.type === 'constant' || type.type === 'text') return `${type.type}: ${type.reason}`;
  return undefined;
}

/** Refuses (NO_USABLE_FEATURES) when `features` is empty, listing every left-out column and what to do; `where` names the card or data file. */
export function refuseNoUsableFeatures(features: readonly string[], leftOut: readonly LeftOutColumn[], where: string): void {
  if (features.length > 0) return;
  const lines = leftOut.map((l) => `  - ${l.name}: ${l.reason}`);
  const message =
    leftOut.length === 0
      ? `No column is left to learn from in '${where}': the data has no columns besides the target.`
      : `No column is left to learn from in '${where}': all ${leftOut.length} column${leftOut.length === 1 ? ' was' : 's were'} left out.\n${lines.join('\n')}`;
  throw new FramewiseError('NO_USABLE_FEATURES', message, {
    hint: hintFor(leftOut),
    location: { file: where, field: 'features', ...(leftOut[0] === undefined ? {} : { column: leftOut[0].name }) },
  });
}

/** What to do, for each kind of reason present: a model needs at least one varying column known at prediction time. */
function hintFor(leftOut: readonly LeftOutColumn[]): string {
  const has = (test: (reason: string) => boolean): LeftOutColumn[] => leftOut.filter((l) => test(l.reason));
  const advice: string[] = [];
  const ids = has((r) => r.startsWith('identifier:'));
  if (ids.length > 0) advice.push(`if ${quoted(ids)} carries meaning (a code shared by many rows, not a row's name), read it as categories: --type ${ids[0]!.name}=categorical (data.types in a card)`);
  const constant = has((r) => r.startsWith('constant:'));
  if (constant.length > 0) advice.push(`${quoted(constant)} hold${constant.length === 1 ? 's' : ''} one value or none: check the file, the --sql or data.sql filter and the missing-value strings (--missing, data.missing)`);
  const text = has((r) => r.startsWith('text:'));
  if (text.length > 0) advice.push(`free text such as ${quoted(text)} is left out; to learn from it as categories: --type ${text[0]!.name}=categorical`);
  const card = has((r) => r === 'excluded in the card' || r === 'not in features.include' || r.startsWith('not available at prediction time'));
  if (card.length > 0) advice.push(`the card leaves out ${quoted(card)}: edit features.include, features.exclude or features.notes.<column>.availableAtPrediction`);
  advice.push('a model needs at least one column, besides the target, id and time, that varies and is known when the prediction is made; add such columns to the data');
  return `${capitalized(advice.join('; '))}.`;
}

function quoted(columns: readonly LeftOutColumn[]): string {
  const shown = columns.slice(0, 4).map((c) => `'${c.name}'`);
  return columns.length > 4 ? `${shown.join(', ')} and ${columns.length - 4} more` : shown.join(', ');
}
