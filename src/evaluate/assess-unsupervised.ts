// Assessment without a target: clustering (k-means with k chosen by silhouette, against the bar
// of splitting on one feature) and anomaly detection (isolation forest, checked against known
// anomalies in a reference column when the card names one; see assess-anomaly.ts).

import { Budget } from '../core/budget.js';
import { type ProgressSink, silentProgress } from '../core/progress.js';
import { permutation } from '../core/rng.js';
import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Problem } from '../frame/problem.js';
import { refuseNoUsableFeatures } from '../frame/usable-features.js';
import { KMEANS } from '../learn/kmeans/params.js';
import { prepareUnsupervised } from '../learn/kmeans/row-matrix.js';
import { validateParams } from '../learn/hyperparams.js';
import { KMEANS_SPECS } from '../learn/kmeans/params.js';
import { dataReadiness, type ReadinessCheck } from '../profile/readiness.js';
import type { AnomalyAssessment } from './anomaly-assessment.js';
import { assessAnomaly } from './assess-anomaly.js';
import { type Assessment, ASSESSMENT_VERSION, type CandidateScore } from './assessment.js';
import { bestFeatureSplit } from './baselines/one-feature-split.js';
import { CLUSTER_SAMPLE_SIZE, chooseClusterCount, clusterParams } from './cluster-count.js';
import { discretize, type FeaturePower } from './feature-power.js';
import { adjustedMutualInfo } from './metrics/index.js';
import type { KScore } from './metrics/select-k.js';
import type { Verdict } from './verdict.js';

export interface UnsupervisedOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
}

/** Silhouette below this: no real group structure. */
export const MIN_SILHOUETTE = 0.25;
/** The smallest silhouette gain over a one-feature split that matters (and the smallest AMI gain, against a reference). */
export const CLUSTER_MINIMUM_LIFT = 0.05;

export async function assessUnsupervised(problem: Problem, options: UnsupervisedOptions = {}): Promise<Assessment> {
  const budget = new Budget(options.budgetSeconds ?? problem.card.assess?.budgetSeconds ?? 60);
  const progress = options.progress ?? silentProgress;
  const task = problem.task.task;
  const seed = problem.card.assess?.seed ?? 42;
  // loadProblem refuses this already; a problem framed by hand gets the same message.
  refuseNoUsableFeatures(problem.features, problem.leftOut, problem.cardPath ?? problem.source.file);
  const frame = problem.frame.select(problem.features);
  const readiness: ReadinessCheck[] = dataReadiness({ frame, features: problem.features, target: null, classification: false, leftOut: problem.leftOut, timeColumn: problem.timeColumn });
  const reference = problem.card.referenceColumn ?? (typeof problem.target === 'string' ? problem.target : null);
  const referenceCodes = reference === null ? null : discretize(problem.frame.column(reference));
  const base = (id: string, name: string, kind: CandidateScore['kind'], metrics: Record<string, number>, seconds: number, description?: string): CandidateScore => ({
    id,
    name,
    kind,
    ...(description === undefined ? {} : { description }),
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, { mean: v, low: Number.NaN, high: Number.NaN }])),
    foldsRun: 1,
    fitPredictSeconds: seconds,
    warnings: [],
  });
  let baselines: CandidateScore[] = [];
  let leaderboard: CandidateScore[] = [];
  let verdict: Verdict;
  let mainMetric: string;
  let metrics: readonly string[] | null = null;
  let folds = 1;
  let anomaly: AnomalyAssessment | null = null;
  let warnings: readonly string[] = ['Without a target there are no folds: the unsupervised scores are measured once on all rows.'];
  let featurePower: FeaturePower[] = [];

  if (task === 'clustering') {
    mainMetric = 'silhouette';
    progress.start('Choosing the number of groups');
    const start = performance.now();
    const chosen = await chooseClusterCount(frame, seed);
    const seconds = (performance.now() - start) / 1000;
    progress.stop();
    const prediction = chosen.model.predict(frame);
    const clusters = prediction.kind === 'clustering' ? prediction.clusters : new Int32Array(frame.rowCount);
    const modelMetrics: Record<string, number> = { silhouette: chosen.scores.find((s) => s.k === chosen.k)!.silhouette };
    if (referenceCodes) modelMetrics['ami'] = adjustedMutualInfo(referenceCodes, clusters).value;
    leaderboard = [{ ...base('model:kmeans', `k-means (k = ${chosen.k}, chosen by silhouette)`, 'model', modelMetrics, seconds), params: clusterParams(seed, chosen.k) }];
    // The bar: the best split of one feature into the same k groups, scored in the same space on the same rows.
    const { x } = prepareUnsupervised(frame, undefined, KMEANS, validateParams(KMEANS, KMEANS_SPECS, { n_clusters: chosen.k }));
    const sample = permutation(x.rows, seed).subarray(0, Math.min(x.rows, CLUSTER_SAMPLE_SIZE));
    const splits = bestFeatureSplit(problem.features.map((f) => frame.column(f)), chosen.k, x, sample);
    const split = splits.best;
    // Each feature's own best split, as the supervised feature power table shows each feature's rule.
    const sModelForPower = modelMetrics['silhouette']!;
    featurePower = [...splits.all].sort((p, q) => q.silhouette - p.silhouette).map((f) => ({
      feature: f.feature,
      type: frame.column(f.feature).kind,
      pearson: null,
      spearman: null,
      mutualInformation: Number.NaN,
      // Against the reference when there is one, else against the k-means groups.
      adjustedMutualInformation: adjustedMutualInfo(referenceCodes ?? clusters, f.groups).value,
      singleFeatureScore: { mean: f.silhouette, low: Number.NaN, high: Number.NaN, metric: 'silhouette' },
      rule: f.rule,
      verdict: sModelForPower - f.silhouette < CLUSTER_MINIMUM_LIFT ? 'strong' : f.silhouette >= MIN_SILHOUETTE ? 'some' : 'none',
    }));
    let best: CandidateScore | null = null;
    let agreement = Number.NaN;
    if (split !== null) {
      const metrics: Record<string, number> = { silhouette: split.silhouette };
      if (referenceCodes) metrics['ami'] = adjustedMutualInfo(referenceCodes, split.groups).value;
      best = base(`rule:${split.feature}`, `split on '${split.feature}' alone`, 'one-feature-rule', metrics, 0, `${split.groupCount} groups by ${split.rule}`);
      agreement = adjustedMutualInfo(split.groups, clusters).value;
    }
    baselines = best ? [best] : [];
    verdict = blocking(readiness) ?? clusteringVerdict({ k: chosen.k, model: modelMetrics, bar: best, rule: split?.rule ?? null, agreement, reference, scores: chosen.scores });
  } else {
    progress.start('Scoring rows for anomalies');
    const result = await assessAnomaly(problem, frame, seed, problem.card.assess?.folds ?? 5);
    progress.stop();
    mainMetric = result.mainMetric;
    metrics = result.metrics;
    folds = result.folds;
    baselines = [...result.baselines];
    leaderboard = [...result.leaderboard];
    readiness.push(...result.readiness);
    verdict = result.verdict(blocking(readiness));
    anomaly = result.anomaly;
    warnings = result.warnings;
  }

  return {
    kind: 'framewise.assessment',
    version: ASSESSMENT_VERSION,
    name: problem.name,
    createdAt: new Date().toISOString(),
    source: { file: problem.source.file, format: problem.source.format, sql: problem.source.sql, card: problem.cardPath },
    data: { rows: problem.frame.rowCount, labelledRows: problem.frame.rowCount, fingerprint: contentHash(problem.frame), schemaHash: schemaHash(problem.frame) },
    framing: { task, reason: problem.task.reason, output: problem.task.output, target: problem.target, targetNote: problem.card.targetNote ?? null, classes: null, positiveClass: null, features: problem.features, leftOut: problem.leftOut, decision: problem.card.decision ?? null },
    evaluation: { folds, foldKind: anomaly?.labelled ? 'stratified' : 'k-fold', seed, mainMetric, metrics: metrics ?? [mainMetric], budgetSeconds: budget.totalSeconds, elapsedSeconds: budget.elapsedSeconds },
    readiness,
    leakSuspects: [],
    featurePower,
    baselines,
    leaderboard,
    lift: { overBestBaseline: null, overPrior: null, bestBaselineOverPrior: null, bestModel: leaderboard[0]?.id ?? null, bestBaseline: baselines[0]?.id ?? 'none' },
    learningCurve: null,
    verdict,
    warnings,
    ...(anomaly === null ? {} : { anomaly }),
  };
}

/** The clustering verdict: no structure, a one-feature split that is as good, or k-means. */
function clusteringVerdict(o: { k: number; model: Readonly<Record<string, number>>; bar: CandidateScore | null; rule: string | null; agreement: number; reference: string | null; scores: readonly KScore[] }): Verdict {
  const sModel = o.model['silhouette']!;
  const sBar = o.bar?.metrics['silhouette']!.mean ?? Number.NEGATIVE_INFINITY;
  const amiModel = o.model['ami'];
  const amiBar = o.bar?.metrics['ami']?.mean;
  const f3 = (v: number): string => v.toFixed(3);
  const byK = `Silhouettes by k: ${o.scores.map((s) => `${s.k}: ${s.silhouette.toFixed(2)}`).join(', ')}.`;
  const against = o.reference === null || amiModel === undefined ? '' : `; against '${o.reference}' the adjusted mutual information is ${f3(amiModel)} for k-means${amiBar === undefined ? '' : ` and ${f3(amiBar)} for the split`}`;
  const same = Number.isFinite(o.agreement) && o.agreement > 0.999 ? ' It is the same partition as k-means.' : Number.isFinite(o.agreement) ? ` Its agreement with the k-means groups (adjusted mutual information) is ${f3(o.agreement)}.` : '';
  if (sModel < MIN_SILHOUETTE) {
    return { verdict: 'no-signal', headline: 'No clear groups: the rows do not fall into distinct clusters.', reason: `The best grouping (k = ${o.k}) has a silhouette of ${f3(sModel)}, below the ${MIN_SILHOUETTE} that marks real structure. Segments drawn from this data would be arbitrary. ${byK}`, names: null, minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null };
  }
  // With a reference labelling, the split must also recover it as well as k-means does.
  const amiAhead = amiModel !== undefined && amiBar !== undefined && Number.isFinite(amiModel) && Number.isFinite(amiBar) && amiModel - amiBar >= CLUSTER_MINIMUM_LIFT;
  if (o.bar !== null && sModel - sBar < CLUSTER_MINIMUM_LIFT && amiAhead) {
    return { verdict: 'use-ml', headline: `Use ML: k-means recovers the '${o.reference}' groups better than any split of one feature.`, reason: `The best split of one feature into ${o.k} groups (${o.rule}) has a silhouette of ${f3(sBar)}, close to k-means' ${f3(sModel)}, but against '${o.reference}' its adjusted mutual information is ${f3(amiBar!)} where k-means with k = ${o.k} reaches ${f3(amiModel!)}.${same} ${byK}`, names: 'model:kmeans', minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null };
  }
  if (o.bar !== null && sModel - sBar < CLUSTER_MINIMUM_LIFT) {
    return { verdict: 'rule-suffices', headline: `A simple split is enough: ${o.rule} gives the ${o.k} groups.`, reason: `Splitting on '${o.bar.id.slice('rule:'.length)}' alone (${o.rule}) gives a silhouette of ${f3(sBar)}, ${sBar >= sModel ? 'at least that of' : `within ${CLUSTER_MINIMUM_LIFT} of`} k-means with k = ${o.k} (${f3(sModel)})${against}.${same} The groups are that one feature: a rule on it is simpler to explain, to apply and to keep.`, names: o.bar.id, minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null };
  }
  return { verdict: 'use-ml', headline: `Use ML: k-means finds ${o.k} distinct groups that no single feature gives.`, reason: `k-means with k = ${o.k} reaches a silhouette of ${f3(sModel)} against ${o.bar === null ? 'no usable one-feature split' : `${f3(sBar)} for the best split of one feature into ${o.k} groups (${o.rule})`}${against}. ${byK}`, names: 'model:kmeans', minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null };
}

function blocking(checks: readonly ReadinessCheck[]): Verdict | null {
  const fail = checks.find((c) => c.status === 'fail');
  return fail ? { verdict: 'fix-data-first', headline: `Fix the data first: ${fail.title.toLowerCase()}.`, reason: fail.message, names: fail.id, minimumLift: 0, moreDataLikelyHelps: null } : null;
}
