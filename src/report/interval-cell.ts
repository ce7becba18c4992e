// A candidate's 95% interval as a table shows it, and the caption's word on rows that have none
// (a candidate the time budget stopped after one fold, or a metric undefined on the folds), so no
// row sits under a caption promising an interval it does not show.

import type { CandidateScore } from '../evaluate/assessment.js';

/** `low to high`, or why there is none. */
export function intervalCell(c: CandidateScore, metric: string, folds: number, join = ' to '): string {
  const m = c.metrics[metric];
  if (m === undefined) return 'none: not measured';
  if (Number.isFinite(m.low) && Number.isFinite(m.high)) return `${m.low.toFixed(3)}${join}${m.high.toFixed(3)}`;
  return c.foldsRun < 2 ? `none: ${c.foldsRun} of ${folds} ${folds === 1 ? 'fold' : 'folds'}` : 'none: undefined on the folds';
}

/** The candidate's name, saying when the time budget cut its folds short. */
export function candidateLabel(c: CandidateScore, folds: number): string {
  return c.cutShort || c.foldsRun < folds ? `${c.name} (ran ${c.foldsRun} of ${folds} folds: cut short by the time budget)` : c.name;
}

/** A sentence for the caption naming the rows without an interval, or null when every row has one. */
export function missingIntervals(candidates: readonly CandidateScore[], metric: string): string | null {
  const without = candidates.filter((c) => {
    const m = c.metrics[metric];
    return m === undefined || !(Number.isFinite(m.low) && Number.isFinite(m.high));
  });
  if (without.length === 0) return null;
  const names = without.map((c) => c.name);
  return `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} no interval: an interval across folds needs at least two.`;
}
