// What each non-ML approach is worth in money, on the same out-of-fold rows as the model: team
// rules, the best one-feature rule, the prior and doing nothing, so the model is compared with
// the most valuable of them rather than with whichever scored the best metric.

import type { BusinessSpec, DecisionSpec } from '../../frame/card.js';
import type { CvResult } from '../cross-validate.js';
import { commonRows, takePredictions, takeTruth, type Truth } from '../oof.js';
import { canValueRegression, regressionCosts, regressionValuePerDecision } from './boundary-value.js';
import { classRuleOfCard, decidedClass } from './class-decisions.js';
import { type OutcomeValues, profitCurve, valueAtThreshold } from './profit-curve.js';

export type BarKind = 'prior' | 'one-feature-rule' | 'team-rule' | 'nothing';

/** A non-ML approach as the assessment ran it, with how it turns its output into decisions. */
export interface BarCandidate {
  readonly id: string;
  readonly name: string;
  readonly kind: Exclude<BarKind, 'nothing'>;
  readonly result: CvResult;
  /** The rule in words, as the team wrote it or as it was found. */
  readonly description?: string;
  /**
   * `class`: valued by the classes it gives (a team `class` rule). `score`: two classes, valued at
   * the threshold on its score that is worth the most (score rules, the one-feature rule); more
   * classes are decided by the policy's rule, as the model's are (class-decisions.ts: expected value
   * under the cost matrix; the prior thus decides one class everywhere). A
   * two-class prior acts on every case or none, whichever its share makes worth more.
   */
  readonly decides: 'class' | 'score';
  /** A score rule's raw score per frame row; its result clamps scores into [0, 1] for the metrics. */
  readonly scores?: Float64Array;
  /** One-feature rules: the rule in words as it decides on `rows`, or null when it decides one class everywhere. */
  readonly describeDecisions?: (rows: Int32Array, acted: readonly boolean[], threshold: number) => string | null;
}

/** One approach's value, as brief.json lists it under `business.bars`. */
export interface BarValue {
  readonly id: string;
  readonly name: string;
  readonly kind: BarKind;
  /** How it decides, in words (a team rule's SQL, a found rule as it acts, "never act"). */
  readonly description: string | null;
  readonly perDecision: number;
  readonly perMonth: number | null;
  /** The threshold on its score it is valued at (score rules and one-feature rules); null otherwise. */
  readonly threshold: number | null;
}

export interface BarValuesInput {
  readonly truth: Truth;
  /** The out-of-fold rows to value on: those the model and every approach predicted. */
  readonly rows: Int32Array;
  readonly bars: readonly BarCandidate[];
  readonly business: BusinessSpec | undefined;
  /** Regression: the card's decision boundary, at which numbers are valued (null or absent: none). */
  readonly boundary?: number | null;
  /** The card's decision (a top-k policy values each row's most likely class). */
  readonly decision?: DecisionSpec | undefined;
}

/** Rows every result predicted (the model's and each approach's tested rows in common). */
export function rowsInCommon(results: readonly CvResult[]): Int32Array {
  let rows = results[0]!.tested;
  for (const r of results.slice(1)) rows = commonRows(rows, r.tested);
  return rows;
}

/**
 * The value per decision of every approach the card's figures can price, most valuable first
 * (ties go to the simpler approach: doing nothing, the prior, team rules, the one-feature rule).
 * Empty when the card gives no figures for this task: outcomes for two classes, a cost matrix
 * for more, a cost per unit of error for numbers (or, at a boundary, outcomes).
 */
export function valueBars(input: BarValuesInput): BarValue[] {
  const b = input.business ?? {};
  const volume = b.decisionsPerMonth ?? null;
  const month = (v: number): number | null => (volume === null ? null : v * volume);
  const truth = takeTruth(input.truth, input.rows);
  const k = truth.kind === 'regression' ? 1 : truth.classes.length;
  const out: BarValue[] = [];
  const add = (id: string, name: string, kind: BarKind, description: string | null, perDecision: number, threshold: number | null): void => {
    out.push({ id, name, kind, description, perDecision, perMonth: month(perDecision), threshold });
  };

  if (truth.kind === 'classification' && k === 2) {
    if (b.outcomes === undefined) return [];
    const o = b.outcomes;
    // Figures the card leaves out count 0, as in the business case (which lists them as assumptions).
    const values: OutcomeValues = { truePositive: o.truePositive ?? 0, falsePositive: o.falsePositive ?? 0, trueNegative: o.trueNegative ?? 0, falseNegative: o.falseNegative ?? 0 };
    const positive = Array.from(truth.y, (c) => c === truth.positive);
    const pos = truth.classes[truth.positive]!;
    const neg = truth.classes[1 - truth.positive]!;
    const never = profitCurve(positive, new Float64Array(positive.length), values).points[0]!;
    add('nothing', 'doing nothing', 'nothing', `never act (treat every case as not '${pos}')`, never.valuePerDecision, null);
    for (const c of input.bars) {
      const p = takePredictions(c.result.oof, input.rows, k);
      if (p.kind !== 'classification') continue;
      if (c.decides === 'class') {
        const acted = Array.from(p.labels, (l) => (l === truth.positive ? 1 : 0));
        add(c.id, c.name, c.kind, c.description ?? null, valueAtThreshold(positive, acted, 0.5, values).valuePerDecision, null);
        continue;
      }
      if (c.kind === 'prior') {
        // The prior knows only the share of the positive class in its training rows: it acts on
        // every case or on none, whichever that share makes worth more (per fold, no search on
        // the tested rows).
        const acted = Array.from(input.rows, (_, i) => {
          const q = p.probabilities[i * 2 + truth.positive]!;
          return q * values.truePositive + (1 - q) * values.falsePositive > q * values.falseNegative + (1 - q) * values.trueNegative;
        });
        const value = valueAtThreshold(positive, acted.map((x) => (x ? 1 : 0)), 0.5, values).valuePerDecision;
        const all = acted.every(Boolean);
        const none = !acted.some(Boolean);
        const cls = all ? pos : neg;
        add(c.id, all || none ? `always '${cls}'` : c.name, 'prior', all || none ? `the prior: decide '${cls}' for every case` : `the prior: act on every case or on none, as the share of '${pos}' in the training rows makes worth more`, value, null);
        continue;
      }
      const raw = c.scores;
      // A missing score acts on nobody: it sorts below every real score.
      const scores = raw === undefined ? Float64Array.from(input.rows, (_, i) => p.probabilities[i * 2 + truth.positive]!) : Float64Array.from(input.rows, (r) => (raw[r]! === raw[r]! ? raw[r]! : Number.NEGATIVE_INFINITY));
      const best = profitCurve(positive, scores, values).best;
      const acted = Array.from(scores, (s) => s >= best.threshold);
      const all = acted.every(Boolean);
      const none = !acted.some(Boolean);
      if (all || none) continue; // decides one class everywhere: the prior or doing nothing, already listed
      const words = c.describeDecisions ? c.describeDecisions(input.rows, acted, best.threshold) : (c.description ?? null);
      if (c.describeDecisions && words === null) continue;
      add(c.id, c.name, c.kind, c.kind === 'team-rule' ? `${c.description ?? c.name}, acting at a score of ${fmt(best.threshold)} or more` : words, best.valuePerDecision, best.threshold);
    }
  } else if (truth.kind === 'classification') {
    const matrix = b.costMatrix;
    if (matrix === undefined) return [];
    const cell = (actual: number, predicted: number): number => matrix[truth.classes[actual]!]?.[truth.classes[predicted]!] ?? 0;
    const rule = classRuleOfCard(b, input.decision, truth.classes);
    for (const c of input.bars) {
      const p = takePredictions(c.result.oof, input.rows, k);
      if (p.kind !== 'classification') continue;
      let total = 0;
      const decided = new Set<number>();
      for (let i = 0; i < truth.y.length; i++) {
        const d = decidedClass(p, i, k, rule);
        decided.add(d);
        total += cell(truth.y[i]!, d);
      }
      if (c.kind === 'one-feature-rule' && decided.size < 2) continue; // one class everywhere: the prior
      const name = c.kind === 'prior' && decided.size === 1 ? `always '${truth.classes[[...decided][0]!]}'` : c.name;
      add(c.id, name, c.kind, c.kind === 'prior' ? `the prior: decide '${truth.classes[[...decided][0]!]}' for every case` : (c.description ?? null), total / truth.y.length, null);
    }
  } else {
    // A number is valued as the model's is: at the card's boundary when it sets one (boundary-value.ts).
    const costs = regressionCosts(b, input.boundary ?? null);
    if (!canValueRegression(costs)) return [];
    const y = truth.y as Float64Array;
    let mean = 0;
    for (const v of y) mean += v / y.length;
    for (const c of input.bars) {
      const p = takePredictions(c.result.oof, input.rows, 1);
      if (p.kind !== 'regression') continue;
      // A rule that gives no number on a row is taken to fall back on the average there.
      const values = Float64Array.from(p.values, (v) => (v === v ? v : mean));
      add(c.id, c.name, c.kind, c.description ?? null, regressionValuePerDecision(y, values, costs), null);
    }
  }
  const order: Record<BarKind, number> = { nothing: 0, prior: 1, 'team-rule': 2, 'one-feature-rule': 3 };
  return out.sort((x, y) => y.perDecision - x.perDecision || order[x.kind] - order[y.kind]);
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
