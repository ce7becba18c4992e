// The availability question beside the verdict: when a feature alone has very high power, the
// headline asks whether it is known at the moment of prediction, whatever the verdict, so a
// near-copy of the label never reads as "a rule is enough" (or "use ML") without that question.

import type { VouchedFeatures } from '../frame/vouched-features.js';
import type { FeaturePowerResult } from './feature-power.js';
import { type LeakSuspect, powerGrade } from './leakage.js';
import type { Truth } from './oof.js';
import { metricInfo } from './task-metrics.js';
import type { Verdict } from './verdict.js';

/** The features whose power alone raises the question (near-perfect or very strong), strongest first. */
export function questionedFeatures(suspects: readonly LeakSuspect[]): string[] {
  return [...new Set(suspects.filter((s) => s.kind === 'near-perfect' || s.kind === 'very-strong').map((s) => s.feature))];
}

/**
 * The verdict with the question added to its headline by name. A verdict that already stops at
 * the leak (fix-data-first on leakage) asks it plainly; any other asks it before acting on it.
 */
export function withAvailabilityQuestion(verdict: Verdict, suspects: readonly LeakSuspect[]): Verdict {
  const features = questionedFeatures(suspects);
  if (features.length === 0) return verdict;
  const names = listed(features.map((f) => `'${f}'`));
  const known = `${features.length === 1 ? 'is' : 'are'} ${names} known at the moment of prediction?`;
  const asked = verdict.verdict === 'fix-data-first' && verdict.names === 'leakage' ? `${known[0]!.toUpperCase()}${known.slice(1)}` : `Before acting on this: ${known}`;
  return { ...verdict, headline: `${verdict.headline} ${asked}` };
}

/**
 * A note for each feature the card vouches for whose power alone would otherwise raise the
 * question, so its strength is still seen and why it was not questioned is said.
 */
export function vouchedNotes(power: FeaturePowerResult, truth: Truth, vouched: VouchedFeatures): string[] {
  const notes: string[] = [];
  for (const row of power.rows) {
    const why = vouched.get(row.feature);
    if (why === undefined || powerGrade(row, power.rules.get(row.feature), truth) === null) continue;
    notes.push(`'${row.feature}' alone reaches ${metricInfo(row.singleFeatureScore.metric).label} ${row.singleFeatureScore.mean.toFixed(3)}, which would raise the question whether it is known at prediction time; ${why}, so it is taken as a real feature.`);
  }
  return notes;
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}
