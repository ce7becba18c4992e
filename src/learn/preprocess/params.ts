// The preprocessing hyperparameters that learners needing numeric input share (imputation,
// standardisation, the one-hot cap), declared once so every such learner exposes them alike.

import type { ParamRecord, ParamSpec } from '../hyperparams.js';

export type ImputeStrategy = 'median' | 'mean';

export interface PreprocessOptions {
  readonly impute: ImputeStrategy;
  readonly standardize: boolean;
  readonly maxCategories: number;
  readonly missingIndicators: boolean;
}

export const PREPROCESS_SPECS: readonly ParamSpec[] = [
  { kind: 'enum', name: 'impute', values: ['median', 'mean'], default: 'median', description: 'how a missing number is filled in, from the training rows' },
  { kind: 'bool', name: 'standardize', default: true, description: 'centre numeric features and scale them to unit variance (training statistics)' },
  { kind: 'bool', name: 'missing_indicators', default: false, description: 'add a 0/1 column marking where a number was filled in (numeric columns with gaps in training)' },
  { kind: 'int', name: 'max_categories', min: 1, max: 10000, default: 20, description: 'most frequent categories given their own column; the rest share an "other" column' },
];

/** Reads the preprocessing options out of a learner's validated parameters. */
export function preprocessOptions(params: ParamRecord): PreprocessOptions {
  return {
    impute: params['impute'] === 'mean' ? 'mean' : 'median',
    standardize: params['standardize'] !== false,
    maxCategories: typeof params['max_categories'] === 'number' ? params['max_categories'] : 20,
    missingIndicators: params['missing_indicators'] === true,
  };
}
