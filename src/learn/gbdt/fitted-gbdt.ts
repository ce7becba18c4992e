// A fitted gradient-boosted model: immutable bin edges, starting scores and trees; predicts in
// the user's labels, saves to versioned JSON, and loads back (gbdtFromJSON) bit for bit.

import type { Frame } from '../../data/frame.js';
import type { FittedModel, InputSignature, ModelJsonHeader, Prediction, Task } from '../estimator.js';
import { type BinEdges, binRowsInto, type PreparedEdges, prepareEdges } from '../tree/binning.js';
import { addEnsembleToRow, addEnsembleToRows, type FlatEnsemble, flattenTrees } from '../tree/flat-ensemble.js';
import { FrameReader } from '../tree/frame-reader.js';
import { edgesToJson, headerJson, modelFormatError, parseClasses, parseEdges, parseHeader, parseTrees } from '../tree/model-json.js';
import { gainImportance, type Tree, type TreeJson, treeToJson } from '../tree/tree.js';
import { sigmoid, softmaxInto } from './objectives.js';
import { GBDT_SPECS, type GbdtParams } from './params.js';

export const GBDT_NAME = 'gbdt';

export interface GbdtJson extends ModelJsonHeader {
  readonly classes?: readonly string[];
  readonly baseline: readonly number[];
  readonly binEdges: readonly (readonly number[])[];
  readonly rounds: number;
  /** Validation loss before the first round and after each one (empty without early stopping). */
  readonly validationLoss: readonly number[];
  readonly trees: readonly TreeJson[];
}

export interface FittedGbdtParts {
  readonly task: 'regression' | 'binary' | 'multiclass';
  readonly params: GbdtParams;
  readonly signature: InputSignature;
  readonly target: string;
  readonly classes: readonly string[] | undefined;
  readonly edges: readonly BinEdges[];
  readonly baseline: Float64Array;
  readonly trees: readonly Tree[];
  readonly rounds: number;
  readonly validationLoss: readonly number[];
}

/** Frames up to this many rows are binned into a buffer the model keeps instead of a new one. */
const SMALL = 16;

export class FittedGbdt implements FittedModel {
  readonly estimator = GBDT_NAME;
  readonly task: Task;
  readonly signature: InputSignature;
  readonly params: GbdtParams;
  readonly target: string;
  /** Class labels in the order of the probability columns (classification only). */
  readonly classes: readonly string[] | undefined;
  /** Boosting rounds kept (fewer than max_iter when early stopping ended training). */
  readonly rounds: number;
  /** Validation loss before the first round and after each one (empty without early stopping). */
  readonly validationLoss: readonly number[];
  private readonly edges: readonly BinEdges[];
  private readonly baseline: Float64Array;
  private readonly trees: readonly Tree[];
  private readonly flat: FlatEnsemble;
  private readonly prepared: PreparedEdges;
  private readonly reader: FrameReader;
  /** Binned codes of a small frame; predict is synchronous, so no two calls share it at once. */
  private readonly scratch: Uint8Array;
  /** One row's values, one single-value view per feature (as binRowsInto reads columns), and its raw scores. */
  private readonly rowValues: Float64Array;
  private readonly rowViews: readonly Float64Array[];
  private readonly rowRaw: Float64Array;

  constructor(parts: FittedGbdtParts) {
    this.task = parts.task;
    this.params = parts.params;
    this.signature = parts.signature;
    this.target = parts.target;
    this.classes = parts.classes;
    this.rounds = parts.rounds;
    this.validationLoss = Object.freeze([...parts.validationLoss]);
    this.edges = parts.edges;
    this.baseline = parts.baseline;
    this.trees = parts.trees;
    this.flat = flattenTrees(parts.trees, parts.baseline.length);
    this.prepared = prepareEdges(parts.edges);
    this.reader = new FrameReader(parts.signature, `this ${GBDT_NAME} model`);
    this.scratch = new Uint8Array(SMALL * parts.edges.length);
    this.rowValues = new Float64Array(parts.edges.length);
    this.rowViews = Array.from({ length: parts.edges.length }, (_, f) => this.rowValues.subarray(f, f + 1));
    this.rowRaw = new Float64Array(parts.baseline.length);
    Object.freeze(this);
  }

  /** Number of trees (rounds × outputs). */
  get treeCount(): number {
    return this.trees.length;
  }

  /** Raw scores (rows × outputs, row-major) before the link function. */
  rawScores(frame: Frame): Float64Array {
    const n = frame.rowCount;
    const width = this.edges.length;
    const binned = n <= SMALL ? this.scratch : new Uint8Array(n * width);
    binRowsInto(this.reader.values(frame), this.prepared, n, binned);
    const K = this.baseline.length;
    const raw = new Float64Array(n * K);
    for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) raw[r * K + k] = this.baseline[k]!;
    addEnsembleToRows(this.flat, binned, width, n, raw);
    return raw;
  }

  predict(frame: Frame): Prediction {
    const raw = this.rawScores(frame);
    const n = frame.rowCount;
    if (this.task === 'regression' || this.classes === undefined) return { kind: 'regression', values: raw };
    const classes = this.classes;
    const K = classes.length;
    const probabilities = new Float64Array(n * K);
    const labels = new Array<string>(n);
    if (K === 2) {
      for (let r = 0; r < n; r++) {
        const p = sigmoid(raw[r]!);
        probabilities[2 * r] = 1 - p;
        probabilities[2 * r + 1] = p;
        labels[r] = classes[p > 0.5 ? 1 : 0]!;
      }
    } else {
      const p = new Float64Array(K);
      for (let r = 0; r < n; r++) {
        softmaxInto(raw, r * K, K, p);
        let best = 0;
        for (let k = 0; k < K; k++) {
          probabilities[r * K + k] = p[k]!;
          if (p[k]! > p[best]!) best = k;
        }
        labels[r] = classes[best]!;
      }
    }
    return { kind: 'classification', classes, labels, probabilities };
  }

  /**
   * One row without a frame: `values` holds each signature feature's value in signature order as
   * predict reads a frame's columns (numbers, date-times in ms, booleans 0/1, categorical codes
   * into the training categories; NaN for missing). Writes the class probabilities (classes
   * order) or the regression value into `out` and answers the predicted class's index (0 for
   * regression). The result has the same bits as predict on a one-row frame of the same values.
   */
  predictRowInto(values: Float64Array, out: Float64Array): number {
    const width = this.edges.length;
    for (let f = 0; f < width; f++) this.rowValues[f] = values[f]!;
    binRowsInto(this.rowViews, this.prepared, 1, this.scratch);
    const raw = this.rowRaw;
    const K = this.baseline.length;
    for (let k = 0; k < K; k++) raw[k] = this.baseline[k]!;
    addEnsembleToRow(this.flat, this.scratch, raw);
    if (this.task === 'regression' || this.classes === undefined) {
      out[0] = raw[0]!;
      return 0;
    }
    if (this.classes.length === 2) {
      const p = sigmoid(raw[0]!);
      out[0] = 1 - p;
      out[1] = p;
      return p > 0.5 ? 1 : 0;
    }
    softmaxInto(raw, 0, K, out);
    let best = 0;
    for (let k = 0; k < K; k++) if (out[k]! > out[best]!) best = k;
    return best;
  }

  /** Each feature's share of the total split gain over all trees, largest first. */
  featureImportance(): { readonly name: string; readonly importance: number }[] {
    const shares = gainImportance(this.trees, this.signature.features.length);
    return this.signature.features.map((f, i) => ({ name: f.name, importance: shares[i]! })).sort((a, b) => b.importance - a.importance);
  }

  toJSON(): GbdtJson {
    return {
      ...headerJson(GBDT_NAME, this.task, this.params, this.signature, this.target),
      ...(this.classes === undefined ? {} : { classes: this.classes }),
      baseline: Array.from(this.baseline),
      binEdges: edgesToJson(this.edges),
      rounds: this.rounds,
      validationLoss: [...this.validationLoss],
      trees: this.trees.map(treeToJson),
    };
  }
}

/** Loads a model saved by FittedGbdt.toJSON, checking its shape; MODEL_FORMAT when it is wrong. */
export function gbdtFromJSON(json: unknown): FittedGbdt {
  const header = parseHeader<GbdtParams>(json, GBDT_NAME, GBDT_SPECS, ['regression', 'binary', 'multiclass']);
  const o = header.record;
  const task = header.task as FittedGbdtParts['task'];
  const classes = task === 'regression' ? undefined : parseClasses(o['classes'], GBDT_NAME);
  const outputs = task === 'multiclass' ? classes!.length : 1;
  if (task === 'binary' && classes!.length !== 2) throw modelFormatError(GBDT_NAME, 'a binary model needs exactly two classes', 'classes');
  const baseline = o['baseline'];
  if (!Array.isArray(baseline) || baseline.length !== outputs || !baseline.every((b) => typeof b === 'number' && Number.isFinite(b))) {
    throw modelFormatError(GBDT_NAME, `baseline must hold ${outputs} finite number(s)`, 'baseline');
  }
  const features = header.signature.features.length;
  const edges = parseEdges(o['binEdges'], features, GBDT_NAME);
  const trees = parseTrees(o['trees'], features, 1, GBDT_NAME);
  if (trees.length % outputs !== 0) throw modelFormatError(GBDT_NAME, `there are ${trees.length} trees, not a multiple of ${outputs}`, 'trees');
  const rounds = o['rounds'];
  if (rounds !== trees.length / outputs) throw modelFormatError(GBDT_NAME, `rounds is ${JSON.stringify(rounds)} but the trees make ${trees.length / outputs}`, 'rounds');
  const validationLoss = o['validationLoss'];
  if (!Array.isArray(validationLoss) || !validationLoss.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw modelFormatError(GBDT_NAME, 'validationLoss must be a list of finite numbers', 'validationLoss');
  }
  return new FittedGbdt({
    validationLoss: validationLoss as number[],
    task,
    params: header.params,
    signature: header.signature,
    target: header.target,
    classes,
    edges,
    baseline: Float64Array.from(baseline as number[]),
    trees,
    rounds,
  });
}
