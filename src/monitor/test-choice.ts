// Which drift test a column gets: by its kind and the reference's size unless the card overrides
// it per feature. Small references get statistical tests, large ones distances (as Evidently).

import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import { DRIFT_DEFAULTS } from '../evaluate/watch-plan.js';
import { DRIFT_TESTS, type DriftTest, type DriftTestName, isDriftTestName } from './drift-tests.js';
import { type DriftSample, distinctCount, sampleSize } from './sample.js';

/** Numbers with at most this many distinct reference values are tested as categories. */
export const MAX_DISTINCT_AS_CATEGORIES = 5;

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
export function defaultTestName(reference: DriftSample): { name: DriftTestName; testedAs: DriftSample['kind'] } {
  const small = sampleSize(reference) < DRIFT_DEFAULTS.minRowsForDistances;
  const asNumbers = reference.kind === 'numeric' && distinctCount(reference.sorted, MAX_DISTINCT_AS_CATEGORIES) > MAX_DISTINCT_AS_CATEGORIES;
  if (asNumbers) return { name: small ? 'ks' : 'wasserstein', testedAs: 'numeric' };
  return { name: small ? 'chi_squared' : 'jensen_shannon', testedAs: 'categorical' };
}

/** The test for one feature: its override when given (checked), else the default. */
export function chooseTest(feature: string, reference: DriftSample, override?: DriftOverride): TestChoice {
  if (override === undefined) {
    const d = defaultTestName(reference);
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
      hint: `Give a p-value level such as 0.05 for '${name}'` + (test.decision === 'distance' ? ' (here a distance, e.g. 0.1).' : '.'),
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
