// Reading and checking the saved form of tree models: the shared model header, bin edges, class
// labels and trees, each problem reported as MODEL_FORMAT with the field that is wrong.

import { FramewiseError } from '../../core/errors.js';
import type { InputSignature, ModelJsonHeader, Task } from '../estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from '../hyperparams.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, readModelHeader } from '../model-json.js';
import type { BinEdges } from './binning.js';
import { detachedSignature } from './features.js';
import { type Tree, treeFromJson } from './tree.js';

/** A MODEL_FORMAT error about a tree model, naming the field at fault. */
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

/**
 * Checks the header every saved model carries (the shared readModelHeader), then what tree
 * models add: a task they can do, parameters valid for `specs`, and the target's name.
 */
export function parseHeader<P extends ParamRecord>(json: unknown, estimator: string, specs: readonly ParamSpec[], tasks: readonly Task[]): ParsedHeader<P> {
  const record = readModelHeader(json, estimator);
  if (!tasks.includes(record.task)) throw modelFormatError(estimator, `task ${JSON.stringify(record.task)} is not one of ${tasks.join(', ')}`, 'task');
  let params: P;
  try {
    params = validateParams<P>(estimator, specs, record.params);
  } catch (error) {
    throw modelFormatError(estimator, `its params are invalid (${(error as Error).message})`, 'params');
  }
  const target = record.target;
  if (typeof target !== 'string') throw modelFormatError(estimator, 'target must be the name of the target column', 'target');
  return { record, task: record.task, params, signature: detachedSignature(record.signature), target };
}

/** The header fields of a fitted model's JSON. */
export function headerJson(estimator: string, task: Task, params: ParamRecord, signature: InputSignature, target: string): ModelJsonHeader {
  return { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, estimator, task, params, signature, target };
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
