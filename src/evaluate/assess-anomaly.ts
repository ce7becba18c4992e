// Assessing anomaly detection: an isolation forest, the share it flags and how stable that set
// is, the one-feature rule flagging the same share; with known anomalies, the model and a feature
// rule chosen inside the training folds, both scored on held-out rows.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { kFold } from '../data/split.js';
import type { Problem } from '../frame/problem.js';
import { IsolationForest } from '../learn/iforest/iforest.js';
import type { ReadinessCheck } from '../profile/readiness.js';
import type { AnomalyAssessment, FlagStability } from './anomaly-assessment.js';
import { agreement, distanceFrom, flagsAt, isKnownAnomaly, medianOf, scoreDistribution, shareFlagged, thresholdForShare, topShare } from './anomaly-flags.js';
import { anomalyFolds, heldOutMetrics, modelFoldRuns, ruleFoldRuns } from './anomaly-folds.js';
import type { CandidateScore } from './assessment.js';
import { type Interval, meanInterval } from './interval.js';
import { rocAuc } from './metrics/index.js';
import type { Verdict } from './verdict.js';

/** The default share flagged, as scikit-learn's and this isolation forest's contamination. */
export const DEFAULT_FLAGGED_SHARE = 0.1;
/** Below this agreement with reruns, the flagged set is too unstable to act on. */
export const MIN_FLAG_STABILITY = 0.5;
/** A one-feature rule may flag at most this many times the share (ties at its cut) to be compared with the model. */
const RULE_SHARE_SLACK = 1.5;

function countFlagged(flags: Uint8Array): number {
  let n = 0;
  for (const f of flags) n += f;
  return n;
}

/** At or above this agreement with the model, a one-feature rule flags the same rows. */
export const RULE_AGREES = 0.8;
/** The smallest ROC AUC gain over the held-out feature rule that matters. */
export const ANOMALY_MINIMUM_LIFT = 0.02;

export interface AnomalyResult {
  readonly mainMetric: string;
  readonly metrics: readonly string[];
  readonly folds: number;
  readonly baselines: readonly CandidateScore[];
  readonly leaderboard: readonly CandidateScore[];
  readonly readiness: readonly ReadinessCheck[];
  readonly verdict: (blocking: Verdict | null) => Verdict;
  readonly anomaly: AnomalyAssessment;
  readonly warnings: readonly string[];
}

/** The isolation forest every anomaly stage grows: the card's seed, default settings. */
export async function growForest(frame: Frame, seed: number, contamination?: number): Promise<{ score(frame: Frame): Float64Array }> {
  return new IsolationForest({ seed, ...(contamination === undefined ? {} : { contamination }) }).fit(frame, undefined);
}

/** 1 for a known anomaly, 0 otherwise: 1/true/yes/anomaly, or the card's decision.positiveClass; null when the card names no reference column. */
export function knownAnomalies(problem: Problem): Int32Array | null {
  const reference = problem.card.referenceColumn ?? (typeof problem.target === 'string' ? problem.target : null);
  if (reference === null || !problem.frame.names.includes(reference)) return null;
  const column = problem.frame.column(reference);
  const positive = problem.card.decision?.positiveClass;
  return Int32Array.from({ length: problem.frame.rowCount }, (_, i) => {
    return isKnownAnomaly(valueAt(column, i), positive) ? 1 : 0;
  });
}

/** The share to flag: the card's flaggedShare, else the share at the card's score threshold, else the known anomalies' share, else the default. */
function chooseShare(problem: Problem, scores: Float64Array, known: Int32Array | null): { share: number; source: AnomalyAssessment['shareSource'] } {
  const d = problem.card.decision;
  if (d?.flaggedShare !== undefined) return { share: d.flaggedShare, source: 'card' };
  if (d?.threshold !== undefined) return { share: shareFlagged(scores, d.threshold), source: 'card' };
  if (known !== null) {
    const rate = known.reduce((s, v) => s + v, 0) / known.length;
    if (rate > 0 && rate <= 0.5) return { share: rate, source: 'known-anomalies' };
  }
  return { share: DEFAULT_FLAGGED_SHARE, source: 'default' };
}

export async function assessAnomaly(problem: Problem, frame: Frame, seed: number, folds: number): Promise<AnomalyResult> {
  const n = frame.rowCount;
  const start = performance.now();
  const model = await growForest(frame, seed);
  const scores = model.score(frame);
  const seconds = (performance.now() - start) / 1000;
  const known = knownAnomalies(problem);
  const { share, source } = chooseShare(problem, scores, known);
  const threshold = problem.card.decision?.flaggedShare === undefined && problem.card.decision?.threshold !== undefined ? problem.card.decision.threshold : thresholdForShare(scores, share);
  const flagged = flagsAt(scores, threshold);
  const flaggedShare = flagged.reduce((s, v) => s + v, 0) / Math.max(1, n);

  // Stability: the same forest grown with other seeds, and on 80% of the rows.
  const seedRuns: number[] = [];
  for (let s = 1; s <= 4; s++) seedRuns.push(agreement(flagged, topShare((await growForest(frame, seed + s)).score(frame), flaggedShare)));
  const subRuns: number[] = [];
  for (const fold of kFold(n, 5, seed)) subRuns.push(agreement(flagged, topShare((await growForest(frame.take(fold.train), seed)).score(frame), flaggedShare)));
  const stability = { seeds: summary(seedRuns), subsamples: summary(subRuns), chance: flaggedShare };

  // The one-feature rule flagging the same share that agrees most with the model.
  const numeric = problem.features.filter((f) => frame.column(f).kind === 'numeric');
  let rule: AnomalyAssessment['rule'] = null;
  for (const feature of numeric) {
    const values = (frame.column(feature) as { values: Float64Array }).values;
    const ruleFlags = topShare(distanceFrom(values, medianOf(values)), flaggedShare);
    // A feature whose distances tie at the cut (most rows at the median) flags far more than the
    // share, and so agrees with any flagged set: it is no rule at that share.
    if (countFlagged(ruleFlags) > RULE_SHARE_SLACK * Math.max(1, Math.round(flaggedShare * ruleFlags.length))) continue;
    const a = agreement(flagged, ruleFlags);
    if (Number.isFinite(a) && (rule === null || a > rule.agreement)) rule = { id: `rule:${feature}`, feature, agreement: a };
  }

  const candidate = (id: string, name: string, kind: CandidateScore['kind'], metrics: Record<string, Interval>, foldsRun: number, secs: number, description?: string): CandidateScore => ({
    id, name, kind, ...(description === undefined ? {} : { description }), metrics, foldsRun, fitPredictSeconds: secs, warnings: [],
  });
  const point = (v: number): Interval => ({ mean: v, low: Number.NaN, high: Number.NaN });
  const ruleName = (feature: string): string => `distance of '${feature}' from its median`;
  const readiness: ReadinessCheck[] = [];
  const stableShare = Math.min(stability.seeds.mean, stability.subsamples.mean);
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const common = `At a score of ${threshold.toFixed(3)} isolation forest flags ${pct(flaggedShare)} of the ${n} rows (${source === 'card' ? "the card's decision" : source === 'known-anomalies' ? 'the share of known anomalies' : `the default share ${DEFAULT_FLAGGED_SHARE}`}). Grown again with other seeds it flags ${pct(stability.seeds.mean)} of the same rows, on 80% of the rows ${pct(stability.subsamples.mean)} (random sets of that size would share ${pct(stability.chance)}).${rule ? ` The closest one-feature rule, ${ruleName(rule.feature)}, flags ${pct(rule.agreement)} of the same rows at the same share.` : ''}`;

  if (known === null) {
    readiness.push({
      id: 'labelled-anomalies',
      title: 'Known anomalies to check against',
      status: 'warn',
      message: 'No column marks known anomalies: how many rows are flagged, how stable that set is and how far a simple rule agrees can be measured, but not whether the flagged rows are the ones that matter (precision and recall). Label a few hundred flagged and unflagged rows (1 = anomaly) and name the column as referenceColumn in the card.',
      evidence: { flagged: flagged.reduce((s, v) => s + v, 0), rows: n },
    });
    const model0 = candidate('model:iforest', 'isolation forest', 'model', { flagged_share: point(flaggedShare), flag_stability: point(stableShare) }, 1, seconds);
    const baselines = rule ? [candidate(rule.id, ruleName(rule.feature), 'one-feature-rule', { flagged_share: point(flaggedShare), flag_agreement: point(rule.agreement) }, 1, 0, `flag the ${pct(flaggedShare)} of rows farthest from the median of ${rule.feature}`)] : [];
    const verdict = (blocking: Verdict | null): Verdict =>
      blocking ??
      (stableShare < MIN_FLAG_STABILITY
        ? { verdict: 'no-signal', headline: 'No stable anomalies: the rows flagged change with the seed and the rows the model learns from.', reason: `${common} A set that changes this much is not a finding to act on; without known anomalies nothing else can be judged.`, names: null, minimumLift: 0, moreDataLikelyHelps: null }
        : rule !== null && rule.agreement >= RULE_AGREES
          ? { verdict: 'rule-suffices', headline: `A simple rule flags nearly the same rows: ${ruleName(rule.feature)}.`, reason: `${common} The model adds little a reader could not get from that one feature. Without known anomalies neither can be shown to flag the rows that matter.`, names: rule.id, minimumLift: 0, moreDataLikelyHelps: null }
          : { verdict: 'use-ml', headline: `Use ML, on trust: isolation forest flags a stable ${pct(flaggedShare)} of rows that no single feature picks out; without known anomalies nobody can yet tell whether they are the rows that matter.`, reason: `${common} What cannot be judged without labels: precision (how many flagged rows are real anomalies) and recall (how many anomalies are missed). Have people review a sample of flagged and unflagged rows, then name the column as referenceColumn.`, names: 'model:iforest', minimumLift: 0, moreDataLikelyHelps: null });
    return {
      mainMetric: 'flagged_share',
      metrics: ['flagged_share', 'flag_stability', 'flag_agreement'],
      folds: 1,
      baselines,
      leaderboard: [model0],
      readiness,
      verdict,
      anomaly: { labelled: false, flaggedShare, shareSource: source, threshold, scores: scoreDistribution(scores), stability, rule, heldOut: null },
      warnings: ['Without known anomalies there is no metric against truth: the flagged share, its stability across seeds and subsamples, and the agreement of a one-feature rule are reported instead.'],
    };
  }

  const positives = known.reduce((s, v) => s + v, 0);
  if (positives < 2 || positives === n) {
    const positive = problem.card.decision?.positiveClass;
    readiness.push({
      id: 'labelled-anomalies',
      title: 'Known anomalies to check against',
      status: 'fail',
      message: `The reference column '${problem.card.referenceColumn ?? String(problem.target)}' marks ${positives} of ${n} rows as known anomalies (${positive === undefined ? 'values 1, true, yes or anomaly' : `rows equal to '${positive}'`}): nothing can be scored against that. Check decision.positiveClass against the column's values, or label more rows.`,
      evidence: { knownAnomalies: positives, rows: n },
    });
  }
  // With known anomalies: the model and the rule, each chosen and fitted on training folds only.
  const split = anomalyFolds(known, folds, seed);
  const modelRuns = await modelFoldRuns(frame, split, seed);
  const { runs: ruleRuns, chosen: rulesChosen } = ruleFoldRuns(frame, problem.features, known, split);
  const modelMetrics = heldOutMetrics(modelRuns, known, share);
  const ruleMetrics = heldOutMetrics(ruleRuns, known, share);
  const diffs = ruleRuns.map((run, f) => rocAuc(Int32Array.from(run.test, (i) => known[i]!), modelRuns[f]!.testScores).value - rocAuc(Int32Array.from(run.test, (i) => known[i]!), run.testScores).value);
  const lift = meanInterval(diffs);
  const mostChosen = mode(rulesChosen);
  const leaderboard = [candidate('model:iforest', 'isolation forest', 'model', { ...modelMetrics, flag_stability: point(stableShare) }, split.length, seconds)];
  const baselines = mostChosen === null ? [] : [candidate(`rule:${mostChosen}`, `the best one-feature rule, chosen on each training fold (mostly ${ruleName(mostChosen)})`, 'one-feature-rule', ruleMetrics, split.length, 0, `rank rows by how far one feature is from its training median; chosen per fold: ${rulesChosen.join(', ')}`)];
  const auc = modelMetrics['roc_auc']!.mean;
  const bar = ruleMetrics['roc_auc']?.mean ?? 0.5;
  const knownShare = known.reduce((s, v) => s + v, 0) / n;
  const atShare = `At the threshold flagging ${pct(share)} of training rows, the model's held-out precision is ${fmt(modelMetrics['precision']!.mean)} and recall ${fmt(modelMetrics['recall']!.mean)}.`;
  const verdict = (blocking: Verdict | null): Verdict =>
    blocking ??
    (auc < 0.6
      ? { verdict: 'no-signal', headline: 'No signal: the anomaly scores barely tell the known anomalies apart.', reason: `On held-out rows isolation forest ranks known anomalies above normal rows with ROC AUC ${fmt(auc)} (0.5 is chance). ${atShare}`, names: null, minimumLift: ANOMALY_MINIMUM_LIFT, moreDataLikelyHelps: null }
      : !(lift.mean >= ANOMALY_MINIMUM_LIFT && !(lift.low <= 0))
        ? { verdict: 'rule-suffices', headline: `A simple rule is enough: ${baselines[0]?.name ?? 'a one-feature rule'}.`, reason: `Chosen on the training folds and scored on held-out rows, the one-feature rule reaches ROC AUC ${fmt(bar)} against ${fmt(auc)} for isolation forest (difference ${fmt(lift.mean)}, 95% interval ${fmt(lift.low)} to ${fmt(lift.high)}; ${ANOMALY_MINIMUM_LIFT} is taken to matter). ${atShare}`, names: baselines[0]?.id ?? null, minimumLift: ANOMALY_MINIMUM_LIFT, moreDataLikelyHelps: null }
        : { verdict: 'use-ml', headline: 'Use ML: isolation forest finds the known anomalies better than any one-feature rule.', reason: `On held-out rows isolation forest reaches ROC AUC ${fmt(auc)} against ${fmt(bar)} for the best one-feature rule chosen on the training folds (difference ${fmt(lift.mean)}, 95% interval ${fmt(lift.low)} to ${fmt(lift.high)}). ${atShare}`, names: 'model:iforest', minimumLift: ANOMALY_MINIMUM_LIFT, moreDataLikelyHelps: null });
  return {
    mainMetric: 'roc_auc',
    metrics: ['roc_auc', 'average_precision', 'precision', 'recall', 'flagged_share'],
    folds: split.length,
    baselines,
    leaderboard,
    readiness,
    verdict,
    anomaly: { labelled: true, flaggedShare, shareSource: source, threshold, scores: scoreDistribution(scores), stability, rule, heldOut: { folds: split.length, knownShare, rulesChosen, model: modelMetrics, rule: ruleMetrics, lift } },
    warnings: [`The model never sees the labels; the one-feature rule is chosen with the labels of the training folds only, and both are scored on the ${split.length} held-out folds.`],
  };
}

function summary(xs: readonly number[]): FlagStability {
  const finite = xs.filter((x) => Number.isFinite(x));
  return { mean: finite.length === 0 ? Number.NaN : finite.reduce((s, x) => s + x, 0) / finite.length, min: finite.length === 0 ? Number.NaN : Math.min(...finite), runs: finite.length };
}

function mode(xs: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: string | null = null;
  for (const [x, c] of counts) if (best === null || c > counts.get(best)!) best = x;
  return best;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}
