// Feedback's label checked against the model that made the prediction: a classifier's label must
// be one of its classes, compared as the data writes them (`yes` is not `true`); a regression's a
// finite number. Monitoring can only use such labels, so anything else is refused with the classes.

import type { ServeContext } from './context.js';
import { RequestError } from './http-errors.js';
import type { LoggedModel } from './log-reader.js';
import { classesOf, type LoadedModel } from './model-cache.js';
import { stringProblem } from './request-values.js';

/** The classes listed in a message: `'no', 'yes'` (the first 20, then how many in all). */
function listed(classes: readonly string[]): string {
  const shown = classes.slice(0, 20).map((c) => JSON.stringify(c)).join(', ');
  return classes.length > 20 ? `${shown}, … (${classes.length} in all)` : shown;
}

/** Refuses a label the predicting model cannot be judged by; other tasks (clusters, anomalies, label sets) pass. */
export function checkFeedbackLabel(ctx: ServeContext, made: LoggedModel, label: string | number | boolean): void {
  // Stored and exported with the log whatever the task: text the log's readers cannot take is refused first.
  const bad = typeof label === 'string' ? stringProblem(label) : undefined;
  if (bad !== undefined) throw new RequestError('REQUEST_INVALID', 'The label is not text the log can keep.', [{ field: 'label', problem: bad }]);
  let loaded: LoadedModel;
  try {
    loaded = ctx.cache.version(made.model, made.version);
  } catch {
    // The version is gone from the registry: nothing to check the label against, and nothing lost by keeping it.
    return;
  }
  const task = loaded.model.task;
  const what = `${loaded.name} v${loaded.version}`;
  if (task === 'binary' || task === 'multiclass') {
    const classes = classesOf(loaded.model);
    if (classes === undefined || classes.includes(String(label))) return;
    throw new RequestError(
      'REQUEST_INVALID',
      `The label ${JSON.stringify(label)} is not a class of ${what}: its classes are ${listed(classes)}.`,
      [{ field: 'label', problem: `expected one of the classes ${listed(classes)}, as the training data writes them; got ${JSON.stringify(label)}` }],
      'Send the true outcome spelled as in the training data (the "probabilities" keys of a prediction name every class).',
    );
  }
  if (task === 'regression') {
    const n = typeof label === 'number' ? label : typeof label === 'string' && label.trim() !== '' ? Number(label) : Number.NaN;
    if (Number.isFinite(n)) return;
    throw new RequestError('REQUEST_INVALID', `The label ${JSON.stringify(label)} is not a number: ${what} predicts a number.`, [
      { field: 'label', problem: `expected a finite number (the true value of ${loaded.info.target ?? 'the target'}); got ${JSON.stringify(label)}` },
    ]);
  }
}
