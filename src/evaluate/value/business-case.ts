// The business case: what the chosen model's decisions are worth against the best non-ML bar
// and against doing nothing, at the card's volume, with thresholds and ROI. Every figure the
// card leaves out is listed as an assumption, never invented.

import type { BusinessSpec, DecisionSpec } from '../../frame/card.js';
import type { CvResult } from '../cross-validate.js';
import { commonRows, type Predictions, takePredictions, takeTruth, type Truth } from '../oof.js';
import { DEFAULT_THRESHOLD, finiteThreshold, operatingThreshold, pricesOutcomes, type ThresholdSource, wantsBestF1 } from './decision-policy.js';
import { chooseLabelThresholds } from '../label-thresholds.js';
import { chooseMainMetric } from '../main-metric.js';
import { type OutcomeValues, profitCurve, type ThresholdPoint, thinCurve, valueAtThreshold } from './profit-curve.js';
import { computeRoi, type Roi } from './roi.js';
import { type BarCandidate, type BarValue, rowsInCommon, valueBars } from './bar-values.js';
import { boundaryDecisions, canValueRegression, regressionCosts, regressionValuePerDecision, regressionValueRule } from './boundary-value.js';
import { isAboveBoundary } from '../../frame/decision-rules.js';
import { classDecisionValue, classRuleOfCard } from './class-decisions.js';

export interface Assumption {
  readonly field: string;
  readonly text: string;
}

export interface ThresholdAnalysis {
  readonly positiveClass: string;
  readonly best: ThresholdPoint;
  readonly fixed: ThresholdPoint | null;
  /** The point the decisions are taken at: the policy's threshold (see decision-policy.ts). */
  readonly operating: ThresholdPoint;
  /** Where the operating threshold came from. */
  readonly source: ThresholdSource;
  /** Best minus fixed, per decision and per month. */
  readonly leftOnTable: { readonly perDecision: number; readonly perMonth: number | null } | null;
  readonly mode: 'static' | 'dynamic' | null;
  readonly consequence: string;
  readonly curve: readonly ThresholdPoint[];
}

export interface BusinessCase {
  readonly currency: string;
  readonly decisionsPerMonth: number | null;
  /** Rows the values were measured on (out-of-fold rows both model and bar predicted). */
  readonly rows: number;
  readonly model: { readonly name: string; readonly perDecision: number | null; readonly perMonth: number | null };
  /** The approach the model is compared with: the most valuable of `bars` when they are valued. */
  readonly bar: { readonly name: string; readonly perDecision: number | null; readonly perMonth: number | null };
  /** Every non-ML approach valued on the same rows, most valuable first (empty without figures). */
  readonly bars: readonly BarValue[];
  /** The id of the most valuable approach in `bars`, or null. */
  readonly bestBar: string | null;
  readonly nothing: { readonly perDecision: number | null; readonly perMonth: number | null; readonly meaning: string } | null;
  readonly thresholds: ThresholdAnalysis | null;
  /**
   * Regression: error cost of model and bar per decision (with a boundary, the cost of decisions on
   * its wrong side; without figures, in the target's units), decisions changed at the boundary,
   * and the card's figures the cost was priced with.
   */
  readonly errors: {
    readonly modelCostPerDecision: number;
    readonly barCostPerDecision: number;
    readonly boundary: number | null;
    readonly decisionsChangedShare: number | null;
    readonly modelRightShare: number | null;
    readonly barRightShare: number | null;
    /** The card's cost figures as given (null where absent) and the rule they price a decision by, in words (null when unpriced). */
    readonly costs?: { readonly costPerUnitError: number | null; readonly overPredictionCostPerUnit: number | null; readonly underPredictionCostPerUnit: number | null; readonly rule: string | null };
  } | null;
  readonly roi: Roi;
  readonly inputs: Readonly<Record<string, number | string | null>>;
  readonly assumptions: readonly Assumption[];
  readonly successMetric: string | null;
  readonly modelMetric: string | null;
}

export interface BusinessInputs {
  readonly truth: Truth;
  readonly model: CvResult;
  readonly bar: CvResult;
  /** Every non-ML approach, to value each and compare the model with the most valuable. */
  readonly bars?: readonly BarCandidate[];
  /** The best model's run on half the training rows, to value a retraining round. */
  readonly half: CvResult | null;
  readonly business: BusinessSpec | undefined;
  readonly decision: DecisionSpec | undefined;
}

/**
 * The out-of-fold best-F1 threshold (the multi-label rule, on one label) when 0.5 would flag no
 * row or positives are rare (decision-policy.ts: wantsBestF1); null otherwise.
 */
function bestF1Threshold(full: Truth, positive: readonly boolean[], scores: ArrayLike<number>): number | null {
  let flagged = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= DEFAULT_THRESHOLD) flagged++;
  if (!wantsBestF1(flagged, chooseMainMetric('binary', full).metric)) return null;
  const matrix = { labels: ['positive'], probabilities: Float64Array.from(scores), truth: Uint8Array.from(positive, (p) => (p ? 1 : 0)) };
  const rows = Uint32Array.from({ length: scores.length }, (_, i) => i);
  return chooseLabelThresholds(matrix, rows, undefined).thresholds['positive']!;
}

export function businessCase(input: BusinessInputs): BusinessCase {
  const b = input.business ?? {};
  const assumptions: Assumption[] = [];
  const need = <T>(value: T | undefined, field: string, text: string): T | null => {
    if (value === undefined) {
      assumptions.push({ field, text });
      return null;
    }
    return value;
  };
  const volume = need(b.decisionsPerMonth, 'business.decisionsPerMonth', 'Decisions per month are not given, so values are shown per decision only.');
  const perMonth = (v: number | null): number | null => (v === null || volume === null ? null : v * volume);
  const rows = input.bars === undefined ? commonRows(input.model.tested, input.bar.tested) : rowsInCommon([input.model, input.bar, ...input.bars.map((c) => c.result)]);
  const barValues = input.bars === undefined ? [] : valueBars({ truth: input.truth, rows, bars: input.bars, business: input.business, boundary: input.decision?.boundary ?? null, decision: input.decision });
  const bestBar = barValues[0] ?? null;
  // The bar's own predictions (regression errors) come from the approach compared with.
  const barResult = input.bars?.find((c) => c.id === bestBar?.id)?.result ?? input.bar;
  const k = input.truth.kind === 'regression' ? 1 : input.truth.classes.length;
  const truth = takeTruth(input.truth, rows);
  const model = takePredictions(input.model.oof, rows, k);
  const bar = takePredictions(barResult.oof, rows, k);

  let modelValue: number | null = null;
  let barValue: number | null = null;
  let nothing: BusinessCase['nothing'] = null;
  let thresholds: ThresholdAnalysis | null = null;
  let errors: BusinessCase['errors'] = null;
  let halfValue: number | null = null;

  if (truth.kind === 'classification' && truth.classes.length === 2) {
    const o = b.outcomes ?? {};
    const values: OutcomeValues = {
      truePositive: need(o.truePositive, 'business.outcomes.truePositive', 'The value of a correct positive decision is not given; taken as 0.') ?? 0,
      falsePositive: need(o.falsePositive, 'business.outcomes.falsePositive', 'The cost of a false alarm is not given; taken as 0.') ?? 0,
      trueNegative: need(o.trueNegative, 'business.outcomes.trueNegative', 'The value of a correct negative decision is not given; taken as 0.') ?? 0,
      falseNegative: need(o.falseNegative, 'business.outcomes.falseNegative', 'The cost of a missed positive is not given; taken as 0.') ?? 0,
    };
    const anyValue = b.outcomes !== undefined;
    const positive = Array.from(truth.y, (c) => c === truth.positive);
    const scores = positiveScores(model, k, truth.positive);
    const curve = profitCurve(positive, scores, values);
    const barCurve = profitCurve(positive, positiveScores(bar, k, truth.positive), values);
    const fixedThreshold = input.decision?.threshold;
    const fixed = fixedThreshold === undefined ? null : valueAtThreshold(positive, scores, fixedThreshold, values);
    const mode = input.decision?.thresholdMode ?? null;
    if (mode === null) assumptions.push({ field: 'decision.thresholdMode', text: 'The card does not say whether the threshold is static or dynamic.' });
    // The one threshold rule: the value, the confusion matrix and the promise are all taken here.
    const policy = operatingThreshold(input.decision, b, finiteThreshold(curve.best.threshold, scores), bestF1Threshold(input.truth, positive, scores));
    const operating = policy.source === 'brief-best-value' ? { ...curve.best, threshold: policy.threshold } : valueAtThreshold(positive, scores, policy.threshold, values);
    thresholds = {
      positiveClass: truth.classes[truth.positive]!,
      best: curve.best,
      fixed,
      operating,
      source: policy.source,
      // Only priced outcomes make one threshold worth more than another.
      leftOnTable: fixed === null || !pricesOutcomes(b) ? null : { perDecision: curve.best.valuePerDecision - fixed.valuePerDecision, perMonth: perMonth(curve.best.valuePerDecision - fixed.valuePerDecision) },
      mode,
      consequence:
        mode === 'dynamic'
          ? 'The application sets the threshold at run time, so it can move as costs or volumes change without retraining; the labels stay the true outcome.'
          : mode === 'static'
            ? 'The threshold is baked into the labels and the product: changing it later means relabelling and retraining, so choose it carefully now.'
            : 'Decide whether the threshold is fixed in the product (static) or set by the application later (dynamic): a dynamic one can follow changing costs without retraining.',
      curve: thinCurve(curve),
    };
    // Each run at its own best threshold when the best-value rule chose it, else all at the policy's.
    const halfThreshold = policy.source === 'brief-best-value' ? undefined : policy.threshold;
    if (anyValue) {
      modelValue = operating.valuePerDecision;
      barValue = barCurve.best.valuePerDecision;
      const none = curve.points[0]!;
      nothing = { perDecision: none.valuePerDecision, perMonth: perMonth(none.valuePerDecision), meaning: `never act (treat every case as not '${truth.classes[truth.positive]}')` };
      if (input.half) {
        // Both models on the rows the half-data run tested, so the difference is like for like.
        const half = binaryValueOn(input.half.oof, input.half.tested, input.truth, k, values, halfThreshold);
        const full = binaryValueOn(input.model.oof, input.half.tested, input.truth, k, values, halfThreshold);
        if (half !== null && full !== null) halfValue = modelValue - (full - half);
      }
    }
  } else if (truth.kind === 'classification') {
    const matrix = b.costMatrix;
    if (matrix === undefined) assumptions.push({ field: 'business.costMatrix', text: 'No cost matrix is given, so decisions between classes cannot be valued.' });
    else {
      const value = (actual: number, predicted: number): number => {
        const v = matrix[truth.classes[actual]!]?.[truth.classes[predicted]!];
        if (v === undefined) {
          const field = `business.costMatrix.${truth.classes[actual]}.${truth.classes[predicted]}`;
          if (!assumptions.some((a) => a.field === field)) assumptions.push({ field, text: `No value for predicting '${truth.classes[predicted]}' when the truth is '${truth.classes[actual]}'; taken as 0.` });
          return 0;
        }
        return v;
      };
      // The policy's rule: by expected value under the matrix (most likely class under top-k).
      const rule = classRuleOfCard(b, input.decision, truth.classes);
      modelValue = classDecisionValue(truth.y, model, k, value, rule);
      barValue = classDecisionValue(truth.y, bar, k, value, rule);
      if (input.half) {
        const half = input.half;
        const hRows = half.tested;
        halfValue = classDecisionValue(takeTruth(input.truth, hRows).y as Int32Array, takePredictions(half.oof, hRows, k), k, value, rule) - classDecisionValue(takeTruth(input.truth, hRows).y as Int32Array, takePredictions(input.model.oof, hRows, k), k, value, rule) + (modelValue ?? 0);
      }
    }
  } else if (truth.kind === 'regression' && model.kind === 'regression' && bar.kind === 'regression') {
    const boundary = input.decision?.boundary ?? null;
    // With a boundary only decisions on its wrong side cost (boundary-value.ts); without one, every unit of error.
    const costs = regressionCosts(b, boundary);
    const priced = canValueRegression(costs);
    if (!priced) assumptions.push({ field: 'business.costPerUnitError', text: boundary === null ? "No cost per unit of error is given, so errors are shown in the target's units only." : `No cost per unit of error is given, so decisions on the wrong side of the boundary ${boundary} are counted but not valued.` });
    // Without figures the error is still shown in the target's units (a unit cost of 1).
    const shown = priced ? costs : { ...costs, over: 1, under: 1 };
    const cost = (y: Float64Array, p: Float64Array): number => -regressionValuePerDecision(y, p, shown);
    let changed = 0;
    if (boundary !== null) for (let i = 0; i < truth.y.length; i++) if (isAboveBoundary(model.values[i]!, boundary) !== isAboveBoundary(bar.values[i]!, boundary)) changed++;
    const n = truth.y.length;
    errors = {
      modelCostPerDecision: cost(truth.y, model.values),
      barCostPerDecision: cost(truth.y, bar.values),
      boundary,
      decisionsChangedShare: boundary === null ? null : changed / n,
      modelRightShare: boundary === null ? null : boundaryDecisions(truth.y, model.values, boundary).sideAccuracy,
      barRightShare: boundary === null ? null : boundaryDecisions(truth.y, bar.values, boundary).sideAccuracy,
      costs: { costPerUnitError: b.costPerUnitError ?? null, overPredictionCostPerUnit: b.overPredictionCostPerUnit ?? null, underPredictionCostPerUnit: b.underPredictionCostPerUnit ?? null, rule: priced ? regressionValueRule(costs) : null },
    };
    if (priced) {
      modelValue = -errors.modelCostPerDecision;
      barValue = -errors.barCostPerDecision;
      if (input.half) {
        const hRows = input.half.tested;
        const hy = takeTruth(input.truth, hRows);
        const hHalf = takePredictions(input.half.oof, hRows, 1);
        const hFull = takePredictions(input.model.oof, hRows, 1);
        if (hy.kind === 'regression' && hHalf.kind === 'regression' && hFull.kind === 'regression') halfValue = modelValue - (cost(hy.y, hHalf.values) - cost(hy.y, hFull.values));
      }
    }
  }

  if (bestBar !== null) barValue = bestBar.perDecision;
  const build = need(b.buildCost, 'business.buildCost', 'The one-off build cost is not given, so no payback period is shown.');
  const running = need(b.monthlyRunningCost, 'business.monthlyRunningCost', 'The monthly running cost is not given; taken as 0 in the net gain.');
  const retraining = need(b.retrainingCost, 'business.retrainingCost', 'The cost of a retraining round is not given, so whether one pays for itself is not shown.');
  const roi = computeRoi({
    modelPerMonth: perMonth(modelValue),
    alternativePerMonth: perMonth(barValue),
    buildCost: build,
    monthlyRunningCost: running,
    retrainingCost: retraining,
    lastImprovementPerMonth: modelValue !== null && halfValue !== null ? perMonth(modelValue - halfValue) : null,
  });
  return {
    currency: b.currency ?? '',
    decisionsPerMonth: volume,
    rows: rows.length,
    model: { name: input.model.name, perDecision: modelValue, perMonth: perMonth(modelValue) },
    bar: { name: bestBar?.name ?? input.bar.name, perDecision: barValue, perMonth: perMonth(barValue) },
    bars: barValues,
    bestBar: bestBar?.id ?? null,
    nothing,
    thresholds,
    errors,
    roi,
    inputs: {
      decisionsPerMonth: volume,
      buildCost: build,
      monthlyRunningCost: running,
      retrainingCost: retraining,
      labellingCostPerRow: b.labellingCostPerRow ?? null,
      // Regression: the figures a predicted number is priced with, and the boundary it is decided at.
      costPerUnitError: b.costPerUnitError ?? null,
      overPredictionCostPerUnit: b.overPredictionCostPerUnit ?? null,
      underPredictionCostPerUnit: b.underPredictionCostPerUnit ?? null,
      boundary: truth.kind === 'regression' ? (input.decision?.boundary ?? null) : null,
      currency: b.currency ?? null,
      source: b.source ?? null,
    },
    assumptions,
    successMetric: need(b.successMetric, 'business.successMetric', 'The business success metric is not named; the brief cannot tie the model metric to it.'),
    modelMetric: b.modelMetric ?? null,
  };
}

function positiveScores(p: Predictions, k: number, positive: number): Float64Array {
  if (p.kind !== 'classification') throw new Error('classification predictions expected');
  return Float64Array.from({ length: p.labels.length }, (_, i) => p.probabilities[i * k + positive]!);
}

/** Value per decision of predictions on the given rows, at the fixed threshold or the best one. */
function binaryValueOn(oof: Predictions, rows: Int32Array, truth: Truth, k: number, values: OutcomeValues, fixedThreshold: number | undefined): number | null {
  const t = takeTruth(truth, rows);
  if (t.kind !== 'classification') return null;
  const positive = Array.from(t.y, (c) => c === t.positive);
  const scores = positiveScores(takePredictions(oof, rows, k), k, t.positive);
  return fixedThreshold === undefined ? profitCurve(positive, scores, values).best.valuePerDecision : valueAtThreshold(positive, scores, fixedThreshold, values).valuePerDecision;
}
