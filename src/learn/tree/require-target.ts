// The check every supervised tree learner makes first: a target was named and the frame has it.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';

export function requireTarget(frame: Frame, target: string | undefined, estimator: string): string {
  if (target === undefined || target === '') {
    throw new FramewiseError('INVALID_ARGUMENT', `${estimator} learns from a target column, and none was named.`, {
      hint: 'Name the column to predict (--target NAME).',
    });
  }
  frame.column(target);
  if (frame.rowCount === 0) {
    throw new FramewiseError('NO_DATA_ROWS', `There are no rows to train ${estimator} on.`, { hint: 'Check the data file or the --sql filter.' });
  }
  return target;
}
