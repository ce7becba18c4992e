// Which stages of an assessment ran on a sample of the rows, in one short line each, for the
// brief and the terminal (e.g. "Models scored on a stratified sample of 200,000 of 10,000,000 rows").

import type { Assessment } from '../evaluate/assessment.js';
import { describeSample } from '../evaluate/stage-sample.js';

const WHAT: Readonly<Record<string, string>> = {
  'feature-power': 'Feature power measured',
  bar: 'The non-ML bar scored',
  models: 'Models scored',
  'learning-curve': 'Learning curve drawn',
};

/** One line per sampled stage (none for small data); the bar and the models share a line when they share the rows. */
export function sampleLines(a: Assessment): string[] {
  const sampled = (a.stages ?? []).filter((s) => s.sampled && WHAT[s.stage] !== undefined);
  const bar = sampled.find((s) => s.stage === 'bar');
  const models = sampled.find((s) => s.stage === 'models');
  const lines: string[] = [];
  for (const s of sampled) {
    if (s.stage === 'bar' && models !== undefined && models.rows === s.rows) continue;
    const what = s.stage === 'models' && bar !== undefined && bar.rows === s.rows ? 'The bar and the models scored (same rows, same folds)' : WHAT[s.stage]!;
    lines.push(`${describeSample(what, s.rows, s.of, s.how)}.`);
  }
  const lift = a.lift.overBestBaseline ?? a.lift.overPrior;
  if (lines.length > 0 && lift) lines.push(`Intervals come from the rows actually used (the lift's from ${lift.rows.toLocaleString('en-US')} of them).`);
  return lines;
}
