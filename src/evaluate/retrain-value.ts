// What the challenger's decisions are worth against the champion's on the same rows, at the
// champion's business figures and decision policy: value per decision of each, the gain per decision
// with a 95% interval (a mean of paired per-row differences), the monthly gain, and the months a
// retraining round takes to repay.

import type { BusinessSpec } from '../frame/card.js';
import { normalQuantile } from './interval.js';
import type { Predictions, Truth } from './oof.js';
import { canValueRegression, regressionCosts, regressionValueRule, regressionValues } from './value/boundary-value.js';
import { classDecisionValues, type ClassPolicy, classRuleOfCard, classRuleOfPolicy, classRuleText } from './value/class-decisions.js';

export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface ValueComparison {
  readonly currency: string;
  /** How a decision is valued, in words. */
  readonly rule: string;
  /** The probability at or above which the positive decision is taken (two classes only). */
  readonly threshold: number | null;
  readonly championPerDecision: number;
  readonly challengerPerDecision: number;
  /** Each model's value per decision with its 95% interval (the challenger's is its promise). */
  readonly perDecision: { readonly champion: Estimate; readonly challenger: Estimate };
  /** Challenger minus champion per decision, with its 95% interval. */
  readonly gainPerDecision: Estimate;
  readonly decisionsPerMonth: number | null;
  readonly gainPerMonth: Estimate | null;
  readonly retrainingCost: number | null;
  /** Months of gain that repay the round: at the estimate and at the interval's lower bound (null when that gain is not positive). */
  readonly paybackMonths: { readonly atEstimate: number | null; readonly atLowerBound: number | null } | null;
  /** Figures the card leaves out that were taken as 0 or assumed. */
  readonly assumptions: readonly string[];
}

/** The threshold two-class decisions are taken at, and where it came from (the champion's policy). */
export interface ValuePolicy {
  readonly threshold: number;
  /** Where the threshold came from, in words (e.g. "the card's decision"). */
  readonly source: string;
  /** True when nobody set it (the plain 0.5), which the value's assumptions then say. */
  readonly isDefault: boolean;
  /** Regression: the champion's boundary, at which both models' decisions are valued (null or absent: none). */
  readonly boundary?: number | null;
  /** Several classes: the champion's policy both models' rows are decided by; default the card's figures' rule (expected value under a cost matrix). */
  readonly classPolicy?: ClassPolicy;
}

export interface ValueResult {
  /** Null when the card gives no figures to value this task's decisions. */
  readonly value: ValueComparison | null;
  /** Card fields a money decision needs that are absent (empty when it can be made). */
  readonly missing: readonly string[];
}

export function compareValue(truth: Truth, champion: Predictions, challenger: Predictions, business: BusinessSpec | undefined, policy: ValuePolicy): ValueResult {
  const b = business ?? {};
  const missing: string[] = [];
  const assumptions: string[] = [];
  const valued = rowValues(truth, champion, challenger, b, policy, assumptions, missing);
  if (b.decisionsPerMonth === undefined) missing.push('business.decisionsPerMonth');
  if (b.retrainingCost === undefined) missing.push('business.retrainingCost');
  if (valued === null) return { value: null, missing };
  const { rule, threshold, championRows, challengerRows } = valued;
  const n = championRows.length;
  const diffs = Float64Array.from({ length: n }, (_, i) => challengerRows[i]! - championRows[i]!);
  const gain = meanEstimate(diffs);
  const volume = b.decisionsPerMonth ?? null;
  const gainPerMonth = volume === null ? null : { value: gain.value * volume, low: gain.low * volume, high: gain.high * volume };
  const cost = b.retrainingCost ?? null;
  const payback = (monthly: number): number | null => (cost === null ? null : cost === 0 ? 0 : monthly > 0 ? cost / monthly : null);
  return {
    value: {
      currency: b.currency ?? '',
      rule,
      threshold,
      championPerDecision: mean(championRows),
      challengerPerDecision: mean(challengerRows),
      perDecision: { champion: meanEstimate(championRows), challenger: meanEstimate(challengerRows) },
      gainPerDecision: gain,
      decisionsPerMonth: volume,
      gainPerMonth,
      retrainingCost: cost,
      paybackMonths: gainPerMonth === null || cost === null ? null : { atEstimate: payback(gainPerMonth.value), atLowerBound: payback(gainPerMonth.low) },
      assumptions,
    },
    missing,
  };
}

interface RowValues {
  readonly rule: string;
  readonly threshold: number | null;
  readonly championRows: Float64Array;
  readonly challengerRows: Float64Array;
}

/** The value of each row's decision under each model; null (with the missing field named) when the card cannot value them. */
function rowValues(truth: Truth, champion: Predictions, challenger: Predictions, b: BusinessSpec, policy: ValuePolicy, assumptions: string[], missing: string[]): RowValues | null {
  if (truth.kind === 'regression') {
    // At the champion's boundary only decisions on its wrong side cost; without one, every unit of error.
    const costs = regressionCosts(b, policy.boundary ?? null);
    if (!canValueRegression(costs) || champion.kind !== 'regression' || challenger.kind !== 'regression') {
      missing.push('business.costPerUnitError');
      return null;
    }
    return { rule: regressionValueRule(costs), threshold: null, championRows: regressionValues(truth.y, champion.values, costs), challengerRows: regressionValues(truth.y, challenger.values, costs) };
  }
  if (champion.kind !== 'classification' || challenger.kind !== 'classification') return null;
  const k = truth.classes.length;
  if (k === 2) {
    const o = b.outcomes;
    if (o === undefined) {
      missing.push('business.outcomes');
      return null;
    }
    const outcome = (field: keyof NonNullable<BusinessSpec['outcomes']>): number => {
      const v = o[field];
      if (v === undefined) assumptions.push(`business.outcomes.${field} is not given; taken as 0.`);
      return v ?? 0;
    };
    const tp = outcome('truePositive');
    const fp = outcome('falsePositive');
    const tn = outcome('trueNegative');
    const fn = outcome('falseNegative');
    const threshold = policy.threshold;
    if (policy.isDefault) assumptions.push(`No decision threshold is set (by the brief or the card); ${threshold} is used for both models.`);
    const p = truth.positive;
    const values = (pred: Predictions & { kind: 'classification' }): Float64Array =>
      Float64Array.from(truth.y, (y, i) => {
        const act = pred.probabilities[i * 2 + p]! >= threshold;
        return y === p ? (act ? tp : fn) : act ? fp : tn;
      });
    return { rule: `act when the probability of '${truth.classes[p]}' is at least ${threshold} (${policy.source})`, threshold, championRows: values(champion), challengerRows: values(challenger) };
  }
  const matrix = b.costMatrix;
  if (matrix === undefined) {
    missing.push('business.costMatrix');
    return null;
  }
  const cell = (actual: number, predicted: number): number => {
    const v = matrix[truth.classes[actual]!]?.[truth.classes[predicted]!];
    if (v === undefined) {
      const text = `business.costMatrix.${truth.classes[actual]}.${truth.classes[predicted]} is not given; taken as 0.`;
      if (!assumptions.includes(text)) assumptions.push(text);
      return 0;
    }
    return v;
  };
  // The policy's rule, as the business case, the promise and the server decide (class-decisions.ts).
  const rule = policy.classPolicy === undefined ? classRuleOfCard(b, undefined, truth.classes) : classRuleOfPolicy(policy.classPolicy, truth.classes);
  const values = (pred: Predictions & { kind: 'classification' }): Float64Array => classDecisionValues(truth.y, pred, k, cell, rule);
  return { rule: classRuleText(rule), threshold: null, championRows: values(champion), challengerRows: values(challenger) };
}

/** Mean with a normal 95% interval from the standard error (the rows are the paired differences). */
export function meanEstimate(xs: Float64Array): Estimate {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { value: m, low: Number.NaN, high: Number.NaN };
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  const half = normalQuantile(0.975) * Math.sqrt(ss / (n - 1) / n);
  return { value: m, low: m - half, high: m + half };
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? Number.NaN : s / xs.length;
}
