// Retraining an anomaly model: a challenger isolation forest grown on the new rows the champion is
// compared on, both flagging at the champion's score threshold on the same held-out rows. Without
// known anomalies the comparison can only say how far the flagged sets agree and how many rows each
// flags; with them, precision, recall and ROC AUC decide.

import { Rng } from '../core/rng.js';
import type { Frame } from '../data/frame.js';
import type { FittedModel } from '../learn/estimator.js';
import { IsolationForest } from '../learn/iforest/iforest.js';
import type { DecisionPromise, Estimate } from '../registry/decision-package.js';
import { agreement, flagsAt, shareFlagged } from './anomaly-flags.js';
import { percentile } from './interval.js';
import { rocAuc } from './metrics/index.js';

export type AnomalyRetrainVerdict = 'retrain' | 'champion-better' | 'not-enough-evidence' | 'cannot-judge-without-labels';

export interface AnomalySide {
  readonly flaggedShare: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly rocAuc: number | null;
}

export interface AnomalyComparison {
  readonly threshold: number;
  readonly rows: number;
  readonly labelled: number;
  readonly champion: AnomalySide;
  readonly challenger: AnomalySide;
  /** Of the rows the champion flags, the share the challenger flags too; and the reverse. */
  readonly agreement: number;
  readonly reverseAgreement: number;
  /** Challenger minus champion in ROC AUC on the held-out rows, with a paired bootstrap 95% interval; null without labels. */
  readonly aucDifference: Estimate | null;
  readonly verdict: AnomalyRetrainVerdict;
  readonly reason: string;
}

export interface AnomalyChallengerRun {
  readonly challenger: FittedModel;
  readonly comparison: AnomalyComparison;
  /** The challenger's promise: its flagged share at the threshold on the rows it learned from, and held-out metrics with labels. */
  readonly promise: DecisionPromise;
}

export interface AnomalyChallengerInput {
  readonly champion: FittedModel;
  readonly frame: Frame;
  readonly train: Int32Array;
  readonly test: Int32Array;
  readonly threshold: number;
  /** 1 for a known anomaly per row of `frame`, null without labels. */
  readonly known: Int32Array | null;
  readonly seed: number;
  readonly contamination: number;
}

export async function runAnomalyChallenger(input: AnomalyChallengerInput): Promise<AnomalyChallengerRun> {
  const features = input.champion.signature.features.map((f) => f.name);
  const data = input.frame.select(features);
  const trainFrame = data.take(input.train);
  const testFrame = data.take(input.test);
  const challenger = await new IsolationForest({ seed: input.seed, contamination: Math.min(0.5, Math.max(1e-3, input.contamination)) }).fit(trainFrame, undefined);
  const scoresOf = (model: FittedModel, frame: Frame): Float64Array => {
    const p = model.predict(frame);
    return p.kind === 'anomaly' ? p.scores : new Float64Array(frame.rowCount).fill(Number.NaN);
  };
  const t = input.threshold;
  const champ = scoresOf(input.champion, testFrame);
  const chall = scoresOf(challenger, testFrame);
  const champFlags = flagsAt(champ, t);
  const challFlags = flagsAt(chall, t);
  const y = input.known === null ? null : Int32Array.from(input.test, (i) => input.known![i]!);
  const labelled = y === null ? 0 : y.length;
  const side = (scores: Float64Array, flags: Uint8Array): AnomalySide => {
    if (y === null) return { flaggedShare: shareFlagged(scores, t), precision: null, recall: null, rocAuc: null };
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      if (flags[i] === 1) y[i] === 1 ? tp++ : fp++;
      else if (y[i] === 1) fn++;
    }
    return { flaggedShare: shareFlagged(scores, t), precision: tp + fp === 0 ? null : tp / (tp + fp), recall: tp + fn === 0 ? null : tp / (tp + fn), rocAuc: finiteOrNull(rocAuc(y, scores).value) };
  };
  const champion = side(champ, champFlags);
  const challengerSide = side(chall, challFlags);
  const agree = agreement(champFlags, challFlags);
  const reverse = agreement(challFlags, champFlags);
  const aucDifference = y === null || champion.rocAuc === null || challengerSide.rocAuc === null ? null : pairedAucDifference(y, champ, chall, input.seed);
  const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
  const shares = `At score ${t} the champion flags ${pct(champion.flaggedShare)} of the ${input.test.length} held-out rows and the challenger ${pct(challengerSide.flaggedShare)}; ${pct(agree)} of the champion's flags are the challenger's too (${pct(reverse)} the other way).`;
  let verdict: AnomalyRetrainVerdict;
  let reason: string;
  if (aucDifference === null) {
    verdict = 'cannot-judge-without-labels';
    reason = `${shares} Without known anomalies nothing shows which model flags the rows that matter: ${Number.isFinite(agree) && agree >= 0.8 ? 'they flag nearly the same rows, so replacing the champion changes little' : 'they flag different rows, so review a sample of the rows only one of them flags before promoting'}. Name a column of known anomalies (referenceColumn) in the data to compare them on it.`;
  } else if (aucDifference.low > 0) {
    verdict = 'retrain';
    reason = `${shares} On ${labelled} labelled rows the challenger ranks known anomalies better: ROC AUC ${challengerSide.rocAuc!.toFixed(3)} against ${champion.rocAuc!.toFixed(3)} (difference ${aucDifference.mean.toFixed(3)}, 95% interval ${aucDifference.low.toFixed(3)} to ${aucDifference.high.toFixed(3)}).`;
  } else if (aucDifference.high < 0) {
    verdict = 'champion-better';
    reason = `${shares} On ${labelled} labelled rows the champion ranks known anomalies better: ROC AUC ${champion.rocAuc!.toFixed(3)} against ${challengerSide.rocAuc!.toFixed(3)} for the challenger.`;
  } else {
    verdict = 'not-enough-evidence';
    reason = `${shares} On ${labelled} labelled rows the two rank known anomalies alike: ROC AUC ${challengerSide.rocAuc!.toFixed(3)} for the challenger against ${champion.rocAuc!.toFixed(3)} (difference ${aucDifference.mean.toFixed(3)}, 95% interval ${aucDifference.low.toFixed(3)} to ${aucDifference.high.toFixed(3)}, which holds 0).`;
  }
  const trainShare = shareFlagged(scoresOf(challenger, trainFrame), t);
  const half = 1.96 * Math.sqrt((trainShare * (1 - trainShare)) / Math.max(1, input.train.length));
  const metrics: Record<string, Estimate> = { flagged_share: { mean: trainShare, low: Math.max(0, trainShare - half), high: Math.min(1, trainShare + half) } };
  if (challengerSide.precision !== null) metrics['precision'] = point(challengerSide.precision);
  if (challengerSide.recall !== null) metrics['recall'] = point(challengerSide.recall);
  if (challengerSide.rocAuc !== null) metrics['roc_auc'] = point(challengerSide.rocAuc);
  return {
    challenger,
    comparison: { threshold: t, rows: input.test.length, labelled, champion, challenger: challengerSide, agreement: agree, reverseAgreement: reverse, aucDifference, verdict, reason },
    promise: { metrics, value: null, positiveRate: trainShare, rows: input.train.length },
  };
}

function point(v: number): Estimate {
  return { mean: v, low: Number.NaN, high: Number.NaN };
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Challenger minus champion ROC AUC, with a 95% interval from 200 paired bootstrap resamples of the rows. */
function pairedAucDifference(y: Int32Array, a: Float64Array, b: Float64Array, seed: number): Estimate {
  const n = y.length;
  const mean = rocAuc(y, b).value - rocAuc(y, a).value;
  const diffs: number[] = [];
  const rng = new Rng(seed);
  for (let r = 0; r < 200; r++) {
    const rows = Int32Array.from({ length: n }, () => rng.int(n));
    const yy = Int32Array.from(rows, (i) => y[i]!);
    const d = rocAuc(yy, Float64Array.from(rows, (i) => b[i]!)).value - rocAuc(yy, Float64Array.from(rows, (i) => a[i]!)).value;
    if (Number.isFinite(d)) diffs.push(d);
  }
  return { mean, low: percentile(diffs, 0.025), high: percentile(diffs, 0.975) };
}
