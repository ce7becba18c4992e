// Assessment without a target: clustering (k-means with k chosen by silhouette, against the bar
// of splitting on one feature) and anomaly detection (isolation forest, checked against known
// anomalies in a reference column when the card names one; see assess-anomaly.ts).

import { Budget } from '../core/budget.js';
import { FramewiseError } from '../core/errors.js';
import { type ProgressSink, silentProgress } from '../core/progress.js';
import { permutation } from '../core/rng.js';
import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Problem } from '../frame/problem.js';
import { KMEANS } from '../learn/kmeans/params.js';
import { prepareUnsupervised } from '../learn/kmeans/row-matrix.js';
import { validateParams } from '../learn/hyperparams.js';
import { KMEANS_SPECS } from '../learn/kmeans/params.js';
import { dataReadiness, type ReadinessCheck } from '../profile/readiness.js';
import type { AnomalyAssessment } from './anomaly-assessment.js';
import { assessAnomaly } from './assess-anomaly.js';
import { type Assessment, ASSESSMENT_VERSION, type CandidateScore } from './assessment.js';
import { binNumbers, discretize } from './feature-power.js';
import { adjustedMutualInfo, silhouetteOnRows } from './metrics/index.js';
import { selectKBySilhouette } from './metrics/select-k.js';
import type { Verdict } from './verdict.js';

export interface UnsupervisedOptions {
  readonly budgetSeconds?: number;
  readonly progress?: ProgressSink;
}

/** Silhouette below this: no real group structure. */
export const MIN_SILHOUETTE = 0.25;
/** The smallest silhouette gain over a one-feature split that matters. */
export const CLUSTER_MINIMUM_LIFT = 0.05;

export async function assessUnsupervised(problem: Problem, options: UnsupervisedOptions = {}): Promise<Assessment> {
  const budget = new Budget(options.budgetSeconds ?? problem.card.assess?.budgetSeconds ?? 60);
  const progress = options.progress ?? silentProgress;
  const task = problem.task.task;
  const seed = problem.card.assess?.seed ?? 42;
  if (problem.features.length === 0) {
    throw new FramewiseError('INVALID_ARGUMENT', 'No column is left to learn from.', { hint: 'Check features.include and features.exclude in the card.', location: { field: 'features' } });
  }
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

  if (task === 'clustering') {
    mainMetric = 'silhouette';
    progress.start('Choosing the number of groups');
    const start = performance.now();
    const kMax = Math.min(10, Math.max(2, frame.rowCount - 1));
    const chosen = await selectKBySilhouette(frame, { kMin: 2, kMax, sampleSize: 2000, seed, params: { seed, n_init: 3 } });
    const seconds = (performance.now() - start) / 1000;
    progress.stop();
    const prediction = chosen.model.predict(frame);
    const clusters = prediction.kind === 'clustering' ? prediction.clusters : new Int32Array(frame.rowCount);
    const modelMetrics: Record<string, number> = { silhouette: chosen.scores.find((s) => s.k === chosen.k)!.silhouette };
    if (referenceCodes) modelMetrics['ami'] = adjustedMutualInfo(referenceCodes, clusters).value;
    leaderboard = [base('model:kmeans', `k-means (k = ${chosen.k}, chosen by silhouette)`, 'model', modelMetrics, seconds)];
    // The bar: split the rows into k groups on one feature alone, scored in the same space.
    const { x } = prepareUnsupervised(frame, undefined, KMEANS, validateParams(KMEANS, KMEANS_SPECS, { n_clusters: chosen.k }));
    const sample = permutation(x.rows, seed).subarray(0, Math.min(x.rows, 2000));
    let best: CandidateScore | null = null;
    for (const feature of problem.features) {
      const column = frame.column(feature);
      const groups = column.kind === 'numeric' || column.kind === 'datetime' ? binNumbers(column.values).map((b) => Math.min(chosen.k - 1, Math.floor((b * chosen.k) / 10))) : discretize(column);
      const s = silhouetteOnRows(x, groups, sample).value;
      const metrics: Record<string, number> = { silhouette: s };
      if (referenceCodes) metrics['ami'] = adjustedMutualInfo(referenceCodes, groups).value;
      const candidate = base(`rule:${feature}`, `split on '${feature}' alone`, 'one-feature-rule', metrics, 0, `${chosen.k} groups by the value of ${feature}`);
      if (Number.isFinite(s) && (best === null || s > best.metrics['silhouette']!.mean)) best = candidate;
    }
    baselines = best ? [best] : [];
    const sModel = modelMetrics['silhouette']!;
    const sBar = best?.metrics['silhouette']!.mean ?? Number.NEGATIVE_INFINITY;
    verdict = blocking(readiness) ?? (sModel < MIN_SILHOUETTE
      ? { verdict: 'no-signal', headline: 'No clear groups: the rows do not fall into distinct clusters.', reason: `The best grouping (k = ${chosen.k}) has a silhouette of ${sModel.toFixed(3)}, below the ${MIN_SILHOUETTE} that marks real structure. Segments drawn from this data would be arbitrary.`, names: null, minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null }
      : sModel - sBar < CLUSTER_MINIMUM_LIFT
        ? { verdict: 'rule-suffices', headline: `A simple split is enough: ${best!.name}.`, reason: `Splitting on one feature gives a silhouette of ${sBar.toFixed(3)}, within ${CLUSTER_MINIMUM_LIFT} of k-means (${sModel.toFixed(3)}): the groups are mostly that one feature.`, names: best!.id, minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null }
        : { verdict: 'use-ml', headline: `Use ML: k-means finds ${chosen.k} distinct groups that no single feature gives.`, reason: `k-means with k = ${chosen.k} reaches a silhouette of ${sModel.toFixed(3)} against ${Number.isFinite(sBar) ? sBar.toFixed(3) : 'n/a'} for the best one-feature split${referenceCodes ? `; against '${reference}' its adjusted mutual information is ${modelMetrics['ami']!.toFixed(3)}` : ''}. Silhouettes by k: ${chosen.scores.map((s) => `${s.k}: ${s.silhouette.toFixed(2)}`).join(', ')}.`, names: 'model:kmeans', minimumLift: CLUSTER_MINIMUM_LIFT, moreDataLikelyHelps: null });
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
    featurePower: [],
    baselines,
    leaderboard,
    lift: { overBestBaseline: null, overPrior: null, bestBaselineOverPrior: null, bestModel: leaderboard[0]?.id ?? null, bestBaseline: baselines[0]?.id ?? 'none' },
    learningCurve: null,
    verdict,
    warnings,
    ...(anomaly === null ? {} : { anomaly }),
  };
}

function blocking(checks: readonly ReadinessCheck[]): Verdict | null {
  const fail = checks.find((c) => c.status === 'fail');
  return fail ? { verdict: 'fix-data-first', headline: `Fix the data first: ${fail.title.toLowerCase()}.`, reason: fail.message, names: fail.id, minimumLift: 0, moreDataLikelyHelps: null } : null;
}
