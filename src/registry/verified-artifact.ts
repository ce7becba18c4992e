// A registered version's model as something that can answer: its artifact read with the SHA-256
// recorded at registration checked, then loaded for real; whatever stops it is ARTIFACT_CORRUPT
// naming the model, the version and the file. Promotion and the server both ask here first.

import { FramewiseError } from '../core/errors.js';
import type { FittedModel } from '../learn/estimator.js';
import { loadModel } from '../learn/model-io.js';
import type { ModelStore } from './store.js';

/** Loads `name`@`version` from the store, or throws ARTIFACT_CORRUPT (or MODEL_NOT_FOUND / REGISTRY_UNREADABLE from the store). */
export function loadVerifiedModel(store: ModelStore, name: string, version: number): FittedModel {
  const json = store.artifact(name, version);
  try {
    return loadModel(json);
  } catch (error) {
    const file = store.artifactPath?.(name, version);
    const where = file === undefined ? '' : ` '${file}'`;
    const why = error instanceof Error ? error.message : String(error);
    throw new FramewiseError('ARTIFACT_CORRUPT', `The artifact of '${name}'@${version}${where} does not load as a model: ${why}`, {
      hint: 'The file matches what was registered but this framewise cannot load it: register the model again as a new version (or use the framewise version that registered it).',
      ...(file === undefined ? {} : { location: { file } }),
      cause: error,
    });
  }
}
