// Decision drift: the share of positive decisions at the policy threshold in the current window,
// tested against the reference share (the promise's, else the reference sample's at the same
// threshold) with a two-sided two-proportion z-test.

import { chiSquaredSf } from './special/gamma.js';

/** Decision drift is called at p below this, as the default drift tests do. */
export const DECISION_DRIFT_ALPHA = 0.05;

export interface DecisionDrift {
  /** The policy in words, with its source. */
  readonly policy: string;
  readonly threshold: number;
  readonly positiveClass: string;
  readonly current: { readonly rows: number; readonly positive: number; readonly rate: number };
  /** `promise`: the out-of-fold share recorded at registration; `reference-sample`: the model on its training sample now. */
  readonly reference: { readonly rows: number; readonly rate: number; readonly source: 'promise' | 'reference-sample' };
  readonly test: 'two-proportion-z';
  /** z, positive when the current share is higher. */
  readonly statistic: number;
  readonly pValue: number;
  readonly alpha: number;
  readonly drifted: boolean;
}

/** Rows whose positive-class probability is at least `threshold`. */
export function positiveDecisions(probabilities: Float64Array, classes: number, positive: number, threshold: number): number {
  let count = 0;
  const rows = probabilities.length / classes;
  for (let i = 0; i < rows; i++) if (probabilities[i * classes + positive]! >= threshold) count++;
  return count;
}

/**
 * Two-sided two-proportion z-test with the pooled share; p = P(χ²₁ > z²). Equal shares of 0 or 1
 * on both sides have no spread and give z = 0, p = 1.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { readonly statistic: number; readonly pValue: number } {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { statistic: 0, pValue: 1 };
  const z = (x2 / n2 - x1 / n1) / se;
  return { statistic: z, pValue: chiSquaredSf(z * z, 1) };
}

export interface DecisionDriftInput {
  readonly policy: string;
  readonly threshold: number;
  readonly positiveClass: string;
  readonly current: { readonly rows: number; readonly positive: number };
  readonly reference: { readonly rows: number; readonly rate: number; readonly source: 'promise' | 'reference-sample' };
}

export function decisionDrift(input: DecisionDriftInput): DecisionDrift {
  const { current, reference } = input;
  const x1 = Math.round(reference.rate * reference.rows);
  const test = twoProportionTest(x1, reference.rows, current.positive, current.rows);
  return {
    policy: input.policy,
    threshold: input.threshold,
    positiveClass: input.positiveClass,
    current: { rows: current.rows, positive: current.positive, rate: current.positive / current.rows },
    reference,
    test: 'two-proportion-z',
    statistic: test.statistic,
    pValue: test.pValue,
    alpha: DECISION_DRIFT_ALPHA,
    drifted: test.pValue < DECISION_DRIFT_ALPHA,
  };
}
