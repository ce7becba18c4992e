// The one rule that picks the threshold a binary model decides at, for the brief's value, its
// confusion matrix, its promise and every stage after it: the card's static threshold, else the
// threshold with the most value when the card prices the outcomes, else the card's, else the best
// out-of-fold F1 when 0.5 would flag no row or positives are rare, else 0.5.

import type { BusinessSpec, DecisionSpec } from '../../frame/card.js';

/** Where the threshold came from (the names a registered decision policy uses for its source). */
export type ThresholdSource = 'brief-best-value' | 'brief-best-f1' | 'card-static' | 'card' | 'default';

export interface OperatingThreshold {
  /** Act when the positive class's probability is at least this. */
  readonly threshold: number;
  readonly source: ThresholdSource;
}

/** The threshold of the most likely class, used when neither the card nor its figures choose one. */
export const DEFAULT_THRESHOLD = 0.5;

/**
 * The threshold decisions are taken at. A static threshold is baked into the labels and the
 * product, so it stands even when another would be worth more; otherwise priced outcomes choose
 * the threshold with the most value (`bestThreshold`, from the out-of-fold profit curve).
 */
export function operatingThreshold(decision: DecisionSpec | undefined, business: BusinessSpec | undefined, bestThreshold: number, bestF1Threshold: number | null = null): OperatingThreshold {
  const card = decision?.threshold;
  if (card !== undefined && decision?.thresholdMode === 'static') return { threshold: card, source: 'card-static' };
  if (pricesOutcomes(business)) return { threshold: bestThreshold, source: 'brief-best-value' };
  if (card !== undefined) return { threshold: card, source: 'card' };
  if (bestF1Threshold !== null) return { threshold: bestF1Threshold, source: 'brief-best-f1' };
  return { threshold: DEFAULT_THRESHOLD, source: 'default' };
}

/**
 * Whether, with no threshold and no prices on the card, the best-F1 threshold should stand in for
 * 0.5: when 0.5 would flag no row (a model that never acts promises nothing a monitor can check),
 * or when positives are rare (PR AUC heads the problem), where 0.5 sits far above useful scores.
 */
export function wantsBestF1(flaggedAtDefault: number, mainMetric: string): boolean {
  return flaggedAtDefault === 0 || mainMetric === 'pr_auc';
}

/** True when the card gives the value of at least one binary outcome. */
export function pricesOutcomes(business: BusinessSpec | undefined): boolean {
  const o = business?.outcomes;
  return o !== undefined && Object.values(o).some((v) => v !== undefined);
}

/**
 * A threshold a policy can hold for a profit-curve point: the point's own, or, for the point that
 * flags nothing (an infinite threshold, which JSON cannot carry), the next whole number above
 * every score, so that no row is flagged.
 */
export function finiteThreshold(threshold: number, scores: ArrayLike<number>): number {
  if (Number.isFinite(threshold)) return threshold;
  let top = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > top) top = scores[i]!;
  return Math.floor(top) + 1;
}
