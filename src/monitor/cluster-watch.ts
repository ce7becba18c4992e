// Monitoring a clustering model without labels: each cluster's share of the window against its
// share of the training rows (the promise's), and the silhouette of the window's rows in the
// model's scaled space against the promised silhouette, overall and per rolling window over time.

import type { Frame } from '../data/frame.js';
import { clusterQuality } from '../evaluate/cluster-quality.js';
import type { Prediction } from '../learn/estimator.js';
import { FittedKMeans } from '../learn/kmeans/fitted-kmeans.js';
import type { FittedModel } from '../learn/estimator.js';
import type { DecisionPromise, Estimate } from '../registry/decision-package.js';
import { chiSquaredSf } from './special/gamma.js';
import { isoTime, timeWindows, type WindowLength } from './time-windows.js';

/** A share test below this p-value, with a share moved by at least SHARE_SHIFT, means the groups moved. */
export const SHARES_P_VALUE = 0.01;
/** The smallest change of one cluster's share (absolute) that counts, so large windows do not flag tiny moves. */
export const SHARE_SHIFT = 0.05;
/** Rows per rolling window the silhouette is measured on (its cost is quadratic in them). */
const WINDOW_SAMPLE = 500;

export interface ClusterShare {
  /** The cluster's label, as predict and the server write it. */
  readonly cluster: string;
  /** Its share of the training rows (the promise's, else the reference sample's). */
  readonly training: number;
  readonly current: number;
  readonly rows: number;
}

export interface ClusterWatch {
  readonly k: number;
  readonly shares: readonly ClusterShare[];
  /** Where the training shares come from: the registered promise, or the model's clusters on the reference sample (older packages). */
  readonly sharesSource: 'promise' | 'reference-sample';
  /** Chi-squared goodness of fit of the window's cluster counts to the training shares. */
  readonly sharesTest: { readonly statistic: number; readonly dof: number; readonly pValue: number };
  /** The largest absolute change of one cluster's share. */
  readonly largestShift: { readonly cluster: string; readonly change: number } | null;
  /** p < SHARES_P_VALUE and a share moved by at least SHARE_SHIFT. */
  readonly sharesShifted: boolean;
  /** The window's silhouette (on a seeded sample, 95% interval) against the promised one; null when it cannot be measured. */
  readonly silhouette: (Estimate & { readonly sampledRows: number; readonly promised: Estimate | null; readonly belowPromise: boolean }) | null;
  /** Per rolling window (empty without row times): its rows, cluster shares and silhouette. */
  readonly overTime: readonly { readonly start: string; readonly end: string; readonly rows: number; readonly shares: Readonly<Record<string, number>>; readonly silhouette: number }[];
}

export interface ClusterWatchInput {
  readonly model: FittedModel;
  readonly current: Frame;
  /** The model's clusters for the window (null when it could not predict). */
  readonly prediction: Prediction | null;
  /** The model's clusters for the reference sample (the training shares of older packages). */
  readonly reference: Prediction | null;
  readonly promise: DecisionPromise;
  readonly times: Float64Array | null;
  readonly rolling: WindowLength;
  readonly origin?: number;
  readonly seed: number;
}

/** Null when the model is not a clustering model or could not predict the window. */
export function clusterWatch(input: ClusterWatchInput): ClusterWatch | null {
  const p = input.prediction;
  if (p === null || p.kind !== 'clustering') return null;
  const k = input.model instanceof FittedKMeans ? input.model.clusterCount : Math.max(0, ...p.clusters) + 1;
  const trainingShares = sharesOf(input.promise.clusterShares, input.reference, k);
  if (trainingShares === null) return null;
  const counts = new Float64Array(k);
  for (const c of p.clusters) if (c >= 0 && c < k) counts[c]++;
  const n = p.clusters.length;
  const shares = trainingShares.shares.map((training, c) => ({ cluster: String(c), training, current: n === 0 ? 0 : counts[c]! / n, rows: counts[c]! }));
  const sharesTest = goodnessOfFit(counts, trainingShares.shares);
  const largest = shares.reduce<ClusterShare | null>((best, s) => (best === null || Math.abs(s.current - s.training) > Math.abs(best.current - best.training) ? s : best), null);
  const largestShift = largest === null || n === 0 ? null : { cluster: largest.cluster, change: largest.current - largest.training };
  const sharesShifted = largestShift !== null && sharesTest.pValue < SHARES_P_VALUE && Math.abs(largestShift.change) >= SHARE_SHIFT;

  let silhouette: ClusterWatch['silhouette'] = null;
  let overTime: ClusterWatch['overTime'] = [];
  if (input.model instanceof FittedKMeans && n > 0) {
    const x = input.model.transform(input.current);
    const quality = clusterQuality(x, p.clusters, k, input.seed);
    const promised = input.promise.metrics['silhouette'] ?? null;
    if (Number.isFinite(quality.silhouette.mean)) {
      const s = quality.silhouette;
      // Below the promise only when the window's whole interval lies under the promise's lower end.
      const belowPromise = promised !== null && Number.isFinite(promised.low) && (Number.isFinite(s.high) ? s.high : s.mean) < promised.low;
      silhouette = { ...s, sampledRows: quality.sampledRows, promised, belowPromise };
    }
    if (input.times !== null) {
      overTime = timeWindows(input.times, input.rolling, input.origin).map((w) => {
        const rows = input.current.take(w.rows);
        const clusters = Int32Array.from(w.rows, (r) => p.clusters[r]!);
        const q = clusterQuality(input.model instanceof FittedKMeans ? input.model.transform(rows) : x, clusters, k, input.seed, WINDOW_SAMPLE);
        return { start: isoTime(w.start), end: isoTime(w.end), rows: w.rows.length, shares: q.shares, silhouette: q.silhouette.mean };
      });
    }
  }
  return { k, shares, sharesSource: trainingShares.source, sharesTest, largestShift, sharesShifted, silhouette, overTime };
}

/** The training shares: the promise's when it holds them, else the reference sample's clusters. */
function sharesOf(promised: Readonly<Record<string, number>> | undefined, reference: Prediction | null, k: number): { shares: number[]; source: ClusterWatch['sharesSource'] } | null {
  if (promised !== undefined && Object.keys(promised).length > 0) return { shares: Array.from({ length: k }, (_, c) => promised[String(c)] ?? 0), source: 'promise' };
  if (reference === null || reference.kind !== 'clustering' || reference.clusters.length === 0) return null;
  const counts = new Array<number>(k).fill(0);
  for (const c of reference.clusters) if (c >= 0 && c < k) counts[c]!++;
  return { shares: counts.map((v) => v / reference.clusters.length), source: 'reference-sample' };
}

/** Pearson's chi-squared goodness of fit of observed counts to expected shares (clusters with no expected rows are left out). */
function goodnessOfFit(counts: Float64Array, shares: readonly number[]): ClusterWatch['sharesTest'] {
  const n = counts.reduce((a, b) => a + b, 0);
  let statistic = 0;
  let cells = 0;
  for (let c = 0; c < counts.length; c++) {
    const expected = n * shares[c]!;
    if (expected <= 0) continue;
    cells++;
    statistic += (counts[c]! - expected) ** 2 / expected;
  }
  const dof = cells - 1;
  if (n === 0 || dof <= 0) return { statistic: 0, dof: Math.max(0, dof), pValue: 1 };
  return { statistic, dof, pValue: chiSquaredSf(statistic, dof) };
}

/** The monitoring summary's clause on the groups. */
export function clusterPart(w: ClusterWatch): string {
  const shift = w.largestShift === null ? '' : `, largest change cluster ${w.largestShift.cluster} ${w.largestShift.change >= 0 ? '+' : ''}${(w.largestShift.change * 100).toFixed(1)} points`;
  // A share test can be significant on many rows while no share moved far enough to count: say so,
  // rather than 'as in training' beside a p below 0.001.
  const within = w.sharesTest.pValue < SHARES_P_VALUE ? `cluster shares within ${(SHARE_SHIFT * 100).toFixed(0)} points of training` : 'cluster shares as in training';
  const shares = `${w.sharesShifted ? 'cluster shares shifted' : within} (p ${w.sharesTest.pValue < 0.001 ? '< 0.001' : w.sharesTest.pValue.toFixed(3)}${shift})`;
  const s = w.silhouette;
  if (s === null) return shares;
  const promised = s.promised === null ? '' : ` vs ${s.promised.mean.toFixed(3)} promised`;
  return `${shares}; silhouette ${s.mean.toFixed(3)}${promised}${s.belowPromise ? ' — BELOW THE PROMISE' : ''}`;
}
