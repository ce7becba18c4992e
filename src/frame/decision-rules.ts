// How a decision policy turns one row's model output into a decision: the one rule per kind of
// problem that the brief, predict, the server, monitor and retrain all apply, so a row is decided
// (and valued) the same way at every stage.

/** Value of deciding `decided` when the truth is `actual`: costMatrix[actual][decided]; a missing cell is worth 0. */
export type CostMatrixCells = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * Multiclass by expected value: the index of the class whose expected value,
 * sum over actual classes a of p(a) x costMatrix[a][decided], is highest. `probabilities` holds
 * one row of K class probabilities starting at `offset`. Ties go to the more likely class, then
 * to the earlier one, so a matrix that prices every decision alike decides as the most likely class.
 */
export function expectedValueClass(probabilities: ArrayLike<number>, offset: number, classes: readonly string[], costMatrix: CostMatrixCells): number {
  const K = classes.length;
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let decided = 0; decided < K; decided++) {
    let value = 0;
    for (let actual = 0; actual < K; actual++) value += probabilities[offset + actual]! * (costMatrix[classes[actual]!]?.[classes[decided]!] ?? 0);
    const better = value > bestValue + 1e-12 || (Math.abs(value - bestValue) <= 1e-12 && probabilities[offset + decided]! > probabilities[offset + best]!);
    if (better) {
      best = decided;
      bestValue = value;
    }
  }
  return best;
}

/** The most likely class's index in one row of K probabilities starting at `offset` (ties: the earlier class). */
export function mostLikelyClass(probabilities: ArrayLike<number>, offset: number, K: number): number {
  let best = 0;
  for (let k = 1; k < K; k++) if (probabilities[offset + k]! > probabilities[offset + best]!) best = k;
  return best;
}

/** Regression with a boundary: true when the prediction is on the boundary's `above` side (at or above it). */
export function isAboveBoundary(predicted: number, boundary: number): boolean {
  return predicted >= boundary;
}

/** Multi-label: the labels whose probability reaches their threshold (0.5 for a label the policy does not name). */
export function labelsAtThresholds(probabilities: ArrayLike<number>, offset: number, labels: readonly string[], thresholds: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (let l = 0; l < labels.length; l++) if (probabilities[offset + l]! >= (thresholds[labels[l]!] ?? 0.5)) out.push(labels[l]!);
  return out;
}

/** Anomalies: a row is flagged when its anomaly score reaches the threshold. */
export function isFlagged(score: number, threshold: number): boolean {
  return score >= threshold;
}
