// Per-row explanations of gradient boosting and random forests by exact TreeSHAP, on the model's
// raw scale, adding up to its output minus the expected value; and their global mean |SHAP|.

import { FramewiseError } from '../../core/errors.js';
import type { Frame } from '../../data/frame.js';
import { type FittedForest, FOREST_NAME } from '../forest/fitted-forest.js';
import { type FittedGbdt, GBDT_NAME } from '../gbdt/fitted-gbdt.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { binRows } from '../tree/binning.js';
import { featureValues } from '../tree/features.js';
import { parseEdges, parseTrees } from '../tree/model-json.js';
import type { Tree } from '../tree/tree.js';
import { patternTree, PatternWorkspace } from './leaf-patterns.js';
import { prepareShapTree, ShapWorkspace, type ShapTree } from './tree-shap.js';

/** Most memo cells (numbers) the pattern walk may hold for one tree. */
const MAX_MEMO_CELLS = 1 << 22;

/** What an output's numbers mean: the prediction itself, a log-odds, a softmax score, a probability. */
export type ExplanationScale = 'prediction' | 'log-odds' | 'raw-score' | 'probability';

export interface TreeExplanation {
  readonly kind: 'tree-shap';
  readonly estimator: string;
  readonly scale: ExplanationScale;
  /** The model's signature features, in signature order. */
  readonly features: readonly string[];
  /** What each output is, e.g. 'log-odds of yes' or 'probability of Adelie'. */
  readonly outputs: readonly string[];
  /** The frame rows explained, in the order of the contributions. */
  readonly rows: Int32Array;
  /**
   * Per output: the model's output when no feature is known, averaged over the training rows
   * by node cover: rows count equally for regression boosting, by their hessian p(1 − p) for
   * classification boosting (as XGBoost), by their bootstrap weight for forests.
   */
  readonly expected: Float64Array;
  /** rows × outputs × features, row-major: contribution of feature f to output k of row i. */
  readonly contributions: Float64Array;
}

export interface FeatureShap {
  readonly name: string;
  /** Mean |SHAP| over rows, summed over outputs. */
  readonly meanAbs: number;
  /** Mean |SHAP| over rows for each output. */
  readonly byOutput: Float64Array;
}

/** Trees prepared for explanation, and which output each one adds to. */
interface Ensemble {
  readonly trees: ShapTree[];
  /** Output of the explanation that tree t adds to (its values fill outputs from here on). */
  readonly outputOf: Int32Array;
  readonly base: Float64Array;
  readonly edges: Float64Array[];
  readonly outputs: string[];
  readonly scale: ExplanationScale;
}

/**
 * Explains `rows` of `frame` (every row when left out) for a fitted boosting model or forest.
 * Regression explains the prediction; binary boosting its log-odds of the second class;
 * multiclass boosting each class's raw (softmax) score; forest classification the
 * probability of each class (the second class alone for two classes).
 */
export function explainTrees(model: FittedGbdt | FittedForest, frame: Frame, rows?: ArrayLike<number>): TreeExplanation {
  // Callers outside TypeScript's checks may pass any fitted model.
  const estimator: string = model.estimator;
  if (estimator !== GBDT_NAME && estimator !== FOREST_NAME) {
    throw new FramewiseError('INVALID_ARGUMENT', `TreeSHAP explains gradient boosting and random forest models, not '${estimator}'.`, {
      hint: 'Use permutation importance (evaluate/permutation-importance) for other models.',
    });
  }
  checkFrameAgainstSignature(frame, model.signature, `this ${model.estimator} model`);
  const F = model.signature.features.length;
  const picked = pickRows(frame.rowCount, rows);
  const ensemble = model.estimator === GBDT_NAME ? gbdtEnsemble(model as FittedGbdt) : forestEnsemble(model as FittedForest);
  const K = ensemble.outputs.length;
  const values = featureValues(frame, model.signature).map((v) => (picked.all ? v : Float64Array.from(picked.rows, (r) => v[r]!)));
  const n = picked.rows.length;
  const codes = binRows(values, ensemble.edges, n);
  const phi = new Float64Array(n * K * F);
  const expected = Float64Array.from(ensemble.base);
  const paths = new ShapWorkspace();
  const patterns = new PatternWorkspace();
  // Tree by tree, so one tree's arrays (and its memo) stay in cache while every row walks it.
  ensemble.trees.forEach((tree, t) => {
    const first = ensemble.outputOf[t]!;
    for (let k = 0; k < tree.outputs; k++) expected[first + k] += tree.expected[k]!;
    // Shallow trees over many rows: memoise each leaf's patterns; otherwise walk paths row by row.
    const table = patternTree(tree);
    const leaves = (tree.feature.length + 1) / 2;
    if (table !== undefined && table.flagCells <= n * leaves && table.valueCells <= MAX_MEMO_CELLS) {
      patterns.begin(tree, table);
      for (let i = 0; i < n; i++) patterns.explainRow(codes, i * F, phi, (i * K + first) * F, F);
    } else {
      for (let i = 0; i < n; i++) paths.explainRow(tree, codes, i * F, phi, (i * K + first) * F, F);
    }
  });
  return {
    kind: 'tree-shap',
    estimator: model.estimator,
    scale: ensemble.scale,
    features: model.signature.features.map((f) => f.name),
    outputs: ensemble.outputs,
    rows: picked.rows,
    expected,
    contributions: phi,
  };
}

function gbdtEnsemble(model: FittedGbdt): Ensemble {
  const json = model.toJSON();
  const K = json.baseline.length;
  const trees = parseTrees(json.trees, model.signature.features.length, 1, model.estimator);
  const classes = model.classes;
  const outputs = classes === undefined ? [model.target] : K === 1 ? [`log-odds of ${classes[1]!}`] : classes.map((c) => `raw score of ${c}`);
  return {
    // Round-major: tree t adds to output t mod K.
    trees: trees.map((tree, t) => prepareShapTree(tree, coverOf(tree, t, model.estimator), [0], 1)),
    outputOf: Int32Array.from(trees, (_, t) => t % K),
    base: Float64Array.from(json.baseline),
    edges: parseEdges(json.binEdges, model.signature.features.length, model.estimator),
    outputs,
    scale: classes === undefined ? 'prediction' : K === 1 ? 'log-odds' : 'raw-score',
  };
}

function forestEnsemble(model: FittedForest): Ensemble {
  const json = model.toJSON();
  const classes = model.classes;
  const trees = parseTrees(json.trees, model.signature.features.length, classes === undefined ? 1 : classes.length, model.estimator);
  // The forest predicts the mean of its trees: each tree's values are scaled by 1 / trees.
  const pick = classes === undefined ? [0] : classes.length === 2 ? [1] : classes.map((_, k) => k);
  const outputs = classes === undefined ? [model.target] : pick.map((k) => `probability of ${classes[k]!}`);
  const scale = 1 / trees.length;
  return {
    trees: trees.map((tree, t) => prepareShapTree(tree, coverOf(tree, t, model.estimator), pick, scale)),
    outputOf: new Int32Array(trees.length),
    base: new Float64Array(pick.length),
    edges: parseEdges(json.binEdges, model.signature.features.length, model.estimator),
    outputs,
    scale: classes === undefined ? 'prediction' : 'probability',
  };
}

function coverOf(tree: Tree, t: number, estimator: string): Float64Array {
  if (tree.cover === undefined) {
    throw new FramewiseError('MODEL_FORMAT', `Tree ${t} of this ${estimator} model does not record how much training data reached each node, which explanations need.`, {
      hint: 'Fit the model again with this version of framewise (models saved by older versions lack node cover).',
    });
  }
  return tree.cover;
}

function pickRows(rowCount: number, rows: ArrayLike<number> | undefined): { rows: Int32Array; all: boolean } {
  if (rows === undefined) return { rows: Int32Array.from({ length: rowCount }, (_, i) => i), all: true };
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= rowCount) {
      throw new FramewiseError('INVALID_ARGUMENT', `Row ${r} is not a row of the frame to explain (it has ${rowCount} rows).`, {
        hint: `Pass row indices from 0 to ${rowCount - 1}.`,
      });
    }
    out[i] = r;
  }
  return { rows: out, all: false };
}

/** Global importance: each feature's mean |SHAP| over the explained rows, largest first. */
export function meanAbsShap(explanation: TreeExplanation): FeatureShap[] {
  const F = explanation.features.length;
  const K = explanation.outputs.length;
  const n = explanation.rows.length;
  const c = explanation.contributions;
  const sums = explanation.features.map(() => new Float64Array(K));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const base = (i * K + k) * F;
      for (let f = 0; f < F; f++) sums[f]![k] += Math.abs(c[base + f]!);
    }
  }
  return explanation.features
    .map((name, f) => {
      const byOutput = sums[f]!.map((s) => (n === 0 ? 0 : s / n));
      return { name, meanAbs: byOutput.reduce((a, b) => a + b, 0), byOutput };
    })
    .sort((a, b) => b.meanAbs - a.meanAbs);
}
