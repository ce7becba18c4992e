// Explains the chosen model for the brief: permutation importance on rows it did not learn
// from (a copy trained on the last fold), and exact TreeSHAP for tree models on the final model,
// with a few example rows and the additivity check shown.

import type { AssessmentRun } from '../evaluate/assess.js';
import type { ModelFamily } from '../evaluate/model-families.js';
import type { FittedModel } from '../learn/estimator.js';
import { type FittedForest, FOREST_NAME } from '../learn/forest/fitted-forest.js';
import { type FittedGbdt, GBDT_NAME } from '../learn/gbdt/fitted-gbdt.js';
import { explainTrees, meanAbsShap } from '../learn/explain/explain-trees.js';
import { heldOutImportance } from './held-out-importance.js';
import type { Explanations, ShapExample } from './brief-data.js';
import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';

export interface ExplainInput {
  readonly run: AssessmentRun;
  readonly model: FittedModel;
  readonly family: ModelFamily;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly seed: number;
}

const SHAP_ROWS = 2000;
const EXAMPLES = 3;
const SHOWN_CONTRIBUTIONS = 6;

export async function explainChosenModel(input: ExplainInput): Promise<Explanations> {
  const { run, model } = input;
  const chosen = run.chosen!;
  const metric = run.assessment.evaluation.mainMetric;
  const notes: string[] = [];
  const permutation = await heldOutImportance(input, metric);
  let shap: Explanations['shap'] = null;
  if (model.estimator === GBDT_NAME || model.estimator === FOREST_NAME) {
    const frame = chosen.frame;
    const step = Math.max(1, Math.ceil(frame.rowCount / SHAP_ROWS));
    const rows = Int32Array.from({ length: Math.ceil(frame.rowCount / step) }, (_, i) => i * step);
    const explanation = explainTrees(model as FittedGbdt | FittedForest, frame, rows);
    const F = explanation.features.length;
    const K = explanation.outputs.length;
    const global = meanAbsShap(explanation);
    // The output explained first (for two classes, the positive class's log-odds or probability).
    const k = K === 1 ? 0 : Math.min(K - 1, run.truth?.kind === 'classification' ? run.truth.positive : 0);
    const outputOf = (i: number): number => {
      let total = explanation.expected[k]!;
      for (let f = 0; f < F; f++) total += explanation.contributions[(i * K + k) * F + f]!;
      return total;
    };
    const order = Array.from({ length: rows.length }, (_, i) => i).sort((x, y) => outputOf(y) - outputOf(x));
    const picks = [order[0]!, order[Math.floor(order.length / 2)]!, order[order.length - 1]!].slice(0, EXAMPLES);
    const prediction = model.predict(frame.take(Int32Array.from(picks, (i) => rows[i]!)));
    const examples: ShapExample[] = picks.map((i, j) => {
      const row = rows[i]!;
      const contributions = explanation.features
        .map((feature, f) => ({ feature, value: shownValue(frame, feature, row), contribution: explanation.contributions[(i * K + k) * F + f]! }))
        .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution))
        .slice(0, SHOWN_CONTRIBUTIONS);
      return { row: row + 1, prediction: predictionText(prediction, j), expected: explanation.expected[k]!, output: outputOf(i), contributions };
    });
    shap = {
      output: explanation.outputs[k]!,
      meanAbs: global.map((g) => ({ feature: g.name, value: g.meanAbs })).sort((x, y) => y.value - x.value),
      examples,
      maxAdditivityError: additivityError(model, frame, rows, explanation.expected, explanation.contributions, K, F),
    };
    notes.push(`SHAP values are on the model's ${explanation.scale} scale and were computed on ${rows.length.toLocaleString('en-US')} rows.`);
  } else {
    notes.push(`Exact SHAP values are computed for tree models; the chosen ${model.estimator} is explained by permutation importance alone.`);
  }
  return { metric, permutation, shap, notes };
}

function predictionText(prediction: ReturnType<FittedModel['predict']>, j: number): string {
  switch (prediction.kind) {
    case 'regression':
      return Number(prediction.values[j]!.toPrecision(5)).toString();
    case 'classification': {
      const k = prediction.classes.length;
      const label = prediction.labels[j]!;
      const p = prediction.probabilities[j * k + prediction.classes.indexOf(label)]!;
      return `'${label}' (probability ${p.toFixed(2)})`;
    }
    default:
      return prediction.kind;
  }
}

/**
 * The largest gap between expected value plus contributions and the model's own output, on the
 * scale the model reports: the prediction (regression), the probability through the logistic or
 * softmax link (boosted classifiers), or the probability itself (forests).
 */
function additivityError(model: FittedModel, frame: Frame, rows: Int32Array, expected: Float64Array, phi: Float64Array, K: number, F: number): number {
  const prediction = model.predict(frame.take(rows));
  let worst = 0;
  for (let i = 0; i < rows.length; i++) {
    const raw = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      let total = expected[k]!;
      for (let f = 0; f < F; f++) total += phi[(i * K + k) * F + f]!;
      raw[k] = total;
    }
    if (prediction.kind === 'regression') worst = Math.max(worst, Math.abs(raw[0]! - prediction.values[i]!));
    else if (prediction.kind === 'classification') {
      const C = prediction.classes.length;
      const probs = model.estimator === GBDT_NAME ? link(raw, C) : K === C ? raw : Float64Array.of(1 - raw[0]!, raw[0]!);
      for (let c = 0; c < C; c++) worst = Math.max(worst, Math.abs(probs[c]! - prediction.probabilities[i * C + c]!));
    }
  }
  return worst;
}

function link(raw: Float64Array, classes: number): Float64Array {
  if (classes === 2 && raw.length === 1) {
    const p = 1 / (1 + Math.exp(-raw[0]!));
    return Float64Array.of(1 - p, p);
  }
  const max = Math.max(...raw);
  const e = raw.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** A row's value of a column, as text for a table. */
function shownValue(frame: Frame, column: string, row: number): string {
  const v = valueAt(frame.column(column), row);
  if (v === null) return 'missing';
  if (typeof v === 'number') return Number(v.toPrecision(5)).toString();
  return String(v);
}
