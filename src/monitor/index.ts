// The monitoring stage's API: the table of drift tests, the default choice per feature, the data-set
// drift report, out-of-distribution rates, a whole monitoring run, performance and value against the
// promise once labels arrive, decision drift, and alert rules with their once-per-breach delivery.

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
export { oodReport, MISSING_JUMP, type OodReport, type FeatureOod } from './ood.js';
export { comparePredictions, type PredictionComparison } from './skew.js';
export { runMonitor, MONITOR_VERSION, OOD_FAIL_RATE, type MonitorInput, type MonitorResult, type CurrentWindow } from './monitor-run.js';
export { performanceReport, isBelowPromise, WATCHED_METRICS, type Performance, type PerformanceWindow, type PerformanceInput, type MetricInterval, type PromisedMetric, type RealisedValue } from './performance.js';
export { meanWithInterval, valueBelowPromise, VALUE_MIN_ROWS, type ValueEstimate } from './performance-value.js';
export { decisionDrift, twoProportionTest, DECISION_DRIFT_ALPHA, type DecisionDrift } from './decision-drift.js';
export { currentPolicy, type MonitorPolicy } from './performance-log.js';
export { evaluateAlerts, validateAlertRules, defaultAlertRules, withDefaultRules, VALUE_RULE_NAME, type AlertOutcome, type AlertRuleState } from './alerts.js';
export { monitorAlerts, notifyOutcomes, type AlertReport, type AlertRunOptions } from './alerts-run.js';
export { alertPayload, postJson, redactUrl, ALERT_PAYLOAD_VERSION, type AlertPayload, type PostOptions, type PostResult } from './webhook.js';
