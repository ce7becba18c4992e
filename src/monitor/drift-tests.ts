// The drift tests, one entry each: which samples it applies to, its default threshold, and the test
// itself. A test compares a reference sample with a current one and says whether it drifted.

import { DRIFT_DEFAULTS } from '../evaluate/watch-plan.js';
import { chiSquaredHomogeneity } from './chi-squared.js';
import {
  DEFAULT_QUANTILE_BINS,
  binCounts,
  jensenShannonDistance,
  populationStabilityIndex,
  quantileEdges,
  standardDeviation,
  wassersteinDistance,
} from './distances.js';
import { ksTwoSample } from './ks-two-sample.js';
import { type DriftSample, type SampleKind, alignCounts } from './sample.js';

export type DriftTestName = 'ks' | 'chi_squared' | 'psi' | 'jensen_shannon' | 'wasserstein';

export interface DriftTestResult {
  /** The statistic compared with the threshold (a p-value for the statistical tests). */
  readonly value: number;
  /** The test statistic itself, for the statistical tests (KS D, chi-squared). */
  readonly statistic?: number;
  readonly pValue?: number;
  readonly threshold: number;
  readonly drifted: boolean;
  /** How the value was computed, when there is a choice (e.g. KS 'exact' or 'asymptotic'). */
  readonly detail?: string;
  /** PSI only: at or above the watch level (0.1) but not drifted. */
  readonly watch?: boolean;
}

export interface DriftTest {
  readonly name: DriftTestName;
  readonly description: string;
  readonly appliesTo: readonly SampleKind[];
  /** 'p-value': drifted when value < threshold; 'distance': drifted when value ≥ threshold. */
  readonly decision: 'p-value' | 'distance';
  readonly defaultThreshold: number;
  test(reference: DriftSample, current: DriftSample, threshold?: number): DriftTestResult;
}

/** Bin counts of both samples: reference deciles for numbers, the label union for categories. */
export function histogramPair(reference: DriftSample, current: DriftSample): { reference: Float64Array; current: Float64Array } {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    const edges = quantileEdges(reference.sorted, DEFAULT_QUANTILE_BINS);
    return { reference: binCounts(reference.sorted, edges), current: binCounts(current.sorted, edges) };
  }
  const aligned = alignCounts(reference, current);
  return { reference: aligned.reference, current: aligned.current };
}

function byPValue(pValue: number, statistic: number, threshold: number, detail?: string): DriftTestResult {
  return {
    value: pValue,
    statistic,
    pValue,
    threshold,
    drifted: pValue < threshold,
    ...(detail === undefined ? {} : { detail }),
  };
}

function byDistance(value: number, threshold: number): DriftTestResult {
  return { value, threshold, drifted: value >= threshold };
}

function numeric(sample: DriftSample, test: string): Float64Array {
  if (sample.kind !== 'numeric') throw new TypeError(`${test} needs numeric samples, got ${sample.kind}`);
  return sample.sorted;
}

export const KS_TEST: DriftTest = {
  name: 'ks',
  description: 'Two-sample Kolmogorov–Smirnov test (two-sided; exact p-value up to 10,000 rows per side, asymptotic above), drifted when p < threshold',
  appliesTo: ['numeric'],
  decision: 'p-value',
  defaultThreshold: DRIFT_DEFAULTS.pValue,
  test(reference, current, threshold = DRIFT_DEFAULTS.pValue) {
    const r = ksTwoSample(numeric(reference, 'ks'), numeric(current, 'ks'));
    return byPValue(r.pValue, r.statistic, threshold, r.method);
  },
};

export const CHI_SQUARED_TEST: DriftTest = {
  name: 'chi_squared',
  description: 'Chi-squared test of homogeneity on the 2 × k table of category counts (Yates-corrected for two categories), drifted when p < threshold',
  appliesTo: ['categorical', 'numeric'],
  decision: 'p-value',
  defaultThreshold: DRIFT_DEFAULTS.pValue,
  test(reference, current, threshold = DRIFT_DEFAULTS.pValue) {
    const { reference: r, current: c } = alignCounts(reference, current);
    const result = chiSquaredHomogeneity(r, c);
    return byPValue(result.pValue, result.statistic, threshold, `dof ${result.dof}`);
  },
};

export const PSI_TEST: DriftTest = {
  name: 'psi',
  description: 'Population Stability Index over reference deciles (numbers) or categories; empty shares count as 1e-4; drifted when PSI ≥ threshold',
  appliesTo: ['numeric', 'categorical'],
  decision: 'distance',
  defaultThreshold: DRIFT_DEFAULTS.psiDrift,
  test(reference, current, threshold = DRIFT_DEFAULTS.psiDrift) {
    const h = histogramPair(reference, current);
    const result = byDistance(populationStabilityIndex(h.reference, h.current), threshold);
    return { ...result, watch: !result.drifted && result.value >= DRIFT_DEFAULTS.psiWatch };
  },
};

export const JENSEN_SHANNON_TEST: DriftTest = {
  name: 'jensen_shannon',
  description: 'Jensen–Shannon distance, base 2 (0 … 1), over reference deciles (numbers) or categories; drifted when distance ≥ threshold',
  appliesTo: ['categorical', 'numeric'],
  decision: 'distance',
  defaultThreshold: DRIFT_DEFAULTS.jensenShannonDrift,
  test(reference, current, threshold = DRIFT_DEFAULTS.jensenShannonDrift) {
    const h = histogramPair(reference, current);
    return byDistance(jensenShannonDistance(h.reference, h.current), threshold);
  },
};

export const WASSERSTEIN_TEST: DriftTest = {
  name: 'wasserstein',
  description: 'First Wasserstein distance divided by the reference standard deviation (ddof 0); drifted when ≥ threshold',
  appliesTo: ['numeric'],
  decision: 'distance',
  defaultThreshold: DRIFT_DEFAULTS.wassersteinDrift,
  test(reference, current, threshold = DRIFT_DEFAULTS.wassersteinDrift) {
    const r = numeric(reference, 'wasserstein');
    const c = numeric(current, 'wasserstein');
    const w = wassersteinDistance(r, c);
    let sd = standardDeviation(r);
    // A constant reference: any movement is drift; none is none.
    if (!(sd > 0)) sd = w > 0 ? w / (2 * threshold) : 1;
    return byDistance(w / sd, threshold);
  },
};

/** Every drift test by name. */
export const DRIFT_TESTS: Readonly<Record<DriftTestName, DriftTest>> = {
  ks: KS_TEST,
  chi_squared: CHI_SQUARED_TEST,
  psi: PSI_TEST,
  jensen_shannon: JENSEN_SHANNON_TEST,
  wasserstein: WASSERSTEIN_TEST,
};

export function isDriftTestName(name: string): name is DriftTestName {
  return Object.prototype.hasOwnProperty.call(DRIFT_TESTS, name);
}
