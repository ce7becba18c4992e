// Each feature's predictive power on its own: correlation with the target (numbers), mutual
// information and its adjusted form (numbers binned), the cross-validated score of the best
// one-feature rule, and a plain verdict: strong, some or none.

import type { Column } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { Fold } from '../data/split.js';
import { pearson, spearman } from '../profile/correlation.js';
import { fitOneFeatureRule, numericView, type OneFeatureRule } from './baselines/one-feature-rule.js';
import { describeRuleAsScored } from './baselines/rule-ranking.js';
import { oneFeatureRuleCandidate } from './candidates.js';
import { crossValidate, type CvResult } from './cross-validate.js';
import type { Interval } from './interval.js';
import { adjustedMutualInfo, mutualInfo } from './metrics/index.js';
import type { Supervised, Truth } from './oof.js';
import { MAIN_METRIC } from './task-metrics.js';

export type PowerVerdict = 'strong' | 'some' | 'none';

export interface FeaturePower {
  readonly feature: string;
  readonly type: string;
  /** Numbers only, against the target (the positive class as 1 for two classes); null otherwise. */
  readonly pearson: number | null;
  readonly spearman: number | null;
  readonly mutualInformation: number;
  readonly adjustedMutualInformation: number;
  /** The main metric of the best one-feature rule, cross-validated. */
  readonly singleFeatureScore: Interval & { readonly metric: string };
  /** The rule fitted on all rows, in words as the main metric uses it (a ranking, or the decisions it makes). */
  readonly rule: string;
  readonly verdict: PowerVerdict;
  /** Mean |SHAP| of the chosen model, when it has been explained (added by the brief). */
  readonly meanAbsShap?: number;
}

export interface FeaturePowerResult {
  readonly rows: readonly FeaturePower[];
  /** Cross-validated one-feature rules, by feature, for the baseline and the leakage check. */
  readonly cv: ReadonlyMap<string, CvResult>;
  readonly rules: ReadonlyMap<string, OneFeatureRule>;
}

const BINS = 10;

/** Quantile bins (missing in a bin of its own) for numbers; codes for categories. */
export function discretize(column: Column): Int32Array {
  const numbers = numericView(column);
  if (numbers === null) {
    if (column.kind === 'categorical') {
      const missing = column.dictionary.length;
      return Int32Array.from(column.codes, (c) => (c < 0 ? missing : c));
    }
    const index = new Map<string, number>();
    return Int32Array.from(column.kind === 'text' ? column.values : [], (v) => {
      const key = v ?? '\u0000';
      let code = index.get(key);
      if (code === undefined) index.set(key, (code = index.size));
      return code;
    });
  }
  return binNumbers(numbers);
}

export function binNumbers(values: ArrayLike<number>): Int32Array {
  const present = Float64Array.from({ length: values.length }, (_, i) => values[i]!).filter((v) => v === v).sort();
  const edges: number[] = [];
  for (let b = 1; b < BINS; b++) {
    const edge = present[Math.floor((b * present.length) / BINS)];
    if (edge !== undefined && edge !== edges.at(-1)) edges.push(edge);
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      out[i] = BINS;
      continue;
    }
    let b = 0;
    while (b < edges.length && v >= edges[b]!) b++;
    out[i] = b;
  }
  return out;
}

function targetNumbers(truth: Truth): Float64Array | null {
  if (truth.kind === 'regression') return truth.y;
  if (truth.classes.length === 2) return Float64Array.from(truth.y, (c) => (c === truth.positive ? 1 : 0));
  return null;
}

export async function featurePower(frame: Frame, features: readonly string[], truth: Truth, task: Supervised, folds: readonly Fold[], allRows: Int32Array): Promise<FeaturePowerResult> {
  const main = MAIN_METRIC[task];
  const yNumbers = targetNumbers(truth);
  const yCodes = truth.kind === 'regression' ? binNumbers(truth.y) : truth.y;
  const rows: FeaturePower[] = [];
  const cv = new Map<string, CvResult>();
  const rules = new Map<string, OneFeatureRule>();
  for (const feature of features) {
    const column = frame.column(feature);
    const numbers = numericView(column);
    const codes = discretize(column);
    const result = await crossValidate(oneFeatureRuleCandidate(frame, feature, truth), folds, truth, [main], frame.rowCount);
    cv.set(feature, result);
    const rule = fitOneFeatureRule(column, truth, allRows);
    rules.set(feature, rule);
    const score = result.metrics[main]!;
    rows.push({
      feature,
      type: frame.typeOf(feature).type,
      pearson: numbers !== null && yNumbers !== null ? pearson(numbers, yNumbers) : null,
      spearman: numbers !== null && yNumbers !== null ? spearman(numbers, yNumbers) : null,
      mutualInformation: mutualInfo(yCodes, codes).value,
      adjustedMutualInformation: adjustedMutualInfo(yCodes, codes).value,
      singleFeatureScore: { metric: main, ...score },
      // Worded as the main metric uses it: a ranking for ROC AUC, decisions for accuracy or R².
      rule: describeRuleAsScored(rule, truth, main),
      verdict: powerVerdict(task, score.mean, truth),
    });
  }
  rows.sort((a, b) => b.singleFeatureScore.mean - a.singleFeatureScore.mean || a.feature.localeCompare(b.feature));
  return { rows, cv, rules };
}

/**
 * The plain verdict, on the share of the way from guessing to perfect that the feature alone
 * covers: strong from 30%, some from 5%.
 */
export function powerVerdict(task: Supervised, score: number, truth: Truth): PowerVerdict {
  if (!Number.isFinite(score)) return 'none';
  const chance = task === 'binary' ? 0.5 : task === 'multiclass' && truth.kind === 'classification' ? 1 / truth.classes.length : 0;
  const share = (score - chance) / (1 - chance);
  return share >= 0.3 ? 'strong' : share >= 0.05 ? 'some' : 'none';
}
