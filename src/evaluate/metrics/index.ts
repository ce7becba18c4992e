// The metrics, by family: every function is pure and returns { value, warnings } (NaN when undefined).

export type { Codes, MetricResult } from './result.js';
export { accuracy, balancedAccuracy, confusionMatrix, f1, perClassScores, precision, precisionRecallF1, recall } from './classification.js';
export type { Average, ConfusionMatrix, PerClassScores, PrfOptions, PrfResult } from './classification.js';
export { averagePrecision, averagePrecisionOvr, rocAuc, rocAucOvr } from './ranking.js';
export type { OvrOptions } from './ranking.js';
export { brier, brierBinary, logLoss, logLossBinary } from './probabilistic.js';
export { mae, r2, rmse } from './regression.js';
export { hammingLoss, multilabelScores, subsetAccuracy } from './multilabel.js';
export type { MultilabelScores } from './multilabel.js';
export { silhouette, silhouetteOnRows } from './clustering.js';
export type { RowMatrix, SilhouetteOptions } from './clustering.js';
export { adjustedMutualInfo, entropy, logFactorial, mutualInfo } from './information.js';
