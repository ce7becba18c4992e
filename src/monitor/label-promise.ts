// Which of a multi-label promise can be compared with a window decided at the thresholds in force:
// the promise was measured at the registered thresholds, so a label whose threshold was moved on
// the server (and every set-level figure, which mixes all labels) is not compared, as a moved
// regression boundary's shares are not.

import type { PromisedMetric } from './performance.js';

export interface ComparablePromise {
  /** The promised metrics still measured at the thresholds in force. */
  readonly promised: Readonly<Record<string, PromisedMetric>>;
  /** The promised value per decision, or null when a threshold moved (or none was promised). */
  readonly promisedValue: PromisedMetric | null;
  /** The labels whose threshold in force differs from the registered one, in label order. */
  readonly moved: readonly string[];
}

/** Per-label metrics are named `metric:LABEL`; any other name is a set-level figure over every label. */
function labelOf(metric: string): string | null {
  const colon = metric.indexOf(':');
  return colon < 0 ? null : metric.slice(colon + 1);
}

export function comparablePromise(
  promised: Readonly<Record<string, PromisedMetric>>,
  promisedValue: PromisedMetric | null,
  registered: Readonly<Record<string, number>>,
  inForce: Readonly<Record<string, number>>,
): ComparablePromise {
  const moved = Object.keys(inForce).filter((label) => registered[label] !== undefined && registered[label] !== inForce[label]);
  if (moved.length === 0) return { promised, promisedValue, moved };
  const kept = Object.entries(promised).filter(([metric]) => {
    const label = labelOf(metric);
    return label !== null && !moved.includes(label);
  });
  return { promised: Object.fromEntries(kept), promisedValue: null, moved };
}
