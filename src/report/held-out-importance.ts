// Permutation importance measured honestly for the brief: a copy of the chosen model is
// trained on the last fold's training rows (an even subset of at most 200,000) and shuffled on
// that fold's test rows, which it never saw.

import { permutationImportance } from '../evaluate/permutation-importance.js';
import { takeTruth } from '../evaluate/oof.js';
import type { FeatureImportance } from './brief-data.js';
import type { ExplainInput } from './explain-model.js';

/** Rows scored at most: enough for stable drops, cheap enough for many features and repeats. */
const MAX_ROWS = 5000;
/**
 * Training rows of the copy at most: its importances are read to a few decimals, which 200,000
 * rows settle, while a copy on the whole fold of millions of rows would cost a second full fit
 * and a second copy of the data.
 */
export const MAX_COPY_ROWS = 200_000;

export async function heldOutImportance(input: ExplainInput, metric: string): Promise<FeatureImportance[]> {
  const { run, family, params, seed } = input;
  const chosen = run.chosen!;
  if (run.truth === null || run.folds.length === 0) return [];
  const fold = run.folds[run.folds.length - 1]!;
  const trainStep = Math.max(1, Math.ceil(fold.train.length / MAX_COPY_ROWS));
  const train = trainStep === 1 ? fold.train : fold.train.filter((_, i) => i % trainStep === 0);
  // The folds index the evaluation rows: the sample of a large table, else every labelled row.
  const rowsOf = chosen.sample ?? chosen.frame;
  const copy = await family.make(params).fit(rowsOf.take(train), chosen.target);
  const step = Math.max(1, Math.ceil(fold.test.length / MAX_ROWS));
  const rows = fold.test.filter((_, i) => i % step === 0);
  const result = permutationImportance(copy, rowsOf.take(rows), takeTruth(run.truth, rows), { metric, repeats: 5, seed });
  return result.features.map((f) => ({ feature: f.feature, mean: f.mean, low: f.low, high: f.high }));
}
