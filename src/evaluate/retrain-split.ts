// Which rows of the new data the champion and the challenger are compared on: the most recent
// share by the time column when there is one (the challenger learns only from earlier rows),
// else a seeded random share. The choice is described in words for the summary.

import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { timeSplit, trainTestSplit } from '../data/split.js';

/** Rows each part needs at least, for a model to learn and a comparison to mean anything. */
export const MIN_PART_ROWS = 10;

export interface HoldoutSplit {
  /** Rows of the prepared frame the challenger learns from, ascending. */
  readonly train: Int32Array;
  /** Rows both models are scored on, ascending. */
  readonly test: Int32Array;
  readonly how: 'time' | 'random';
  /** The share asked for (the test part can differ slightly: ties in time never straddle the cut). */
  readonly share: number;
  readonly timeColumn: string | null;
  readonly seed: number | null;
  /** First and last time in each part (ISO text for dates), for a time split. */
  readonly trainPeriod: { readonly from: string; readonly to: string } | null;
  readonly testPeriod: { readonly from: string; readonly to: string } | null;
  /** One phrase: which rows were held out. */
  readonly description: string;
}

export interface SplitOptions {
  readonly share: number;
  readonly seed: number;
  /** Order rows by this column and hold out the latest; null for a random share. */
  readonly timeColumn: string | null;
}

/** `share` as given (text from the command line, or a number), checked to lie strictly between 0 and 1. */
export function checkHoldoutShare(given: number | string): number {
  const share = typeof given === 'number' ? given : given.trim() === '' ? Number.NaN : Number(given);
  if (!(share > 0 && share < 1)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--holdout must be a share between 0 and 1 (exclusive), got '${given}'.`, {
      hint: 'Use e.g. --holdout 0.25 to compare the models on the latest quarter of the new rows.',
      location: { field: '--holdout' },
    });
  }
  return share;
}

export function holdoutSplit(frame: Frame, options: SplitOptions): HoldoutSplit {
  checkHoldoutShare(options.share);
  const percent = `${Math.round(options.share * 1000) / 10}%`;
  let split: HoldoutSplit;
  if (options.timeColumn !== null) {
    const name = options.timeColumn;
    const column = frame.column(name);
    if (column.kind !== 'datetime' && column.kind !== 'numeric') {
      throw new FramewiseError('INVALID_ARGUMENT', `The time column '${name}' holds ${column.kind} values, so the new rows cannot be put in time order.`, {
        hint: `Read it as a date with --type ${name}=datetime, or leave the time column out (a random share is held out instead).`,
        location: { column: name },
      });
    }
    const missing = column.values.reduce((m, t) => m + (Number.isNaN(t) ? 1 : 0), 0);
    if (missing > 0) {
      throw new FramewiseError('INVALID_ARGUMENT', `The time column '${name}' is missing in ${missing} labelled row${missing === 1 ? '' : 's'} of the new data, so ${missing === 1 ? 'it' : 'they'} cannot be put in time order.`, {
        hint: 'Fill or drop the rows without a time (e.g. with --sql), or pass --time to order by another column.',
        location: { column: name },
      });
    }
    const { train, test } = timeSplit(column.values, options.share);
    const show = (t: number): string => (column.kind === 'datetime' ? new Date(t).toISOString().slice(0, 10) : String(t));
    const period = (rows: Int32Array): { from: string; to: string } => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of rows) {
        const t = column.values[r]!;
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      return { from: show(lo), to: show(hi) };
    };
    const testPeriod = period(test);
    split = {
      train,
      test,
      how: 'time',
      share: options.share,
      timeColumn: name,
      seed: null,
      trainPeriod: period(train),
      testPeriod,
      description: `the latest ${percent} of the new rows by '${name}' (${testPeriod.from} to ${testPeriod.to})`,
    };
  } else {
    const { train, test } = trainTestSplit(frame.rowCount, options.share, options.seed);
    split = { train, test, how: 'random', share: options.share, timeColumn: null, seed: options.seed, trainPeriod: null, testPeriod: null, description: `a random ${percent} of the new rows (seed ${options.seed}; no time column to hold out the latest)` };
  }
  if (split.train.length < MIN_PART_ROWS || split.test.length < MIN_PART_ROWS) {
    throw new FramewiseError('NO_DATA_ROWS', `The new data has ${frame.rowCount} labelled rows: ${split.train.length} to train the challenger and ${split.test.length} to compare on, and each part needs at least ${MIN_PART_ROWS}.`, {
      hint: 'Collect more labelled rows, or change --holdout.',
      location: { field: '--holdout' },
    });
  }
  return split;
}
