// The model put forward over all labels of a multi-label problem, by the rule one target uses
// (model-choice.ts): families compared by the mean over labels of each label's ROC AUC, paired over
// the rows every label's run tested, a more complex one only when its advantage is beyond its interval.

import type { CvResult } from './cross-validate.js';
import { type Advantage, type ModelChoice, pairedAdvantage, putForward, SIMPLICITY } from './model-choice.js';
import type { Family } from './model-families.js';
import { commonRows, takePredictions, takeTruth, type Truth } from './oof.js';
import { computeMetric } from './task-metrics.js';

/** One label's assessment run: its candidates' out-of-fold results and the label as yes/no. */
export interface LabelRun {
  readonly results: ReadonlyMap<string, CvResult>;
  readonly truth: Truth | null;
}

export function chooseMultilabelModel(runs: readonly LabelRun[], folds: number, seed: number): ModelChoice | null {
  if (runs.length === 0) return null;
  const ids = [...runs[0]!.results.keys()].filter((id) => id.startsWith('model:') && familyOf(id) !== null && runs.every((r) => r.results.has(id)));
  const result = (j: number, id: string): CvResult => runs[j]!.results.get(id)!;
  const candidates = ids.map((id) => ({
    id,
    name: result(0, id).name,
    family: familyOf(id)!,
    foldsRun: Math.min(...runs.map((_, j) => result(j, id).foldsRun)),
    score: runs.reduce((s, _, j) => s + (result(j, id).metrics['roc_auc']?.mean ?? Number.NaN), 0) / runs.length,
  }));
  const advantage = (better: string, than: string): Advantage => {
    let pool: Int32Array | null = null;
    for (let j = 0; j < runs.length; j++) {
      const both = commonRows(result(j, better).tested, result(j, than).tested);
      pool = pool === null ? both : commonRows(pool, both);
    }
    const diff = (rows: Int32Array): number => {
      let sum = 0;
      for (let j = 0; j < runs.length; j++) {
        const truth = runs[j]!.truth!;
        const t = takeTruth(truth, rows);
        sum += computeMetric('roc_auc', t, takePredictions(result(j, better).oof, rows, 2)).value - computeMetric('roc_auc', t, takePredictions(result(j, than).oof, rows, 2)).value;
      }
      return sum / runs.length;
    };
    return pairedAdvantage({ model: better, over: than }, pool ?? new Int32Array(0), diff, seed + 23);
  };
  return putForward({ candidates, folds, metric: 'roc_auc_macro', basis: 'metric', currency: null, advantage });
}

function familyOf(id: string): Family | null {
  const family = id.slice('model:'.length);
  return family in SIMPLICITY ? (family as Family) : null;
}
