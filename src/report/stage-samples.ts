// Which stages of an assessment ran on a sample of the rows, in one short line each, for the
// brief and the terminal (e.g. "Models scored on a stratified sample of 200,000 of 10,000,000 rows").

import type { Assessment } from '../evaluate/assessment.js';
import { describeSample } from '../evaluate/stage-sample.js';

const WHAT: Readonly<Record<string, string>> = {
  'feature-power': 'Feature power measured',
  bar: 'The non-ML bar scored',
  'learning-curve': 'Learning curve drawn',
};

/** One line per sampled stage (none for small data); the bar shares the models' line when they share the rows. */
export function sampleLines(a: Assessment): string[] {
  const stages = a.stages ?? [];
  const sampled = stages.filter((s) => s.sampled);
  if (sampled.length === 0) return [];
  const n = (x: number): string => x.toLocaleString('en-US');
  const models = stages.filter((s) => s.stage.startsWith('model:'));
  const scored = models.find((s) => s.sampled);
  const bar = sampled.find((s) => s.stage === 'bar');
  const lines: string[] = [];
  for (const s of sampled) {
    if (WHAT[s.stage] === undefined || (s.stage === 'bar' && scored !== undefined && scored.rows === s.rows)) continue;
    lines.push(`${describeSample(WHAT[s.stage]!, s.rows, s.of, s.how)}.`);
  }
  if (scored !== undefined) {
    const what = bar !== undefined && bar.rows === scored.rows ? 'The bar and the models scored (same rows, same folds)' : 'Models scored';
    lines.unshift(`${describeSample(what, scored.rows, scored.of, scored.how)}.`);
  }
  const trained = models.filter((s) => s.trainingRows !== undefined);
  const name = (stage: string): string => a.leaderboard.find((e) => e.id === stage)?.name ?? stage.slice('model:'.length);
  if (trained.length > 0 && scored !== undefined) lines.push(`Training rows of each fold: ${trained.map((s) => `${name(s.stage)} ${n(s.trainingRows!)}`).join(', ')}.`);
  const lift = a.lift.overBestBaseline ?? a.lift.overPrior;
  if (lift) lines.push(`Intervals come from the rows actually used (the lift's bootstrap from ${n(lift.rows)} of them).`);
  return lines;
}

/**
 * Why a model's out-of-fold predictions cover fewer rows than are labelled, when the models were
 * scored on a sample (null when they were not): "a stratified sample of 162,125 of the rows".
 * Rows fewer still than the sample are the model's own shortfall, said as well.
 */
export function sampledCoverageReason(a: Assessment, counted: number): string | null {
  const scored = (a.stages ?? []).find((s) => s.stage.startsWith('model:') && s.sampled && s.rows < s.of);
  if (scored === undefined) return null;
  const n = scored.rows.toLocaleString('en-US');
  const sample = scored.how === 'time-ordered' ? `the most recent ${n} rows` : `a ${scored.how ?? 'random'} sample of ${n} rows`;
  const why = `the models were scored on ${sample}, as the time budget planned`;
  return counted >= scored.rows ? why : `${why}, and this model ran on fewer folds than the others or some rows could not be scored`;
}
