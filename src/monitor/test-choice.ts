// Which drift test a column gets: by its kind and the reference's size unless the card overrides
// it per feature. Small references get statistical tests, large ones distances (as Evidently).

import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import { DRIFT_DEFAULTS } from '../evaluate/watch-plan.js';
import {
  CHI_SQUARED_TEST,
  DRIFT_TESTS,
  type DriftTest,
  type DriftTestName,
  JENSEN_SHANNON_TEST,
  KS_TEST,
  PSI_TEST,
  WASSERSTEIN_TEST,
  isDriftTestName,
} from './drift-tests.js';
import { type DriftSample, distinctCount, sampleSize } from './sample.js';

/** Numbers with at most this many distinct reference values are tested as categories. */
export const MAX_DISTINCT_AS_CATEGORIES = 5;

/**
 * Presets are lists of entries: a feature gets the first entry that applies to its kind. 'auto'
 * (the default) chooses by kind and reference size instead, see `defaultTestName`.
 */
export const DRIFT_PRESETS = {
  statistical: [KS_TEST, CHI_SQUARED_TEST],
  distances: [WASSERSTEIN_TEST, JENSEN_SHANNON_TEST],
  psi: [PSI_TEST],
} as const satisfies Readonly<Record<string, readonly DriftTest[]>>;

export type DriftPreset = 'auto' | keyof typeof DRIFT_PRESETS;

/** Per feature: a test name, or a test name with its own threshold. */
export type DriftOverride = DriftTestName | { readonly test: DriftTestName; readonly threshold?: number };
export type DriftOverrides = Readonly<Record<string, DriftOverride>>;

export interface TestChoice {
  readonly test: DriftTest;
  readonly threshold: number;
  readonly chosenBy: 'default' | 'override';
  /** The kind the samples are tested as (few-valued numbers become categorical). */
  readonly testedAs: DriftSample['kind'];
}

/**
 * The default: numbers (more than five distinct values) get the two-sample KS test at p < 0.05
 * while the reference has fewer than 1,000 rows, and the Wasserstein distance over the reference
 * standard deviation (≥ 0.1) from 1,000 rows on; categories get chi-squared at p < 0.05, then the
 * Jensen–Shannon distance (≥ 0.1). On large samples a p-value flags differences too small to
 * matter, hence distances there. PSI (≥ 0.2) is in the table but not a default: on normal data a
 * shift of 0.2 standard deviations moves decile PSI by only about 0.04.
 */
export function defaultTestName(reference: DriftSample, preset: DriftPreset = 'auto'): { name: DriftTestName; testedAs: DriftSample['kind'] } {
  const asNumbers = reference.kind === 'numeric' && distinctCount(reference.sorted, MAX_DISTINCT_AS_CATEGORIES) > MAX_DISTINCT_AS_CATEGORIES;
  const testedAs = asNumbers ? 'numeric' : 'categorical';
  if (preset !== 'auto') {
    const entries: readonly DriftTest[] = DRIFT_PRESETS[preset];
    const entry = entries.find((t) => t.appliesTo.includes(testedAs));
    if (entry === undefined) throw new FramewiseError('INTERNAL', `Preset '${preset}' has no test for ${testedAs} samples.`);
    return { name: entry.name, testedAs };
  }
  const small = sampleSize(reference) < DRIFT_DEFAULTS.minRowsForDistances;
  if (asNumbers) return { name: small ? 'ks' : 'wasserstein', testedAs };
  return { name: small ? 'chi_squared' : 'jensen_shannon', testedAs };
}

/** The test for one feature: its override when given (checked), else the default. */
export function chooseTest(feature: string, reference: DriftSample, override?: DriftOverride, preset: DriftPreset = 'auto'): TestChoice {
  if (override === undefined) {
    const d = defaultTestName(reference, preset);
    const test = DRIFT_TESTS[d.name];
    return { test, threshold: test.defaultThreshold, chosenBy: 'default', testedAs: d.testedAs };
  }
  const name = typeof override === 'string' ? override : override.test;
  if (!isDriftTestName(name)) {
    throw new FramewiseError('INVALID_ARGUMENT', `Drift test '${name}' for feature '${feature}' does not exist.`, {
      hint: suggestionHint(name, Object.keys(DRIFT_TESTS), 'drift test'),
      location: { column: feature },
    });
  }
  const test = DRIFT_TESTS[name];
  const threshold = typeof override === 'string' ? test.defaultThreshold : (override.threshold ?? test.defaultThreshold);
  if (!(Number.isFinite(threshold) && threshold > 0)) {
    throw new FramewiseError('INVALID_ARGUMENT', `Drift threshold ${threshold} for feature '${feature}' is not a positive number.`, {
      hint: test.decision === 'distance' ? `Give '${name}' a distance level such as ${test.defaultThreshold}.` : `Give '${name}' a p-value level such as ${test.defaultThreshold}.`,
      location: { column: feature },
    });
  }
  if (!test.appliesTo.includes(reference.kind)) {
    throw new FramewiseError('INVALID_ARGUMENT', `Drift test '${name}' does not apply to ${reference.kind} feature '${feature}'.`, {
      hint: `Use one of: ${Object.values(DRIFT_TESTS)
        .filter((t) => t.appliesTo.includes(reference.kind))
        .map((t) => t.name)
        .join(', ')}.`,
      location: { column: feature },
    });
  }
  return { test, threshold, chosenBy: 'override', testedAs: test.name === 'chi_squared' ? 'categorical' : reference.kind };
}
