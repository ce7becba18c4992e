// A prediction encoded as JSON text row by row, for the predict response and the prediction log:
// class labels, probability keys and the decisions a policy can give are encoded once per model
// and kept, so a row costs its numbers; kinds without a fast path go through rowOutputs.

import { expectedValueClass, isAboveBoundary } from '../frame/decision-rules.js';
import type { Prediction } from '../learn/estimator.js';
import type { Policy } from './policy.js';
import { decidedClass, expectedValueOf, type RowOutput, rowOutputs, thresholdDecision } from './prediction-output.js';

export interface EncodedRows {
  /** Per row, the members of its outputs object without the braces: `"prediction":…,"probabilities":{…}` (or `"score":…`). */
  readonly outputs: string[];
  /** Per row, the decision as a JSON object. */
  readonly decisions: string[];
  /** Per row, the label its decision settles on (for the predictions-by-class counter). */
  readonly decided: string[];
}

/** A number as JSON.stringify writes it (non-finite numbers are null). */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** What is encoded once for a list of classes. */
interface ClassCodec {
  readonly json: ReadonlyMap<string, string>;
  /** `"<class>":` in the order JSON.stringify writes an object keyed by the classes (integer-like keys first). */
  readonly keys: readonly string[];
  /** The class index behind each of `keys`. */
  readonly order: Int32Array;
  /** `{"kind":"label","label":<class>}` per class. */
  readonly labelDecisions: ReadonlyMap<string, string>;
  /** Binary decisions by threshold: [negative, positive], with the policy source they name. */
  readonly thresholds: Map<number, ThresholdPair>;
}

interface ThresholdPair {
  readonly source: string | undefined;
  readonly pair: readonly [string, string];
}

const codecs = new WeakMap<readonly string[], ClassCodec>();

function codecOf(classes: readonly string[]): ClassCodec {
  let codec = codecs.get(classes);
  if (codec === undefined) {
    const index = new Map(classes.map((c, k) => [c, k]));
    const probe: Record<string, number> = {};
    for (const c of classes) probe[c] = 0;
    const keyOrder = Object.keys(probe);
    codec = {
      json: new Map(classes.map((c) => [c, JSON.stringify(c)])),
      keys: keyOrder.map((c) => `${JSON.stringify(c)}:`),
      order: Int32Array.from(keyOrder, (c) => index.get(c)!),
      labelDecisions: new Map(classes.map((c) => [c, JSON.stringify({ kind: 'label', label: c })])),
      thresholds: new Map(),
    };
    codecs.set(classes, codec);
  }
  return codec;
}

function thresholdDecisions(codec: ClassCodec, classes: readonly string[], policy: Policy | undefined, positiveIndex: number): readonly [string, string] {
  const threshold = policy?.kind === 'threshold' ? policy.threshold : 0.5;
  const source = policy?.kind === 'threshold' ? policy.source : undefined;
  const key = positiveIndex === 1 ? threshold : -1 - threshold;
  const found = codec.thresholds.get(key);
  // The same threshold from another source (a policy set to the package's value) is encoded anew.
  if (found !== undefined && found.source === source) return found.pair;
  const at = (positive: boolean): string => JSON.stringify(thresholdDecision(classes, threshold, positiveIndex, positive, source));
  const pair: readonly [string, string] = [at(false), at(true)];
  if (codec.thresholds.size > 64) codec.thresholds.clear();
  codec.thresholds.set(key, { source, pair });
  return pair;
}

/** A multiclass decision under a cost matrix: `{"kind":"expected-value","label":<class>,"expectedValue":` per class, and the closing text naming the source. */
interface ExpectedValueTexts {
  readonly heads: readonly string[];
  readonly tail: string;
}

function expectedValueTexts(classes: readonly string[], source: string | undefined): ExpectedValueTexts {
  return {
    heads: classes.map((c) => `{"kind":"expected-value","label":${JSON.stringify(c)},"expectedValue":`),
    tail: source === undefined ? '}' : `,"source":${JSON.stringify(source)}}`,
  };
}

function encodeClassification(prediction: Extract<Prediction, { kind: 'classification' }>, n: number, policy: Policy | undefined, positiveIndex: number): EncodedRows {
  const { classes, labels, probabilities: p } = prediction;
  const K = classes.length;
  const codec = codecOf(classes);
  const byValue = policy?.kind === 'expected-value' ? policy : undefined;
  const valueTexts = byValue === undefined ? undefined : expectedValueTexts(classes, byValue.source);
  const pair = K === 2 && byValue === undefined ? thresholdDecisions(codec, classes, policy, positiveIndex) : undefined;
  const outputs = new Array<string>(n);
  const decisions = new Array<string>(n);
  const decided = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let text = `"prediction":${codec.json.get(labels[i]!)!},"probabilities":{`;
    for (let j = 0; j < K; j++) text += `${j === 0 ? '' : ','}${codec.keys[j]!}${jsonNumber(p[i * K + codec.order[j]!]!)}`;
    outputs[i] = `${text}}`;
    if (byValue !== undefined) {
      // The class with the highest expected value under the cost matrix, by the one rule every stage uses.
      const k = expectedValueClass(p, i * K, classes, byValue.costMatrix);
      decisions[i] = `${valueTexts!.heads[k]!}${jsonNumber(expectedValueOf(p, i * K, classes, byValue.costMatrix, k))}${valueTexts!.tail}`;
      decided[i] = classes[k]!;
    } else if (pair !== undefined) {
      // The threshold applies to the positive class's probability (the card's class, else a yes-like one, else the second).
      const positive = p[i * 2 + positiveIndex]! >= (policy?.kind === 'threshold' ? policy.threshold : 0.5);
      decisions[i] = pair[positive ? 1 : 0];
      decided[i] = positive ? classes[positiveIndex]! : classes[1 - positiveIndex]!;
    } else {
      decisions[i] = codec.labelDecisions.get(labels[i]!)!;
      decided[i] = labels[i]!;
    }
  }
  return { outputs, decisions, decided };
}

function encodeRegression(values: Float64Array, n: number, policy: Policy | undefined): EncodedRows {
  const outputs = new Array<string>(n);
  const decisions = new Array<string>(n);
  const decided = new Array<string>(n);
  const boundary = policy?.kind === 'boundary' ? policy : undefined;
  // `{"kind":"boundary","boundary":B,"value":` and the closing text per side, naming the source.
  const head = boundary === undefined ? '' : `{"kind":"boundary","boundary":${jsonNumber(boundary.boundary)},"value":`;
  const tail = boundary?.source === undefined ? '}' : `,"source":${JSON.stringify(boundary.source)}}`;
  for (let i = 0; i < n; i++) {
    const v = jsonNumber(values[i]!);
    outputs[i] = `"prediction":${v}`;
    if (boundary === undefined) {
      decisions[i] = `{"kind":"value","value":${v}}`;
      decided[i] = '';
    } else {
      const above = isAboveBoundary(values[i]!, boundary.boundary);
      decisions[i] = `${head}${v},"above":${above}${tail}`;
      decided[i] = above ? 'above' : 'below';
    }
  }
  return { outputs, decisions, decided };
}

/** A row's outputs object without its decision, as JSON members without the braces. */
function outputMembers(o: RowOutput): string {
  const members: { prediction: RowOutput['prediction']; probabilities?: RowOutput['probabilities']; score?: number } = { prediction: o.prediction };
  if (o.probabilities !== undefined) members.probabilities = o.probabilities;
  if (o.score !== undefined) members.score = o.score;
  return JSON.stringify(members).slice(1, -1);
}

/** Every row of a prediction as JSON pieces, the same text JSON.stringify gives for rowOutputs. */
export function encodeRows(prediction: Prediction, n: number, policy: Policy | undefined, positiveIndex = 1): EncodedRows {
  if (prediction.kind === 'classification' && !(prediction.classes.length > 2 && policy?.kind === 'top-k')) return encodeClassification(prediction, n, policy, positiveIndex);
  if (prediction.kind === 'regression') return encodeRegression(prediction.values, n, policy);
  const rows = rowOutputs(prediction, n, policy, positiveIndex);
  return {
    outputs: rows.map(outputMembers),
    decisions: rows.map((o) => JSON.stringify(o.decision)),
    decided: rows.map(decidedClass),
  };
}
