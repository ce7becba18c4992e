// Saving and loading fitted models: one header check for every model's JSON, a table of loaders
// keyed by estimator name (each learner adds one line), and file reading/writing with clear errors.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import type { FittedModel } from './estimator.js';
import { FOREST_NAME, forestFromJSON } from './forest/fitted-forest.js';
import { GBDT_NAME, gbdtFromJSON } from './gbdt/fitted-gbdt.js';
import { iforestFromJSON } from './iforest/fitted-iforest.js';
import { IFOREST } from './iforest/params.js';
import { kmeansFromJSON } from './kmeans/fitted-kmeans.js';
import { KMEANS } from './kmeans/params.js';
import { logisticFromJSON } from './linear/logistic.js';
import { ridgeFromJSON } from './linear/ridge.js';
import { formatError, readModelHeader } from './model-json.js';
import { multiLabelFromJSON } from './multilabel/one-vs-rest.js';

// Loaders import their helpers from model-json.ts, which imports no learner, so that this
// module's imports of every learner form no cycle; they are re-exported here for convenience.
export { formatError, MODEL_FORMAT, MODEL_FORMAT_VERSION, modelHeader, readModelHeader, readNumbers, readParams, readStrings } from './model-json.js';

/** Turns a parsed model JSON into a fitted model; throws MODEL_FORMAT naming a bad field. */
export type ModelLoader = (json: unknown) => FittedModel;

/**
 * The built-in loaders, by the `estimator` name their models write. A new learner adds one line
 * here, e.g. `['gbdt', gbdtFromJSON]`. The table is built on each use, not when the module loads,
 * so a learner that imports this module (multi-label loads its base models through it) is safe.
 */
function builtinLoaders(): readonly (readonly [string, ModelLoader])[] {
  return [
    ['ridge', ridgeFromJSON],
    ['logistic_regression', logisticFromJSON],
    ['multilabel', multiLabelFromJSON],
    [GBDT_NAME, gbdtFromJSON],
    [FOREST_NAME, forestFromJSON],
    [KMEANS, kmeansFromJSON],
    [IFOREST, iforestFromJSON],
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

