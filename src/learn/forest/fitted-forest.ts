// A fitted random forest: immutable bin edges and trees whose leaves hold class shares or
// means; predicts the average over trees in the user's labels, saves to versioned JSON, and
// loads back (forestFromJSON) bit for bit.

import type { Frame } from '../../data/frame.js';
import type { FittedModel, InputSignature, ModelJsonHeader, Prediction, Task } from '../estimator.js';
import { checkFrameAgainstSignature } from '../signature.js';
import { type BinEdges, binRows } from '../tree/binning.js';
import { featureValues } from '../tree/features.js';
import { edgesToJson, headerJson, parseClasses, parseEdges, parseHeader, parseTrees } from '../tree/model-json.js';
import { addTreeToRows, gainImportance, type PackedTree, packTree, type Tree, type TreeJson, treeToJson } from '../tree/tree.js';
import { FOREST_SPECS, type ForestParams } from './params.js';

export const FOREST_NAME = 'random_forest';

export interface ForestJson extends ModelJsonHeader {
  readonly classes?: readonly string[];
  readonly binEdges: readonly (readonly number[])[];
  readonly trees: readonly TreeJson[];
}

export interface FittedForestParts {
  readonly task: 'regression' | 'binary' | 'multiclass';
  readonly params: ForestParams;
  readonly signature: InputSignature;
  readonly target: string;
  readonly classes: readonly string[] | undefined;
  readonly edges: readonly BinEdges[];
  readonly trees: readonly Tree[];
}

const BLOCK = 2048;

export class FittedForest implements FittedModel {
  readonly estimator = FOREST_NAME;
  readonly task: Task;
  readonly signature: InputSignature;
  readonly params: ForestParams;
  readonly target: string;
  readonly classes: readonly string[] | undefined;
  private readonly edges: readonly BinEdges[];
  private readonly trees: readonly Tree[];
  private readonly packed: readonly PackedTree[];

  constructor(parts: FittedForestParts) {
    this.task = parts.task;
    this.params = parts.params;
    this.signature = parts.signature;
    this.target = parts.target;
    this.classes = parts.classes;
    this.edges = parts.edges;
    this.trees = parts.trees;
    this.packed = parts.trees.map(packTree);
    Object.freeze(this);
  }

  get treeCount(): number {
    return this.trees.length;
  }

  predict(frame: Frame): Prediction {
    checkFrameAgainstSignature(frame, this.signature, `this ${FOREST_NAME} model`);
    const n = frame.rowCount;
    const width = this.edges.length;
    const binned = binRows(featureValues(frame, this.signature), this.edges, n);
    const K = this.classes === undefined ? 1 : this.classes.length;
    const sum = new Float64Array(n * K);
    for (let start = 0; start < n; start += BLOCK) {
      const end = Math.min(n, start + BLOCK);
      for (let t = 0; t < this.trees.length; t++) addTreeToRows(this.packed[t]!, this.trees[t]!.value, K, binned, width, start, end, sum, K, 0);
    }
    const scale = 1 / this.trees.length;
    for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! * scale;
    if (this.classes === undefined) return { kind: 'regression', values: sum };
    const classes = this.classes;
    const labels = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (sum[r * K + k]! > sum[r * K + best]!) best = k;
      labels[r] = classes[best]!;
    }
    return { kind: 'classification', classes, labels, probabilities: sum };
  }

  /** Each feature's share of the total split gain over all trees, largest first. */
  featureImportance(): { readonly name: string; readonly importance: number }[] {
    const shares = gainImportance(this.trees, this.signature.features.length);
    return this.signature.features.map((f, i) => ({ name: f.name, importance: shares[i]! })).sort((a, b) => b.importance - a.importance);
  }

  toJSON(): ForestJson {
    return {
      ...headerJson(FOREST_NAME, this.task, this.params, this.signature, this.target),
      ...(this.classes === undefined ? {} : { classes: this.classes }),
      binEdges: edgesToJson(this.edges),
      trees: this.trees.map(treeToJson),
    };
  }
}

/** Loads a forest saved by FittedForest.toJSON, checking its shape; MODEL_FORMAT when it is wrong. */
export function forestFromJSON(json: unknown): FittedForest {
  const header = parseHeader<ForestParams>(json, FOREST_NAME, FOREST_SPECS, ['regression', 'binary', 'multiclass']);
  const o = header.record;
  const task = header.task as FittedForestParts['task'];
  const classes = task === 'regression' ? undefined : parseClasses(o['classes'], FOREST_NAME);
  const features = header.signature.features.length;
  return new FittedForest({
    task,
    params: header.params,
    signature: header.signature,
    target: header.target,
    classes,
    edges: parseEdges(o['binEdges'], features, FOREST_NAME),
    trees: parseTrees(o['trees'], features, classes === undefined ? 1 : classes.length, FOREST_NAME),
  });
}
