// The profit curve of a binary classifier: the value of acting on every row scored at or above
// a threshold, for every threshold, from out-of-fold scores and what each outcome is worth.

export interface OutcomeValues {
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly trueNegative: number;
  readonly falseNegative: number;
}

export interface ThresholdPoint {
  /** Rows scored at or above this act as positive. */
  readonly threshold: number;
  /** Average value per decision. */
  readonly valuePerDecision: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** NaN when nothing is flagged. */
  readonly precision: number;
  readonly recall: number;
}

export interface ProfitCurve {
  /** One point per distinct score (plus "flag nothing"), thresholds descending. */
  readonly points: readonly ThresholdPoint[];
  readonly best: ThresholdPoint;
}

function point(threshold: number, tp: number, fp: number, tn: number, fn: number, v: OutcomeValues): ThresholdPoint {
  const n = tp + fp + tn + fn;
  return {
    threshold,
    valuePerDecision: (tp * v.truePositive + fp * v.falsePositive + tn * v.trueNegative + fn * v.falseNegative) / n,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
    recall: tp + fn === 0 ? Number.NaN : tp / (tp + fn),
  };
}

/**
 * Sweeps the scores from high to low: each distinct score is a threshold where every row with
 * that score or above is flagged. The first point flags nothing (threshold above every score).
 */
export function profitCurve(positive: ArrayLike<boolean>, scores: ArrayLike<number>, values: OutcomeValues): ProfitCurve {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i]) positives++;
  let tp = 0;
  let fp = 0;
  const points: ThresholdPoint[] = [point(Number.POSITIVE_INFINITY, 0, 0, n - positives, positives, values)];
  let i = 0;
  while (i < n) {
    const s = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === s) {
      if (positive[order[i]!]) tp++;
      else fp++;
      i++;
    }
    points.push(point(s, tp, fp, n - positives - fp, positives - tp, values));
  }
  let best = points[0]!;
  for (const p of points) if (p.valuePerDecision > best.valuePerDecision) best = p;
  return { points, best };
}

/** The point a fixed threshold gives (rows scored at or above it are flagged). */
export function valueAtThreshold(positive: ArrayLike<boolean>, scores: ArrayLike<number>, threshold: number, values: OutcomeValues): ThresholdPoint {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! >= threshold;
    if (positive[i]) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  return point(threshold, tp, fp, tn, fn, values);
}

/** At most `count` points spread over the curve, always keeping the best, for drawing. */
export function thinCurve(curve: ProfitCurve, count = 200): ThresholdPoint[] {
  const finite = curve.points.filter((p) => Number.isFinite(p.threshold));
  if (finite.length <= count) return finite;
  const step = finite.length / count;
  const out: ThresholdPoint[] = [];
  for (let k = 0; k < count; k++) out.push(finite[Math.floor(k * step)]!);
  if (!out.includes(curve.best) && Number.isFinite(curve.best.threshold)) out.push(curve.best);
  return out.sort((a, b) => b.threshold - a.threshold);
}
