// Everything the assessment compares, behind one interface: the prior, the best one-feature
// rule, the team's own rules, and the models. Each learns on training rows only and predicts
// the rest, so every candidate is scored on the same folds.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { Estimator, Prediction } from '../learn/estimator.js';
import { fitOneFeatureRule, numericView, predictOneFeatureRule } from './baselines/one-feature-rule.js';
import { type Predictions, takeTruth, type Truth } from './oof.js';
import { computeMetric, metricInfo } from './task-metrics.js';

export type CandidateKind = 'prior' | 'one-feature-rule' | 'team-rule' | 'model';

export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly kind: CandidateKind;
  fitPredict(train: Int32Array, test: Int32Array): Promise<Predictions>;
  /** Seconds the last fitPredict spent learning and predicting, for candidates that time them apart. */
  readonly lastTiming?: () => { readonly fit: number; readonly predict: number };
}

/** Class frequencies (classification) or the mean (regression) of the training rows. */
export function priorCandidate(truth: Truth): Candidate {
  return {
    id: 'prior',
    name: truth.kind === 'regression' ? 'predict the average' : 'predict the most common class',
    kind: 'prior',
    async fitPredict(train, test) {
      if (truth.kind === 'regression') {
        let sum = 0;
        for (const r of train) sum += truth.y[r]!;
        return { kind: 'regression', values: new Float64Array(test.length).fill(sum / train.length) };
      }
      const k = truth.classes.length;
      const counts = new Float64Array(k);
      for (const r of train) counts[truth.y[r]!]!++;
      const p = counts.map((c) => c / train.length);
      let top = 0;
      for (let c = 1; c < k; c++) if (p[c]! > p[top]!) top = c;
      const probabilities = new Float64Array(test.length * k);
      for (let i = 0; i < test.length; i++) probabilities.set(p, i * k);
      return { kind: 'classification', probabilities, labels: new Int32Array(test.length).fill(top), calibrated: true };
    },
  };
}

export function oneFeatureRuleCandidate(frame: Frame, feature: string, truth: Truth): Candidate {
  const column = frame.column(feature);
  return {
    id: `rule:${feature}`,
    name: `best one-feature rule ('${feature}')`,
    kind: 'one-feature-rule',
    async fitPredict(train, test) {
      return predictOneFeatureRule(fitOneFeatureRule(column, truth, train), column, truth, test);
    },
  };
}

/**
 * A team rule: its column holds, per row, a class label, a score (higher means the positive
 * class), or a number. It learns nothing, so training rows are ignored.
 */
export function teamRuleCandidate(frame: Frame, name: string, columnName: string, output: 'class' | 'score' | 'number', truth: Truth): Candidate {
  const column = frame.column(columnName);
  // A rule that returns a yes/no column as its score reads its stored flag, not the word.
  const numbers = numericView(column);
  const numberAt = (r: number): number => (numbers !== null ? numbers[r]! : Number(valueAt(column, r) ?? Number.NaN));
  return {
    id: `team:${name}`,
    name: `team rule '${name}'`,
    kind: 'team-rule',
    async fitPredict(_train, test) {
      if (truth.kind === 'regression') {
        return { kind: 'regression', values: Float64Array.from(test, numberAt) };
      }
      const k = truth.classes.length;
      const probabilities = new Float64Array(test.length * k);
      const labels = new Int32Array(test.length);
      if (output === 'score') {
        if (k !== 2) throw new Error(`team rule '${name}' gives a score, which only fits a two-class target`);
        const scores = Float64Array.from(test, numberAt);
        for (let i = 0; i < test.length; i++) {
          const s = scores[i]!;
          const p = s !== s ? 0.5 : Math.min(1, Math.max(0, s));
          probabilities[i * 2 + truth.positive] = p;
          probabilities[i * 2 + 1 - truth.positive] = 1 - p;
          labels[i] = p >= 0.5 ? truth.positive : 1 - truth.positive;
        }
        return { kind: 'classification', probabilities, labels, calibrated: false };
      }
      const index = new Map(truth.classes.map((c, i) => [c, i]));
      for (let i = 0; i < test.length; i++) {
        const v = valueAt(column, test[i]!);
        const code = v === null ? undefined : index.get(String(v));
        // A rule that names no known class counts as predicting none: every class gets an equal share.
        if (code === undefined) {
          for (let c = 0; c < k; c++) probabilities[i * k + c] = 1 / k;
          labels[i] = -1;
        } else {
          probabilities[i * k + code] = 1;
          labels[i] = code;
        }
      }
      return { kind: 'classification', probabilities, labels, calibrated: false };
    },
  };
}

/** A model: fitted on the training rows' features and target, predicting the test rows. */
export function modelCandidate(id: string, name: string, make: () => Estimator, frame: Frame, target: string, truth: Truth): Candidate {
  let timing = { fit: 0, predict: 0 };
  return {
    id,
    name,
    kind: 'model',
    async fitPredict(train, test) {
      const start = performance.now();
      const model = await make().fit(frame.take(train), target);
      const fitted = performance.now();
      const predictions = alignPrediction(model.predict(frame.take(test)), truth);
      timing = { fit: (fitted - start) / 1000, predict: (performance.now() - fitted) / 1000 };
      return predictions;
    },
    lastTiming: () => timing,
  };
}

/** A model's prediction mapped onto the assessment's class list (a fold may miss a class). */
export function alignPrediction(prediction: Prediction, truth: Truth): Predictions {
  if (truth.kind === 'regression') {
    if (prediction.kind !== 'regression') throw new Error(`expected a regression prediction, got ${prediction.kind}`);
    return { kind: 'regression', values: prediction.values };
  }
  if (prediction.kind !== 'classification') throw new Error(`expected a classification prediction, got ${prediction.kind}`);
  const k = truth.classes.length;
  const index = new Map(truth.classes.map((c, i) => [c, i]));
  const map = prediction.classes.map((c) => index.get(c) ?? -1);
  const m = prediction.classes.length;
  const n = prediction.labels.length;
  const probabilities = new Float64Array(n * k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let j = 0; j < m; j++) {
      const c = map[j]!;
      if (c < 0) continue;
      const p = prediction.probabilities[i * m + j]!;
      probabilities[i * k + c] = p;
      if (best < 0 || p > probabilities[i * k + best]!) best = c;
    }
    labels[i] = best;
  }
  return { kind: 'classification', probabilities, labels, calibrated: true };
}

/**
 * The best one-feature rule, found automatically: inside each fold the feature is chosen by its
 * rule's score on the training rows only, so the test rows never influence the choice and the
 * baseline's score is not inflated by picking the luckiest of many features.
 */
export function bestOneFeatureRuleCandidate(frame: Frame, features: readonly string[], truth: Truth, metric: string, chosen: string[] = []): Candidate {
  return {
    id: 'rule:best',
    name: 'best one-feature rule',
    kind: 'one-feature-rule',
    async fitPredict(train, test) {
      let best: { feature: string; score: number } | null = null;
      // The choice is scored on at most 20,000 training rows: plenty to rank features, and cheap.
      const scoring = train.length <= 20_000 ? train : train.filter((_, i) => i % Math.ceil(train.length / 20_000) === 0);
      const trainTruth = takeTruth(truth, scoring);
      const higher = metricInfo(metric).higherIsBetter;
      for (const feature of features) {
        const column = frame.column(feature);
        const rule = fitOneFeatureRule(column, truth, train);
        const score = computeMetric(metric, trainTruth, predictOneFeatureRule(rule, column, truth, scoring)).value;
        if (!Number.isFinite(score)) continue;
        if (best === null || (higher ? score > best.score : score < best.score)) best = { feature, score };
      }
      const feature = best?.feature ?? features[0]!;
      chosen.push(feature);
      const column = frame.column(feature);
      return predictOneFeatureRule(fitOneFeatureRule(column, truth, train), column, truth, test);
    },
  };
}
