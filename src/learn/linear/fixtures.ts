// Loads the scikit-learn reference fixtures of the linear-model tests (data sets as CSV, the
// expected coefficients as JSON, both written by fixtures/make_fixtures.py).

import { readFileSync } from 'node:fs';
import type { Frame } from '../../data/frame.js';
import { loadFrame } from '../../data/load.js';
import type { SemanticType } from '../../data/semantic-type.js';
import { repoPath } from '../contract/repo-path.js';

export interface LogisticExpectation {
  readonly C: number;
  readonly classes: string[];
  readonly coefficients: number[][];
  readonly intercepts: number[];
  readonly newton_cg_coefficients: number[][];
  readonly newton_cg_intercepts: number[];
  readonly probabilities_first_rows: number[][];
  readonly scaler_mean: number[];
  readonly scaler_scale: number[];
}

export interface SklearnExpected {
  readonly breast_cancer: { features: string[]; target: string; C1: LogisticExpectation; C0_05: LogisticExpectation; C1_balanced: LogisticExpectation };
  readonly wine: { features: string[]; target: string; C0_5: LogisticExpectation; C0_5_balanced: LogisticExpectation };
  readonly diabetes: {
    features: string[];
    target: string;
    raw_alpha1: { alpha: number; coefficients: number[]; intercept: number; predictions_first_rows: number[] };
    standardized_alpha10: { alpha: number; coefficients: number[]; intercept: number };
  };
  readonly penguins: {
    species_C1: { classes: string[]; coefficients: Record<string, number>[]; intercepts: number[] };
    body_mass_ridge_alpha1: { coefficients: Record<string, number>; intercept: number };
  };
}

export function sklearnExpected(): SklearnExpected {
  return JSON.parse(readFileSync(repoPath('src/learn/linear/fixtures/sklearn-expected.json'), 'utf8')) as SklearnExpected;
}

/** A fixture CSV with every feature read as a number (as scikit-learn saw them). */
export async function fixtureFrame(file: string, features: readonly string[]): Promise<Frame> {
  const types: Record<string, SemanticType> = {};
  for (const f of features) types[f] = 'numeric';
  return (await loadFrame(repoPath('src/learn/linear/fixtures', file), { types })).frame;
}
