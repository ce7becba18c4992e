// framewise's public API: everything a TypeScript program may import. Anything not exported
// here is internal and may change without notice.

export { FramewiseError, isFramewiseError, type ErrorCode, type ErrorLocation, type FramewiseErrorJson } from './core/errors.js';
export { Rng, permutation } from './core/rng.js';
export { silentProgress, type ProgressSink } from './core/progress.js';

export type { Column, ColumnKind, NumericColumn, CategoricalColumn, BooleanColumn, DatetimeColumn, TextColumn } from './data/column.js';
export { valueAt, missingCount } from './data/column.js';
export { Frame } from './data/frame.js';
export { SEMANTIC_TYPES, type SemanticType, type ColumnTypeInfo } from './data/semantic-type.js';
export { loadFrame, DEFAULT_MISSING, type LoadOptions, type LoadedData } from './data/load.js';
export { FILE_FORMATS, type FileFormat } from './data/file-format.js';
export { trainTestSplit, kFold, stratifiedKFold, timeSplit, timeSeriesFolds, type TrainTest, type Fold } from './data/split.js';
export { contentHash, schemaHash } from './data/fingerprint.js';

export { inspectFrame, INSPECTION_VERSION, type Inspection, type TargetDistribution } from './profile/inspect.js';
export type { ColumnSummary, ValueCount, NumericStats } from './profile/column-summary.js';

export type { Estimator, FittedModel, Prediction, Task, InputSignature, FeatureSignature, ModelJsonHeader, FitOptions } from './learn/estimator.js';
export { validateParams, parseParamAssignments, describeSpec, type ParamSpec, type ParamRecord, type ParamValue } from './learn/hyperparams.js';

export { Gbdt } from './learn/gbdt/gbdt.js';
export { FittedGbdt, GBDT_NAME } from './learn/gbdt/fitted-gbdt.js';
export { GBDT_SPECS, type GbdtParams } from './learn/gbdt/params.js';
export { RandomForest } from './learn/forest/forest.js';
export { FittedForest, FOREST_NAME } from './learn/forest/fitted-forest.js';
export { FOREST_SPECS, type ForestParams } from './learn/forest/params.js';
export { Ridge, FittedRidge, RIDGE, RIDGE_SPECS } from './learn/linear/ridge.js';
export { LogisticRegression, FittedLogistic, LOGISTIC, LOGISTIC_SPECS, type Convergence } from './learn/linear/logistic.js';
export { KMeans, KMEANS, KMEANS_SPECS } from './learn/kmeans/kmeans.js';
export { FittedKMeans } from './learn/kmeans/fitted-kmeans.js';
export { IsolationForest, IFOREST, IFOREST_SPECS } from './learn/iforest/iforest.js';
export { FittedIsolationForest } from './learn/iforest/fitted-iforest.js';
export { MultiLabelClassifier, FittedMultiLabel, MULTILABEL, MULTILABEL_SPECS, LOGISTIC_BASE, type BaseLearner } from './learn/multilabel/one-vs-rest.js';
export { explainTrees, meanAbsShap, type TreeExplanation, type FeatureShap, type ExplanationScale } from './learn/explain/explain-trees.js';
export { loadModel, saveModel, readModelFile, registerModelLoader, loadableEstimators, type ModelLoader } from './learn/model-io.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION } from './learn/model-json.js';
export { buildSignature, checkFrameAgainstSignature, type SignatureOptions } from './learn/signature.js';
export { encodeTarget, type EncodedTarget } from './learn/target.js';
export { fitPreprocessor, transformFrame, type FittedPreprocessor, type FeatureStep } from './learn/preprocess/preprocessor.js';
export { PREPROCESS_SPECS, preprocessOptions, type PreprocessOptions, type ImputeStrategy } from './learn/preprocess/params.js';
export type { DesignMatrix } from './learn/preprocess/design-matrix.js';

export { CardSchema, TASKS, type Card, type TeamRuleSpec, type DecisionSpec, type BusinessSpec } from './frame/card.js';
export { readCard, parseCard, isCardPath, type LoadedCard } from './frame/card-file.js';
export { loadProblem, type Problem, type ProblemInput, type TeamRuleColumn } from './frame/problem.js';
export { inferTask, type TaskChoice } from './frame/task.js';
export { initCardText } from './frame/init-card.js';
export { dataReadiness, RULES_OF_THUMB, type ReadinessCheck, type CheckStatus } from './profile/readiness.js';
export { pearson, spearman } from './profile/correlation.js';

export * as metrics from './evaluate/metrics/index.js';
export { assess, DEFAULT_BUDGET_SECONDS, type AssessOptions, type AssessmentRun } from './evaluate/assess.js';
export { ASSESSMENT_VERSION, type Assessment, type CandidateScore } from './evaluate/assessment.js';
export type { Settle, Verdict, VerdictKind } from './evaluate/verdict.js';
export { permutationImportance, type PermutationImportance, type PermutationOptions } from './evaluate/permutation-importance.js';
export { profitCurve, valueAtThreshold, type ProfitCurve, type ThresholdPoint, type OutcomeValues } from './evaluate/value/profit-curve.js';
export { computeRoi, type Roi, type RoiInputs } from './evaluate/value/roi.js';
export { businessCase, type BusinessCase, type Assumption } from './evaluate/value/business-case.js';
export { watchPlan, DRIFT_DEFAULTS, type WatchPlan } from './evaluate/watch-plan.js';
export { runChallenger, RETRAINABLE_ESTIMATORS, type ChallengerInput, type ChallengerRun, type Comparison } from './evaluate/challenger.js';

export { makeBrief, type MakeBriefOptions, type MadeBrief } from './report/make-brief.js';
export { writeBriefFiles, type BriefPaths } from './report/write-brief.js';
export { buildBriefDocument } from './report/brief-builder.js';
export { BRIEF_VERSION, type Brief, type Explanations } from './report/brief-data.js';
export type { BriefDocument, Block, ChartSpec, Tone } from './report/document.js';
export { renderHtml } from './report/render-html.js';
export { renderMarkdown, renderMarkdownWithCharts } from './report/render-markdown.js';

export type { ModelStore, ModelVersion, Lineage, AliasMove, RegisterInput, ModelRef } from './registry/store.js';
export { SqliteModelStore, DEFAULT_REGISTRY_DIR } from './registry/sqlite-store.js';
export { signatureDifferences, frameDifferences, describeDifference, type ReuseDifference } from './registry/reuse-guard.js';
export * as monitor from './monitor/index.js';
export { buildReferenceProfile, type ReferenceProfile } from './registry/reference-profile.js';
