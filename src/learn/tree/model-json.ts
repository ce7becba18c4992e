// Reading and checking the saved form of tree models: the shared model header, bin edges, class
// labels and trees, each problem reported as MODEL_FORMAT with the field that is wrong.

import { FramewiseError } from '../../core/errors.js';
import type { FeatureSignature, InputSignature, ModelJsonHeader, Task } from '../estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from '../hyperparams.js';
import type { BinEdges } from './binning.js';
import { detachedSignature } from './features.js';
import { type Tree, treeFromJson } from './tree.js';

export const MODEL_FORMAT_VERSION = 1;

export function modelFormatError(estimator: string, why: string, field?: string): FramewiseError {
  return new FramewiseError('MODEL_FORMAT', `This is not a valid saved ${estimator} model: ${why}.`, {
    hint: 'Load a model file saved by framewise, unedited; re-save it if it came from an older version.',
    ...(field === undefined ? {} : { location: { field } }),
  });
}

export interface ParsedHeader<P extends ParamRecord> {
  readonly record: Readonly<Record<string, unknown>>;
  readonly task: Task;
  readonly params: P;
  readonly signature: InputSignature;
  readonly target: string;
}

/** Checks the header fields every saved model carries, for the named estimator. */
export function parseHeader<P extends ParamRecord>(json: unknown, estimator: string, specs: readonly ParamSpec[], tasks: readonly Task[]): ParsedHeader<P> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw modelFormatError(estimator, 'expected a JSON object');
  const o = json as Record<string, unknown>;
  if (o['format'] !== 'framewise-model') throw modelFormatError(estimator, `format is ${JSON.stringify(o['format'])}, expected "framewise-model"`, 'format');
  if (o['formatVersion'] !== MODEL_FORMAT_VERSION) {
    throw modelFormatError(estimator, `formatVersion is ${JSON.stringify(o['formatVersion'])}, this version reads ${MODEL_FORMAT_VERSION}`, 'formatVersion');
  }
  if (o['estimator'] !== estimator) throw modelFormatError(estimator, `it was saved by estimator ${JSON.stringify(o['estimator'])}`, 'estimator');
  const task = o['task'];
  if (typeof task !== 'string' || !(tasks as readonly string[]).includes(task)) throw modelFormatError(estimator, `task ${JSON.stringify(task)} is not one of ${tasks.join(', ')}`, 'task');
  const rawParams = o['params'];
  if (typeof rawParams !== 'object' || rawParams === null) throw modelFormatError(estimator, 'params must be an object', 'params');
  let params: P;
  try {
    params = validateParams<P>(estimator, specs, rawParams as Record<string, unknown>);
  } catch (error) {
    throw modelFormatError(estimator, `its params are invalid (${(error as Error).message})`, 'params');
  }
  const target = o['target'];
  if (typeof target !== 'string') throw modelFormatError(estimator, 'target must be the name of the target column', 'target');
  return { record: o, task: task as Task, params, signature: detachedSignature(parseSignature(o['signature'], estimator)), target };
}

function parseSignature(json: unknown, estimator: string): InputSignature {
  const bad = (why: string): FramewiseError => modelFormatError(estimator, `signature ${why}`, 'signature');
  if (typeof json !== 'object' || json === null) throw bad('must be an object');
  const o = json as Record<string, unknown>;
  const features = o['features'];
  const ignored = o['ignored'];
  if (!Array.isArray(features) || !Array.isArray(ignored)) throw bad('must list features and ignored columns');
  const parsed: FeatureSignature[] = features.map((f: unknown, i) => {
    if (typeof f !== 'object' || f === null) throw bad(`feature ${i} must be an object`);
    const r = f as Record<string, unknown>;
    if (typeof r['name'] !== 'string' || typeof r['type'] !== 'string' || typeof r['hadMissing'] !== 'boolean') throw bad(`feature ${i} needs name, type and hadMissing`);
    const cats = r['categories'];
    if (cats !== undefined && !(Array.isArray(cats) && cats.every((c) => typeof c === 'string'))) throw bad(`feature '${r['name']}' has invalid categories`);
    return f as FeatureSignature;
  });
  for (const g of ignored) {
    if (typeof g !== 'object' || g === null || typeof (g as Record<string, unknown>)['name'] !== 'string') throw bad('ignored columns need a name');
  }
  return { features: parsed, ignored: ignored as InputSignature['ignored'] };
}

/** The header fields of a fitted model's JSON. */
export function headerJson(estimator: string, task: Task, params: ParamRecord, signature: InputSignature, target: string): ModelJsonHeader {
  return { format: 'framewise-model', formatVersion: MODEL_FORMAT_VERSION, estimator, task, params, signature, target };
}

export function edgesToJson(edges: readonly BinEdges[]): number[][] {
  return edges.map((e) => Array.from(e));
}

export function parseEdges(json: unknown, features: number, estimator: string): BinEdges[] {
  if (!Array.isArray(json) || json.length !== features) throw modelFormatError(estimator, `binEdges must hold one list per feature (${features})`, 'binEdges');
  return json.map((e: unknown, f) => {
    if (!Array.isArray(e) || e.length > 254 || !e.every((x, i) => typeof x === 'number' && Number.isFinite(x) && (i === 0 || x > (e[i - 1] as number)))) {
      throw modelFormatError(estimator, `binEdges[${f}] must be at most 254 increasing finite numbers`, 'binEdges');
    }
    return Float64Array.from(e as number[]);
  });
}

export function parseClasses(json: unknown, estimator: string): string[] {
  if (!Array.isArray(json) || json.length < 2 || !json.every((c) => typeof c === 'string')) {
    throw modelFormatError(estimator, 'classes must list at least two class labels', 'classes');
  }
  return [...(json as string[])];
}

export function parseTrees(json: unknown, features: number, outputs: number, estimator: string): Tree[] {
  if (!Array.isArray(json) || json.length === 0) throw modelFormatError(estimator, 'trees must be a non-empty list', 'trees');
  return json.map((t: unknown, i) => {
    const tree = treeFromJson(t, features, `${estimator} tree ${i}`);
    if (tree.outputs !== outputs) throw modelFormatError(estimator, `tree ${i} has ${tree.outputs} outputs, expected ${outputs}`, 'trees');
    return tree;
  });
}
