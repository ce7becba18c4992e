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
