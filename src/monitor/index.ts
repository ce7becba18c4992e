// The monitoring stage's drift API: the table of drift tests, the default choice per feature, the
// data-set drift report over two frames and prediction drift over two output columns.

export { DRIFT_TESTS, KS_TEST, CHI_SQUARED_TEST, PSI_TEST, JENSEN_SHANNON_TEST, WASSERSTEIN_TEST, isDriftTestName, histogramPair } from './drift-tests.js';
export type { DriftTest, DriftTestName, DriftTestResult } from './drift-tests.js';
export { chooseTest, defaultTestName, DRIFT_PRESETS, MAX_DISTINCT_AS_CATEGORIES, type DriftOverride, type DriftOverrides, type DriftPreset, type TestChoice } from './test-choice.js';
export { driftReport, featureDrift, predictionDrift, DRIFT_REPORT_VERSION, type DriftReport, type DriftReportOptions, type FeatureDrift } from './drift-report.js';
export { numericSample, categoricalSample, sampleOfColumn, asCategorical, alignCounts, type DriftSample, type SampleKind } from './sample.js';
export { ksTwoSample, ksStatistic, KS_EXACT_MAX_N, type KsResult } from './ks-two-sample.js';
export { chiSquaredHomogeneity, type ChiSquaredResult } from './chi-squared.js';
export {
  populationStabilityIndex,
  jensenShannonDistance,
  wassersteinDistance,
  quantileEdges,
  binCounts,
  PSI_EMPTY_BIN_SHARE,
  DEFAULT_QUANTILE_BINS,
} from './distances.js';
export { kolmogorovSf } from './special/kolmogorov.js';
export { chiSquaredSf, regularizedGammaP, regularizedGammaQ, logGamma } from './special/gamma.js';
