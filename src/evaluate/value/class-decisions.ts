// How a decision between more than two classes is taken and valued, the one rule every stage uses:
// under a cost matrix each row gets the class with the highest expected value (the `expected-value`
// policy), without one its most likely class; the decision is then priced by the cost matrix.

import { type CostMatrixCells, expectedValueClass, mostLikelyClass } from '../../frame/decision-rules.js';
import type { BusinessSpec, DecisionSpec } from '../../frame/card.js';
import type { Predictions } from '../oof.js';

/**
 * How a multiclass model's rows are decided: by expected value under the policy's cost matrix
 * (`classes` name the matrix's rows and columns in the predictions' order), or the most likely class.
 */
export type ClassRule =
  | { readonly kind: 'expected-value'; readonly costMatrix: CostMatrixCells; readonly classes: readonly string[] }
  | { readonly kind: 'most-likely' };

/** The rule in words when each row gets its most likely class. */
export const CLASS_DECISION_RULE = 'each row gets its most likely class (the decision policy), valued by the cost matrix';
/** The rule in words under a cost matrix. */
export const EXPECTED_VALUE_RULE = 'each row gets the class with the highest expected value under the cost matrix (the decision policy), valued by the cost matrix';

/** The rule in words, for reports that say how decisions were valued. */
export function classRuleText(rule: ClassRule): string {
  return rule.kind === 'expected-value' ? EXPECTED_VALUE_RULE : CLASS_DECISION_RULE;
}

/** A decision policy as far as the rule needs it (a registered DecisionPolicy fits): its kind and, for `expected-value`, its matrix. */
export interface ClassPolicy {
  readonly kind: string;
  readonly costMatrix?: CostMatrixCells | null;
}

/** The rule a decision policy stands for: the registered policy decides, not the card's figures alone. */
export function classRuleOfPolicy(policy: ClassPolicy, classes: readonly string[]): ClassRule {
  return policy.kind === 'expected-value' && policy.costMatrix != null && Object.keys(policy.costMatrix).length > 0 ? { kind: 'expected-value', costMatrix: policy.costMatrix, classes } : { kind: 'most-likely' };
}

/**
 * The rule a card sets by itself, as its policy does (registry's policyFromCard): top-k is
 * valued at each row's most likely class; otherwise a cost matrix decides by expected value.
 */
export function classRuleOfCard(business: BusinessSpec | undefined, decision: DecisionSpec | undefined, classes: readonly string[]): ClassRule {
  const matrix = business?.costMatrix;
  if ((decision?.output === 'top-k' && decision.k !== undefined) || matrix === undefined || Object.keys(matrix).length === 0) return { kind: 'most-likely' };
  return { kind: 'expected-value', costMatrix: matrix, classes };
}

/** The class a row of probabilities (K classes from `offset`) is decided as under the rule. */
export function ruleClass(rule: ClassRule, probabilities: ArrayLike<number>, offset: number, K: number): number {
  return rule.kind === 'expected-value' ? expectedValueClass(probabilities, offset, rule.classes, rule.costMatrix) : mostLikelyClass(probabilities, offset, K);
}

/**
 * The class a row is decided as: a candidate that gives hard classes only (a team rule's `class`
 * output: not calibrated) keeps its own class; every other is decided from its probabilities by
 * the rule. A hard-class candidate that names no class on a row is decided from its even shares.
 */
export function decidedClass(p: Predictions & { kind: 'classification' }, i: number, k: number, rule: ClassRule = { kind: 'most-likely' }): number {
  const own = p.labels[i]!;
  if (!p.calibrated && own >= 0) return own;
  return ruleClass(rule, p.probabilities, i * k, k);
}

/**
 * The value of each row's decision: `cell(actual, decided)` for the row's true class and its
 * decided class. `y` and `p` are aligned row for row.
 */
export function classDecisionValues(y: ArrayLike<number>, p: Predictions, k: number, cell: (actual: number, predicted: number) => number, rule: ClassRule = { kind: 'most-likely' }): Float64Array {
  if (p.kind !== 'classification') throw new Error('classification predictions expected');
  return Float64Array.from({ length: y.length }, (_, i) => cell(y[i]!, decidedClass(p, i, k, rule)));
}

/** The mean value per decision under the same rule (NaN on no rows). */
export function classDecisionValue(y: ArrayLike<number>, p: Predictions, k: number, cell: (actual: number, predicted: number) => number, rule: ClassRule = { kind: 'most-likely' }): number {
  const values = classDecisionValues(y, p, k, cell, rule);
  let total = 0;
  for (const v of values) total += v;
  return values.length === 0 ? Number.NaN : total / values.length;
}
