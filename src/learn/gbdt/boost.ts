// The boosting loop over plain arrays: seeded validation split, bin edges, one tree per output
// per round on the gradients of the current scores, row and feature subsampling, early stopping.

import type { ProgressSink } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { type BinEdges, type BinnedColumns, binColumn, binRows, categoryEdges, edgeSampleRows, learnEdges } from '../tree/binning.js';
import { Grower } from '../tree/grower.js';
import { packRowGroups } from '../tree/histogram-rows.js';
import { histogramLayout } from '../tree/histogram.js';
import { WasmHistograms } from '../tree/histogram-wasm.js';
import { addTreeToColumnRows, addTreeToRows, packTree, type Tree } from '../tree/tree.js';
import type { Objective } from './objectives.js';
import { type WasmLogistic, wasmLogistic } from './wasm-logistic.js';
import type { GbdtParams } from './params.js';

export interface BoostInput {
  /** One array per feature over all rows; NaN for missing. */
  readonly features: readonly Float64Array[];
  /** Targets (numbers for regression, class codes otherwise). */
  readonly y: ArrayLike<number>;
  readonly rowCount: number;
  readonly objective: Objective;
  readonly params: GbdtParams;
  /** Categories per feature (0 for features that are not categorical). */
  readonly categoryCounts?: Int32Array;
  /** Class code per row, to stratify the validation split (classification only). */
  readonly strata?: Int32Array;
  readonly progress?: ProgressSink;
}

export interface BoostResult {
  readonly edges: BinEdges[];
  readonly baseline: Float64Array;
  /** Round-major: the tree of output k in round r is trees[r × outputs + k]. */
  readonly trees: Tree[];
  readonly rounds: number;
  /** Validation loss before the first round and after each round (empty without early stopping). */
  readonly validationLoss: number[];
}

/** Cells (rows × features) from which a helper thread pays for itself. */
const THREADED_CELLS = 1_000_000;

export async function boost(input: BoostInput): Promise<BoostResult> {
  const { params } = input;
  const rng = new Rng(params.seed);
  const splitRng = rng.fork();
  const binRng = rng.fork();
  const early = params.early_stopping === 'on' || (params.early_stopping === 'auto' && input.rowCount > 10000);
  const split = early ? validationSplit(input.rowCount, params.validation_fraction, input.strata, splitRng) : undefined;
  const train = split?.train;
  const n = train === undefined ? input.rowCount : train.length;
  // The training rows' values are read through `train` one feature at a time, never copied whole:
  // on millions of rows a copy of every feature would double the memory the frame already holds.
  const F = input.features.length;
  const trainingValues = (f: number): Float64Array => (train === undefined ? input.features[f]! : pick(input.features[f]!, train));
  const y: ArrayLike<number> = train === undefined ? input.y : pick(Float64Array.from(input.y), train);

  const sample = edgeSampleRows(n, params.bin_sample_rows, binRng.nextUint32());
  // Categories get a bin each and set splits, when native splits are on and they fit in max_bins.
  const categorical = Uint8Array.from({ length: F }, (_, f) => {
    const k = input.categoryCounts?.[f] ?? 0;
    return params.categorical_splits === 'native' && k >= 2 && k <= params.max_bins ? 1 : 0;
  });
  // A sample of training rows is the same values at the rows it maps to in the whole column.
  const sampleInColumn = train === undefined || sample === undefined ? undefined : Int32Array.from(sample, (i) => train[i]!);
  const edges = Array.from({ length: F }, (_, f) =>
    categorical[f] === 1 ? categoryEdges(input.categoryCounts![f]!) : sampleInColumn !== undefined ? learnEdges(input.features[f]!, params.max_bins, sampleInColumn) : learnEdges(trainingValues(f), params.max_bins, sample),
  );
  const valueBins = Int32Array.from(edges, (e) => e.length + 1);
  const layout = histogramLayout(valueBins, 1);
  // The WebAssembly kernels hold the binned data, gradients and partition in their own memory
  // (shared with a helper thread when asked for two); without WebAssembly, plain arrays.
  const threaded = params.threads > 1 && n * F >= THREADED_CELLS && F >= 2;
  const K = input.objective.outputs;
  // Log loss also computes its gradients there, from scores and targets kept in the same memory.
  const logistic = input.objective.name === 'log_loss';
  const engine = WasmHistograms.create({
    rowCount: n,
    layout,
    valueBins,
    gradients: K,
    slots: Math.min(params.max_leaves + 2, 64),
    threads: threaded ? 2 : 1,
    rowArrays: logistic ? 2 : 0,
    unitHessians: input.objective.name === 'squared_error',
  });
  const columns = binColumnsOf(trainingValues, edges, n, engine?.columnAllocator());
  engine?.packRows();
  const binned = engine === undefined ? { ...columns, rowGroups: packRowGroups(columns.columns, n) } : columns;
  const gh = engine?.gh ?? Array.from({ length: K }, () => new Float64Array(2 * n));
  const idx = engine?.idx ?? new Uint32Array(n);
  try {
    if (threaded) await engine?.startHelper();
    const valid = split === undefined ? undefined : { rows: split.valid, binned: binRows(input.features.map((v) => pick(v, split.valid)), edges, split.valid.length) };
    const fastGradients = logistic && engine !== undefined ? wasmLogistic(engine, y) : undefined;
    return runRounds({ input, n, y, edges, categorical, binned, grower: new Grower(binned, layout, engine), gh, idx, valid, fastGradients, rowRng: rng.fork(), colRng: rng.fork() });
  } finally {
    engine?.close();
  }
}

interface RoundsContext {
  readonly input: BoostInput;
  readonly n: number;
  readonly y: ArrayLike<number>;
  readonly edges: BinEdges[];
  readonly categorical: Uint8Array;
  readonly binned: BinnedColumns;
  readonly grower: Grower;
  readonly gh: Float64Array[];
  readonly idx: Uint32Array;
  readonly valid: { readonly rows: Int32Array; readonly binned: Uint8Array } | undefined;
  /** Gradients in WebAssembly, over scores it holds (log loss only). */
  readonly fastGradients: WasmLogistic | undefined;
  readonly rowRng: Rng;
  readonly colRng: Rng;
}

/** The rounds themselves: gradients, one tree per output, score updates, early stopping. */
function runRounds(ctx: RoundsContext): BoostResult {
  const { input, n, y, binned, grower, gh, idx, valid } = ctx;
  const { params, objective } = input;
  const K = objective.outputs;
  const allRows = identity(n);
  const baseline = objective.baseline(y, allRows);
  const raw = ctx.fastGradients?.raw ?? new Float64Array(n * K);
  for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) raw[r * K + k] = baseline[k]!;
  const identityRows = Uint32Array.from(allRows);

  // Scores are kept negated (higher is better) for the stopping rule.
  const validationScores: number[] = [];
  const validCount = valid?.rows.length ?? 0;
  const validRaw = new Float64Array(validCount * K);
  if (valid !== undefined) {
    for (let r = 0; r < validCount; r++) for (let k = 0; k < K; k++) validRaw[r * K + k] = baseline[k]!;
    validationScores.push(-objective.loss(validRaw, input.y, valid.rows));
  }

  const F = binned.columns.length;
  const allFeatures = identity(F);
  const perTree = Math.max(1, Math.round(params.colsample * F));
  const perRound = Math.max(1, Math.round(params.subsample * n));
  const growOptions = {
    maxLeaves: params.max_leaves,
    maxDepth: params.max_depth,
    minSamplesLeaf: params.min_samples_leaf,
    minHessianLeaf: params.min_hessian_leaf,
    lambda: params.l2_regularization,
    order: 'best-first' as const,
    featuresPerSplit: 0,
    categorical: ctx.categorical,
  };
  const trees: Tree[] = [];
  let rounds = 0;
  input.progress?.start('boosting rounds', params.max_iter);
  for (let round = 0; round < params.max_iter; round++) {
    if (ctx.fastGradients !== undefined) ctx.fastGradients.gradients();
    else objective.gradients(raw, y, gh);
    const rowSample = perRound < n ? sortedSample(n, perRound, ctx.rowRng) : undefined;
    for (let k = 0; k < K; k++) {
      idx.set(rowSample ?? identityRows);
      const features = perTree < F ? Int32Array.from(sortedSample(F, perTree, ctx.colRng)) : allFeatures;
      const grown = grower.grow(
        { gh: gh[k]!, idx, count: rowSample === undefined ? n : perRound, allRowsInOrder: rowSample === undefined, features },
        growOptions,
      );
      const tree = grown.tree;
      for (let i = 0; i < tree.value.length; i++) tree.value[i] = tree.value[i]! * params.learning_rate;
      const packed = rowSample === undefined && valid === undefined ? undefined : packTree(tree);
      if (rowSample === undefined) {
        addLeafValues(raw, idx, grown.leafNodes, grown.leafStarts, grown.leafEnds, tree.value, K, k);
      } else {
        addTreeToColumnRows(packed!, tree.value, binned.columns, binned.valueBins, identityRows, n, raw, K, k);
      }
      if (valid !== undefined) addTreeToRows(packed!, tree.value, 1, valid.binned, F, 0, validCount, validRaw, K, k);
      trees.push(tree);
    }
    rounds++;
    input.progress?.update(rounds);
    if (valid !== undefined) {
      validationScores.push(-objective.loss(validRaw, input.y, valid.rows));
      if (shouldStop(validationScores, params.n_iter_no_change, params.tol)) break;
    }
  }
  input.progress?.stop();
  return { edges: ctx.edges, baseline, trees, rounds, validationLoss: validationScores.map((s) => -s) };
}

/** Adds each leaf's value to the raw scores of the rows it owns (every row sits in exactly one leaf range). */
function addLeafValues(raw: Float64Array, idx: Uint32Array, nodes: Int32Array, starts: Int32Array, ends: Int32Array, values: Float64Array, K: number, k: number): void {
  for (let l = 0; l < nodes.length; l++) {
    const v = values[nodes[l]!]!;
    const end = ends[l]!;
    if (K === 1) for (let i = starts[l]!; i < end; i++) raw[idx[i]!] += v;
    else for (let i = starts[l]!; i < end; i++) raw[idx[i]! * K + k] += v;
  }
}

/** Stops when none of the last `patience` scores beats the one before them by more than tol. */
function shouldStop(scores: readonly number[], patience: number, tol: number): boolean {
  if (scores.length <= patience) return false;
  const reference = scores[scores.length - patience - 1]! + tol;
  for (let i = scores.length - patience; i < scores.length; i++) if (scores[i]! > reference) return false;
  return true;
}

/** A seeded split of row indices into training and validation, stratified when strata are given. */
export function validationSplit(n: number, fraction: number, strata: Int32Array | undefined, rng: Rng): { train: Int32Array; valid: Int32Array } {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = strata === undefined ? 0 : strata[i]!;
    let list = groups.get(g);
    if (list === undefined) groups.set(g, (list = []));
    list.push(i);
  }
  const isValid = new Uint8Array(n);
  for (const g of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = Int32Array.from(groups.get(g)!);
    rng.shuffleInPlace(rows);
    const take = Math.round(fraction * rows.length);
    for (let i = 0; i < take; i++) isValid[rows[i]!] = 1;
  }
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < n; i++) (isValid[i] ? valid : train).push(i);
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}

/** binColumns over values produced one feature at a time, so only one feature's copy lives at once. */
function binColumnsOf(valuesOf: (f: number) => Float64Array, edges: readonly BinEdges[], rowCount: number, allocate: (length: number) => Uint8Array = (length) => new Uint8Array(length)): BinnedColumns {
  const columns = edges.map((e, f) => {
    const out = allocate(rowCount);
    binColumn(valuesOf(f), e, out, 0, 1, e.length + 1);
    return out;
  });
  return { rowCount, columns, valueBins: Int32Array.from(edges, (e) => e.length + 1) };
}

function pick(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** k distinct values of 0..n-1 drawn without replacement, ascending. */
function sortedSample(n: number, k: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(k);
  let m = 0;
  // Selection sampling (Knuth's algorithm S) yields ascending order directly.
  for (let i = 0; i < n && m < k; i++) {
    if (rng.next() * (n - i) < k - m) {
      out[m++] = i;
    }
  }
  return out;
}
