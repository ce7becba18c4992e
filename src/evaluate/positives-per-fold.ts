// Readiness of the folds for a yes/no target: does each fold's test part hold enough positive
// rows to be scored? Said plainly, with the count in each fold and what to do, when they do not;
// and an error when a fold's training part lacks a class altogether.

import { FramewiseError } from '../core/errors.js';
import type { Fold } from '../data/split.js';
import type { CheckStatus, ReadinessCheck } from '../profile/readiness.js';
import type { Truth } from './oof.js';

/**
 * Positives a test fold needs for its ranking scores (PR AUC, ROC AUC) to mean something: with
 * fewer, one row more or less at the top moves a fold's PR AUC by a tenth or more.
 */
export const MIN_POSITIVES_PER_FOLD = 10;

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The positives in each fold's test part (binary truth only). */
export function positivesPerFold(truth: Truth & { kind: 'classification' }, folds: readonly Fold[]): number[] {
  return folds.map((f) => {
    let n = 0;
    for (const r of f.test) if (truth.y[r] === truth.positive) n++;
    return n;
  });
}

/**
 * The check, for a two-class target; null for other targets, and when `always` is false and every
 * fold holds enough (the check is then shown only where the positives are rare).
 */
export function positivesPerFoldCheck(truth: Truth, folds: readonly Fold[], foldKind: string, always: boolean): ReadinessCheck | null {
  if (truth.kind !== 'classification' || truth.classes.length !== 2 || folds.length === 0) return null;
  const counts = positivesPerFold(truth, folds);
  const positive = truth.classes[truth.positive]!;
  let total = 0;
  for (const c of truth.y) if (c === truth.positive) total++;
  const least = Math.min(...counts);
  const most = Math.max(...counts);
  const status: CheckStatus = least === 0 ? 'fail' : least < MIN_POSITIVES_PER_FOLD ? 'warn' : 'pass';
  if (status === 'pass' && !always) return null;
  const k = folds.length;
  const range = least === most ? `${fmt(least)}` : `${fmt(least)} to ${fmt(most)}`;
  const evidence = { positiveClass: positive, positives: total, folds: k, positivesPerFold: counts, minimumPerFold: MIN_POSITIVES_PER_FOLD };
  if (status === 'pass') {
    return { id: 'positives-per-fold', title: 'Positives in every test fold', status, message: `Each of the ${k} test folds holds ${range} rows of '${positive}' (${fmt(total)} in all): enough to score every fold (at least ${MIN_POSITIVES_PER_FOLD} each).`, evidence };
  }
  // Fewer folds put more positives in each: the most folds that still give the minimum each.
  const fit = Math.floor(total / MIN_POSITIVES_PER_FOLD);
  const fewer = fit >= 2 && fit < k ? `use fewer folds (assess: folds: ${fit} in the card gives about ${fmt(Math.floor(total / fit))} in each${foldKind === 'time-ordered' ? ', fewer where positives cluster in time' : ''}) or ` : '';
  const needed = MIN_POSITIVES_PER_FOLD * k;
  const what = `${fewer}gather more labelled rows of '${positive}': ${fmt(needed)} positives fill ${k} folds with ${MIN_POSITIVES_PER_FOLD} each${fit < 2 ? `, and at least ${fmt(2 * MIN_POSITIVES_PER_FOLD)} are needed for any two-fold check` : ''}`;
  const plain =
    status === 'fail'
      ? `The folds cannot all be scored: ${counts.filter((c) => c === 0).length} of the ${k} test folds hold no row of '${positive}' (each holds ${range}; ${fmt(total)} in all), so PR AUC and ROC AUC are undefined there.`
      : `The folds cannot be scored reliably: the ${k} test folds hold only ${range} rows of '${positive}' each (${fmt(total)} in all), fewer than the ${MIN_POSITIVES_PER_FOLD} a fold needs, so each fold's PR AUC and ROC AUC swing with one or two rows and the intervals are wide.`;
  return { id: 'positives-per-fold', title: 'Positives in every test fold', status, message: `${plain} To fix it, ${what}.`, evidence };
}

/**
 * The error for folds whose training part holds no row of some class: no learner can fit one
 * class, so the assessment cannot go on. Happens with time-ordered folds when a class appears
 * only late (stratified folds put every class in every training part). Null when all can learn.
 */
export function unlearnableFoldsError(truth: Truth, folds: readonly Fold[], foldKind: string, timeColumn: string | null): FramewiseError | null {
  if (truth.kind !== 'classification' || folds.length === 0) return null;
  const k = truth.classes.length;
  for (let c = 0; c < k; c++) {
    const without = folds.filter((f) => !f.train.some((r) => truth.y[r] === c));
    if (without.length === 0) continue;
    const label = truth.classes[c]!;
    const order = foldKind === 'time-ordered' ? ` in time order${timeColumn === null ? '' : ` by '${timeColumn}'`}` : '';
    // Expanding windows: fold f learns from the first (f + 1) / (k + 1) of the rows, so with k'
    // folds the first learns from 1 / (k' + 1); that reaches the class when it is no less than the
    // share of the first fold that does now.
    const first = folds.findIndex((f) => !without.includes(f));
    const fit = first < 0 ? 0 : Math.floor((folds.length + 1) / (first + 1)) - 1;
    const fewer = foldKind === 'time-ordered' && fit >= 2 ? `, or use fewer folds (assess: folds: ${fit} in the card) so the first training part reaches the first '${label}'` : '';
    return new FramewiseError(
      'INVALID_ARGUMENT',
      `${without.length} of the ${folds.length} folds${order} learn from rows with no '${label}' (folds ${without.map((f) => f.fold + 1).join(', ')}): the earlier rows hold none, so no model can learn to tell '${label}' apart there and the folds cannot be scored.`,
      {
        hint: `Gather labelled rows of '${label}' from earlier times${fewer}${foldKind === 'time-ordered' ? ", or leave out the time order (the card's time:) if later rows may teach about earlier ones" : ''}.`,
        location: { field: 'assess.folds' },
      },
    );
  }
  return null;
}
