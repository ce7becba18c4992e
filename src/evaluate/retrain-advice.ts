// The retraining rule: whether a challenger's lift over the champion is real (its 95% interval
// excludes zero) and, when the card gives the figures, whether the gain repays a retraining
// round within a few months even at the lower bound of its interval. Stated in plain words.

import type { Lift } from './bootstrap-lift.js';
import type { ValueComparison } from './retrain-value.js';
import { metricInfo } from './task-metrics.js';

/** A round must repay itself within this many months, at the lower bound of the monthly gain. */
export const PAYBACK_HORIZON_MONTHS = 3;

export type RetrainVerdict = 'retrain' | 'not-enough-evidence' | 'champion-better' | 'does-not-pay' | 'lift-too-small';

export interface RetrainAdvice {
  readonly verdict: RetrainVerdict;
  /** 'money' when the card's figures decided; 'metric' when they are absent and the lift alone did. */
  readonly basis: 'money' | 'metric';
  readonly horizonMonths: number;
  /** The smallest lift that matters (the card's assess.minimumLift or the default); decides only on the metric basis. */
  readonly minimumLift: number;
  /** One or two sentences a leader reads. */
  readonly reason: string;
  /** Why the decision is on the metric only, when it is. */
  readonly metricOnlyBecause: string | null;
}

export interface AdviceInput {
  readonly lift: Lift;
  readonly value: ValueComparison | null;
  /** Card fields absent for a money decision. */
  readonly missing: readonly string[];
  readonly minimumLift: number;
  /** False when the champion was registered without a problem card (so no business figures at all). */
  readonly hasCard: boolean;
  readonly horizonMonths?: number;
}

export function adviseRetraining(input: AdviceInput): RetrainAdvice {
  const horizon = input.horizonMonths ?? PAYBACK_HORIZON_MONTHS;
  const { lift } = input;
  const label = metricInfo(lift.metric).label;
  const v = input.value;
  const money = v !== null && v.gainPerMonth !== null && v.paybackMonths !== null && v.retrainingCost !== null;
  const basis: RetrainAdvice['basis'] = money ? 'money' : 'metric';
  const metricOnlyBecause = money ? null : input.hasCard ? `the card does not give ${input.missing.join(', ')}` : 'the champion was registered without a problem card, so there are no business figures';
  const liftText = `${signed(lift.value)} ${label}, 95% interval ${signed(lift.low)} to ${signed(lift.high)}`;
  const advice = (verdict: RetrainVerdict, reason: string): RetrainAdvice => ({ verdict, basis, horizonMonths: horizon, minimumLift: input.minimumLift, reason, metricOnlyBecause });
  if (![lift.value, lift.low, lift.high].every(Number.isFinite)) {
    return advice('not-enough-evidence', `The ${label} cannot be measured on the compared rows (for instance, they hold one class only), so there is no evidence either way. Keep the champion; compare on more rows (a larger --holdout).`);
  }
  if (!(lift.high >= 0)) return advice('champion-better', `The challenger is worse than the champion on the same rows (${liftText}). Keep the champion.`);
  if (!(lift.low > 0)) return advice('not-enough-evidence', `Not enough evidence that the challenger is better (${liftText}): the interval includes zero. Keep the champion and compare again with more labelled rows.`);
  if (money) {
    const gain = v.gainPerMonth!;
    const cur = v.currency === '' ? '' : ` ${v.currency}`;
    const low = v.paybackMonths!.atLowerBound;
    if (!(gain.low > 0)) {
      return advice('does-not-pay', `The challenger is better (${liftText}), but its decisions gain ${amount(gain.value)}${cur} a month (95% interval ${amount(gain.low)} to ${amount(gain.high)}), which could be nothing at the card's figures. A retraining round (${amount(v.retrainingCost!)}${cur}) is not shown to pay.`);
    }
    if (low === null || low > horizon) {
      return advice('does-not-pay', `The challenger is better (${liftText}) and gains at least ${amount(gain.low)}${cur} a month, but that repays the ${amount(v.retrainingCost!)}${cur} retraining round only in ${months(low)}, beyond ${horizon} months.`);
    }
    return advice('retrain', `The challenger is better (${liftText}) and gains ${amount(gain.value)}${cur} a month (at least ${amount(gain.low)}), so the ${amount(v.retrainingCost!)}${cur} retraining round repays itself in ${months(v.paybackMonths!.atEstimate)} (${months(low)} at the lower bound, within ${horizon}).`);
  }
  // Without a retraining cost the round's payback is unknown, but the decisions' value may still be
  // known: a challenger whose decisions are worth less than the champion's does not pay, whatever its metric.
  if (v !== null && Number.isFinite(v.gainPerDecision.value) && v.gainPerDecision.value < 0) {
    const cur = v.currency === '' ? '' : ` ${v.currency}`;
    const g = v.gainPerDecision;
    return advice('does-not-pay', `The challenger is better (${liftText}), but its decisions are worth ${perDecision(-g.value)}${cur} less each than the champion's (95% interval of the gain ${perDecision(g.low)} to ${perDecision(g.high)}) at the card's figures, so retraining does not pay; decided on the metric and the value per decision, since ${metricOnlyBecause}.`);
  }
  if (lift.value < input.minimumLift) {
    return advice('lift-too-small', `The challenger is better (${liftText}), but by less than the ${input.minimumLift} that matters; decided on the metric only, since ${metricOnlyBecause}.`);
  }
  return advice('retrain', `The challenger is better (${liftText}), at least the ${input.minimumLift} that matters; decided on the metric only, since ${metricOnlyBecause}.`);
}

/** The verdict as a short headline. */
export function verdictHeadline(verdict: RetrainVerdict): string {
  switch (verdict) {
    case 'retrain':
      return 'retraining pays: promote the challenger if you agree';
    case 'not-enough-evidence':
      return 'not enough evidence: keep the champion';
    case 'champion-better':
      return 'the champion is better: keep it';
    case 'does-not-pay':
      return 'better, but retraining does not pay for itself: keep the champion';
    case 'lift-too-small':
      return 'better, but by too little to matter: keep the champion';
  }
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const text = Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(1) : x.toFixed(3);
  return x > 0 ? `+${text}` : text;
}

function amount(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function perDecision(x: number): string {
  return x.toFixed(2);
}

function months(m: number | null): string {
  if (m === null) return 'never';
  if (m === 0) return 'no time (it costs nothing)';
  return m < 0.1 ? 'under a tenth of a month' : `${m.toFixed(1)} month${m.toFixed(1) === '1.0' ? '' : 's'}`;
}
