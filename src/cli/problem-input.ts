// Commands that take "a card or a data file with --target": one place that tells which it is
// and loads the framed problem.

import { FramewiseError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { isCardPath } from '../frame/card-file.js';
import { loadProblem, type Problem } from '../frame/problem.js';
import { type DataFlags, loadOptionsFrom } from './data-options.js';

export interface ProblemFlags extends DataFlags {
  readonly target?: string;
}

export async function problemFromArguments(input: string, flags: ProblemFlags, progress: ProgressSink): Promise<Problem> {
  if (isCardPath(input)) {
    if (flags.target !== undefined || flags.sql !== undefined) {
      throw new FramewiseError('INVALID_ARGUMENT', `--target and --sql go with a data file; '${input}' is a problem card, which names them itself.`, {
        hint: 'Edit the card\'s `target` and `data.sql`, or pass the data file instead of the card.',
        location: { field: flags.target !== undefined ? '--target' : '--sql' },
      });
    }
    return loadProblem({ card: input, progress });
  }
  if (flags.target === undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `Which column should be predicted? '${input}' is a data file, so --target is needed.`, {
      hint: `Run: framewise ... ${input} --target <column>  (or write a card with: framewise init ${input} --target <column>)`,
      location: { field: '--target' },
    });
  }
  const load = loadOptionsFrom(flags);
  return loadProblem({ data: input, target: flags.target, ...(flags.sql === undefined ? {} : { sql: flags.sql }), load, progress });
}

/** The --budget option as seconds; anything but a positive number is refused. */
export function parseBudget(text: string): number;
export function parseBudget(text: string | undefined): number | undefined;
/** The --budget flag in seconds; absent, undefined, so the card's assess.budgetSeconds (else the default) applies. */
export function parseBudget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const budget = Number(text);
  if (!(budget > 0)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--budget must be a positive number of seconds, got '${text}'.`, { hint: 'For example --budget 60.', location: { field: '--budget' } });
  }
  return budget;
}
