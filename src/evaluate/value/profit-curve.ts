// The profit curve of a binary classifier: the value of acting on every row scored at or above
// a threshold, for every threshold, from out-of-fold scores and what each outcome is worth.
// Each threshold is the shortest decimal that splits the rows where its score does (0.17, not
// 0.1723452), so a policy reads well and decides the measured rows exactly as the curve says.

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
 * Sweeps the scores from high to low: each distinct score starts a point where every row with
 * that score or above is flagged, at the shortest threshold between it and the next lower score.
 * The first point flags nothing (threshold above every score).
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
    const lower = i < n ? scores[order[i]!]! : Number.NEGATIVE_INFINITY;
    points.push(point(shortestThreshold(lower, s), tp, fp, n - positives - fp, positives - tp, values));
  }
  let best = points[0]!;
  for (const p of points) if (p.valuePerDecision > best.valuePerDecision) best = p;
  return { points, best };
}

/**
 * The number with the fewest decimals in (lower, upper], the largest such: it flags exactly the
 * rows scored at or above `upper` when no score lies between the two.
 */
export function shortestThreshold(lower: number, upper: number): number {
  for (let digits = 0; digits <= 15; digits++) {
    const scale = 10 ** digits;
    // Scaling can round either way in binary (0.29 * 100 is 28.999…), so the nearer candidate is
    // tried first and only a value that truly lies in the range is taken.
    for (const t of [Math.floor(upper * scale + 1e-9) / scale, Math.floor(upper * scale) / scale]) if (t > lower && t <= upper) return t;
  }
  return upper;
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
