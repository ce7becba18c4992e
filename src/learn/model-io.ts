// Saving and loading fitted models: one header check for every model's JSON, a table of loaders
// keyed by estimator name (each learner adds one line), and file reading/writing with clear errors.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import type { FeatureSignature, FittedModel, InputSignature, ModelJsonHeader, Task } from './estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from './hyperparams.js';
import { logisticFromJSON } from './linear/logistic.js';
import { ridgeFromJSON } from './linear/ridge.js';
import { multiLabelFromJSON } from './multilabel/one-vs-rest.js';

export const MODEL_FORMAT = 'framewise-model';
/** The newest model format version this build reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

/** Turns a parsed model JSON into a fitted model; throws MODEL_FORMAT naming a bad field. */
export type ModelLoader = (json: unknown) => FittedModel;

/**
 * The built-in loaders, by the `estimator` name their models write. A new learner adds one line
 * here, e.g. `['gbdt', gbdtFromJSON]`. The table is read lazily, on the first load, so that
 * loaders may themselves import this module (for `readModelHeader`) without an import-order trap.
 */
function builtinLoaders(): readonly (readonly [string, ModelLoader])[] {
  return [
    ['ridge', ridgeFromJSON],
    ['logistic_regression', logisticFromJSON],
    ['multilabel', multiLabelFromJSON],
  ];
}

const registered = new Map<string, ModelLoader>();

/** Adds a loader at run time (plugins, tests); the name must not clash with another loader. */
export function registerModelLoader(estimator: string, loader: ModelLoader): void {
  const existing = registered.get(estimator) ?? builtinLoaders().find(([name]) => name === estimator)?.[1];
  if (existing !== undefined && existing !== loader) {
    throw new FramewiseError('INVALID_ARGUMENT', `A model loader for '${estimator}' is already registered.`, {
      hint: 'Give the estimator a distinct name.',
      location: { field: 'estimator' },
    });
  }
  registered.set(estimator, loader);
}

/** Names of every estimator whose saved models can be loaded. */
export function loadableEstimators(): string[] {
  return [...new Set([...builtinLoaders().map(([name]) => name), ...registered.keys()])].sort();
}

/** Loads any saved model from its parsed JSON, dispatching on its `estimator` field. */
export function loadModel(json: unknown): FittedModel {
  const header = readModelHeader(json);
  const loader = registered.get(header.estimator) ?? builtinLoaders().find(([name]) => name === header.estimator)?.[1];
  if (loader === undefined) {
    throw formatError('estimator', `names an unknown estimator ${JSON.stringify(header.estimator)}`, suggestionHint(header.estimator, loadableEstimators(), 'estimator'));
  }
  return loader(json);
}

/** Writes the model's JSON to `path`, creating the folder if needed. */
export async function saveModel(model: FittedModel, path: string): Promise<void> {
  const file = resolve(path);
  const text = JSON.stringify(model.toJSON());
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text + '\n', 'utf8');
  } catch (error) {
    throw new FramewiseError('INVALID_ARGUMENT', `Cannot write the model to '${path}': ${(error as Error).message}.`, {
      hint: 'Choose a path in a folder you can write to.',
      location: { file: path },
      cause: error,
    });
  }
}

/** Reads and loads a model file written by `saveModel`. */
export async function readModelFile(path: string): Promise<FittedModel> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FramewiseError('FILE_NOT_FOUND', `There is no model file at '${path}'.`, { hint: 'Check the path, or save a model there first.', location: { file: path }, cause: error });
    }
    throw new FramewiseError('FILE_UNREADABLE', `Cannot read the model file '${path}': ${(error as Error).message}.`, {
      hint: code === 'EISDIR' ? 'The path is a folder: give the model file inside it.' : 'Check the file permissions.',
      location: { file: path },
      cause: error,
    });
  }
  if (text.trim() === '') throw new FramewiseError('FILE_EMPTY', `The model file '${path}' is empty.`, { hint: 'Save the model again.', location: { file: path } });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FramewiseError('JSON_INVALID', `The model file '${path}' is not valid JSON: ${(error as Error).message}.`, {
      hint: 'The file is damaged or is not a framewise model; save the model again.',
      location: { file: path },
      cause: error,
    });
  }
  try {
    return loadModel(json);
  } catch (error) {
    if (error instanceof FramewiseError && error.code === 'MODEL_FORMAT') {
      throw new FramewiseError('MODEL_FORMAT', `'${path}': ${error.message}`, {
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        location: { file: path, ...(error.location?.field === undefined ? {} : { field: error.location.field }) },
        cause: error,
      });
    }
    throw error;
  }
}

const TASKS: readonly Task[] = ['regression', 'binary', 'multiclass', 'multilabel', 'clustering', 'anomaly'];

/**
 * Checks the header every saved model carries and returns the JSON as a record to read the rest
 * from. With `estimator` given, the model must be of that estimator.
 */
export function readModelHeader(json: unknown, estimator?: string): ModelJsonHeader & Readonly<Record<string, unknown>> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw formatError('(top level)', 'is not a JSON object');
  const record = json as Record<string, unknown>;
  if (record['format'] !== MODEL_FORMAT) throw formatError('format', `must be "${MODEL_FORMAT}", got ${shown(record['format'])}`);
  const version = record['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw formatError('formatVersion', `must be a whole number from 1, got ${shown(version)}`);
  if (version > MODEL_FORMAT_VERSION) {
    throw formatError('formatVersion', `is ${version}, but this framewise reads models up to version ${MODEL_FORMAT_VERSION}`, 'Upgrade framewise to load this model.');
  }
  const name = record['estimator'];
  if (typeof name !== 'string' || name === '') throw formatError('estimator', `must be the estimator's name, got ${shown(name)}`);
  if (estimator !== undefined && name !== estimator) throw formatError('estimator', `is ${shown(name)}, but this loader reads "${estimator}" models`, 'Load it with loadModel, which picks the right loader.');
  if (!TASKS.includes(record['task'] as Task)) throw formatError('task', `must be one of ${TASKS.join(', ')}, got ${shown(record['task'])}`);
  const params = record['params'];
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw formatError('params', 'is not an object');
  for (const [key, value] of Object.entries(params)) {
    if (!['number', 'string', 'boolean'].includes(typeof value)) throw formatError(`params.${key}`, `must be a number, string or boolean, got ${shown(value)}`);
  }
  readSignature(record['signature']);
  if (record['target'] !== undefined && typeof record['target'] !== 'string') throw formatError('target', `must be a column name, got ${shown(record['target'])}`);
  return record as unknown as ModelJsonHeader & Readonly<Record<string, unknown>>;
}

function readSignature(value: unknown): InputSignature {
  if (typeof value !== 'object' || value === null) throw formatError('signature', 'is not an object');
  const s = value as Record<string, unknown>;
  if (!Array.isArray(s['features'])) throw formatError('signature.features', 'is not an array');
  if (!Array.isArray(s['ignored'])) throw formatError('signature.ignored', 'is not an array');
  s['features'].forEach((f: unknown, i) => {
    const feature = f as Partial<Record<keyof FeatureSignature, unknown>> | null;
    const field = `signature.features[${i}]`;
    if (typeof feature !== 'object' || feature === null) throw formatError(field, 'is not an object');
    if (typeof feature.name !== 'string') throw formatError(`${field}.name`, `must be a column name, got ${shown(feature.name)}`);
    if (typeof feature.type !== 'string') throw formatError(`${field}.type`, `must be a type name, got ${shown(feature.type)}`);
    if (typeof feature.hadMissing !== 'boolean') throw formatError(`${field}.hadMissing`, `must be true or false, got ${shown(feature.hadMissing)}`);
    if (feature.categories !== undefined && !isStringArray(feature.categories)) throw formatError(`${field}.categories`, 'must be a list of strings');
  });
  return value as InputSignature;
}

/** A MODEL_FORMAT error naming the offending field. */
export function formatError(field: string, problem: string, hint = 'The model file is damaged or was not written by framewise; save the model again.'): FramewiseError {
  return new FramewiseError('MODEL_FORMAT', `Model field '${field}' ${problem}.`, { hint, location: { field } });
}

/** A list of finite numbers from a model field, of the given length when one is given. */
export function readNumbers(record: Readonly<Record<string, unknown>>, field: string, length?: number): Float64Array {
  const value = record[field];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) throw formatError(field, 'must be a list of finite numbers');
  if (length !== undefined && value.length !== length) throw formatError(field, `must hold ${length} numbers, got ${value.length}`);
  return Float64Array.from(value as number[]);
}

export function readStrings(record: Readonly<Record<string, unknown>>, field: string): string[] {
  const value = record[field];
  if (!isStringArray(value)) throw formatError(field, 'must be a list of strings');
  return [...value];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** The header fields of a model's JSON, as every `toJSON` writes them. */
export function modelHeader(model: FittedModel, target: string | undefined): ModelJsonHeader {
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    estimator: model.estimator,
    task: model.task,
    params: { ...model.params } as ParamRecord,
    signature: model.signature,
    ...(target === undefined ? {} : { target }),
  };
}

/** The saved hyperparameters, checked against the estimator's declarations. */
export function readParams(estimator: string, specs: readonly ParamSpec[], header: ModelJsonHeader): ParamRecord {
  try {
    return validateParams(estimator, specs, header.params);
  } catch (error) {
    if (error instanceof FramewiseError) throw formatError(`params.${error.location?.field ?? ''}`, `is not valid: ${error.message}`);
    throw error;
  }
}
