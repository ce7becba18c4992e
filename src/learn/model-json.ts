// What every saved model's JSON holds at its top level, and the checks its loaders share: the
// versioned header, typed fields, and MODEL_FORMAT errors that name the offending field.

import { FramewiseError } from '../core/errors.js';
import type { FeatureSignature, FittedModel, InputSignature, ModelJsonHeader, Task } from './estimator.js';
import { type ParamRecord, type ParamSpec, validateParams } from './hyperparams.js';

export const MODEL_FORMAT = 'framewise-model';
/** The newest model format version this build reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

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
    if (feature.categoryForm !== undefined && feature.categoryForm !== 'number' && feature.categoryForm !== 'text') throw formatError(`${field}.categoryForm`, `must be "number" or "text", got ${shown(feature.categoryForm)}`);
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
