// A prediction encoded as JSON text row by row, for the predict response and the prediction log:
// class labels, probability keys and the decisions a policy can give are encoded once per model
// and kept, so a row costs its numbers; kinds without a fast path go through rowOutputs.

import type { Prediction } from '../learn/estimator.js';
import type { Policy } from './policy.js';
import { decidedClass, rowOutputs, thresholdDecision } from './prediction-output.js';

export interface EncodedRows {
  /** Per row, the members of its outputs object without the braces: `"prediction":…,"probabilities":{…}`. */
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

function encodeClassification(prediction: Extract<Prediction, { kind: 'classification' }>, n: number, policy: Policy | undefined, positiveIndex: number): EncodedRows {
  const { classes, labels, probabilities: p } = prediction;
  const K = classes.length;
  const codec = codecOf(classes);
  const pair = K === 2 ? thresholdDecisions(codec, classes, policy, positiveIndex) : undefined;
  const outputs = new Array<string>(n);
  const decisions = new Array<string>(n);
  const decided = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let text = `"prediction":${codec.json.get(labels[i]!)!},"probabilities":{`;
    for (let j = 0; j < K; j++) text += `${j === 0 ? '' : ','}${codec.keys[j]!}${jsonNumber(p[i * K + codec.order[j]!]!)}`;
    outputs[i] = `${text}}`;
    if (pair !== undefined) {
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

function encodeRegression(values: Float64Array, n: number): EncodedRows {
  const outputs = new Array<string>(n);
  const decisions = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const v = jsonNumber(values[i]!);
    outputs[i] = `"prediction":${v}`;
    decisions[i] = `{"kind":"value","value":${v}}`;
  }
  return { outputs, decisions, decided: new Array<string>(n).fill('') };
}

/** Every row of a prediction as JSON pieces, the same text JSON.stringify gives for rowOutputs. */
export function encodeRows(prediction: Prediction, n: number, policy: Policy | undefined, positiveIndex = 1): EncodedRows {
  if (prediction.kind === 'classification' && !(prediction.classes.length > 2 && policy?.kind === 'top-k')) return encodeClassification(prediction, n, policy, positiveIndex);
  if (prediction.kind === 'regression') return encodeRegression(prediction.values, n);
  const rows = rowOutputs(prediction, n, policy, positiveIndex);
  return {
    outputs: rows.map((o) => JSON.stringify(o.probabilities === undefined ? { prediction: o.prediction } : { prediction: o.prediction, probabilities: o.probabilities }).slice(1, -1)),
    decisions: rows.map((o) => JSON.stringify(o.decision)),
    decided: rows.map(decidedClass),
  };
}
