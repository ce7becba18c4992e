// The brief's model for clustering: k-means trained on every row with the k the assessment chose,
// its policy (the cluster, one of k), its promise (silhouette with an interval, AMI against the
// reference when there is one, and each cluster's share of the rows), and the groups it makes.

import { permutation, Rng } from '../core/rng.js';
import type { AssessmentRun } from '../evaluate/assess.js';
import { clusterQuality } from '../evaluate/cluster-quality.js';
import { discretize } from '../evaluate/feature-power.js';
import { percentile } from '../evaluate/interval.js';
import { adjustedMutualInfo } from '../evaluate/metrics/index.js';
import { watchPlan } from '../evaluate/watch-plan.js';
import type { Problem } from '../frame/problem.js';
import type { FittedModel } from '../learn/estimator.js';
import type { FittedKMeans } from '../learn/kmeans/fitted-kmeans.js';
import { KMeans } from '../learn/kmeans/kmeans.js';
import type { DecisionPolicy, DecisionPromise, Estimate } from '../registry/decision-package.js';
import type { Brief, ClusterGroups } from './brief-data.js';

export interface ClusterBrief {
  readonly model: FittedModel;
  readonly policy: DecisionPolicy;
  readonly promise: DecisionPromise;
  readonly choice: NonNullable<Brief['choice']>;
  readonly watch: NonNullable<Brief['watch']>;
  readonly groups: ClusterGroups;
  /** The run, with the rows and settings the model was trained with (what `--register` records). */
  readonly run: AssessmentRun;
}

const AMI_RESAMPLES = 200;

/** The clustering model the brief puts forward, or null when the assessment ran no k-means. */
export async function clusterBrief(problem: Problem, run: AssessmentRun): Promise<ClusterBrief | null> {
  const a = run.assessment;
  const entry = a.leaderboard.find((e) => e.id === 'model:kmeans');
  if (a.framing.task !== 'clustering' || entry?.params === undefined) return null;
  const seed = a.evaluation.seed;
  const frame = problem.frame.select(problem.features);
  // The same settings and seed as the assessment's fit for this k: the same model.
  const model = (await new KMeans(entry.params).fit(frame, undefined)) as FittedKMeans;
  const k = model.clusterCount;
  const prediction = model.predict(frame);
  const clusters = prediction.kind === 'clustering' ? prediction.clusters : new Int32Array(frame.rowCount);
  const quality = clusterQuality(model.transform(frame), clusters, k, seed);
  const metrics: Record<string, Estimate> = { silhouette: quality.silhouette };
  const reference = problem.card.referenceColumn ?? null;
  if (reference !== null && problem.frame.has(reference)) metrics['ami'] = amiWithInterval(discretize(problem.frame.column(reference)), clusters, seed);
  const policy: DecisionPolicy = { kind: 'model-output', k, source: 'default' };
  const promise: DecisionPromise = { metrics, value: null, positiveRate: null, rows: frame.rowCount, clusterShares: quality.shares };
  const groups: ClusterGroups = {
    k,
    kSource: entry.name,
    groups: Object.keys(quality.sizes).map((cluster) => ({ cluster, rows: quality.sizes[cluster]!, share: quality.shares[cluster]! })),
    silhouette: quality.silhouette,
    sampledRows: quality.sampledRows,
  };
  const plan = watchPlan(model.signature, [], 'silhouette', quality.silhouette.mean, Number.isFinite(quality.silhouette.low) ? quality.silhouette.low : quality.silhouette.mean);
  const watch = {
    ...plan,
    performance: { ...plan.performance, note: `The groups promise a silhouette of ${quality.silhouette.mean.toFixed(3)} and each group's share of the rows (${groups.groups.map((g) => `${g.cluster}: ${(g.share * 100).toFixed(1)}%`).join(', ')}); monitoring measures both on each window, without labels, and a silhouette below ${plan.performance.floor.toFixed(3)} or shares that move mean the groups no longer fit the data.` },
    retrainTrigger: 'Re-run the brief (framewise brief CARD --register NAME) when the groups\' shares move or their silhouette falls below the promise: k-means has no labels to retrain against, so a new assessment chooses k again and the new groups are named afresh.',
  };
  const choice = { model: entry.id, reason: `k-means with k = ${k} (the number of groups with the best silhouette) groups the rows; each row's decision is its cluster.`, valueByModel: [] };
  const withModel: AssessmentRun = { ...run, chosen: { family: 'kmeans', params: entry.params, frame, target: '' } };
  return { model, policy, promise, choice, watch, groups, run: withModel };
}

/** AMI against the reference, with a 95% percentile interval from resampled rows (at most 2,000 rows per resample). */
function amiWithInterval(reference: Int32Array, clusters: Int32Array, seed: number): Estimate {
  const mean = adjustedMutualInfo(reference, clusters).value;
  const n = Math.min(reference.length, 2000);
  const order = permutation(reference.length, seed);
  const rng = new Rng(seed);
  const values: number[] = [];
  for (let b = 0; b < AMI_RESAMPLES; b++) {
    const r = new Int32Array(n);
    const c = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = order[rng.int(n)]!;
      r[i] = reference[row]!;
      c[i] = clusters[row]!;
    }
    values.push(adjustedMutualInfo(r, c).value);
  }
  return { mean, low: Math.max(-1, percentile(values, 0.025)), high: Math.min(1, percentile(values, 0.975)) };
}
