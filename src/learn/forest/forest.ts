// The random forest as an estimator: validates its parameters once, reads the frame into
// features and an encoded target, bags trees, and returns a separate immutable FittedForest.

import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions } from '../estimator.js';
import { validateParams } from '../hyperparams.js';
import { buildSignature } from '../signature.js';
import { encodeTarget } from '../target.js';
import { detachedSignature, featureValues } from '../tree/features.js';
import { requireTarget } from '../tree/require-target.js';
import { bag } from './bag.js';
import { FittedForest, FOREST_NAME } from './fitted-forest.js';
import { FOREST_SPECS, type ForestParams } from './params.js';

export class RandomForest implements Estimator<FittedForest> {
  readonly name = FOREST_NAME;
  readonly specs = FOREST_SPECS;
  readonly params: ForestParams;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams<ForestParams>(FOREST_NAME, FOREST_SPECS, params);
  }

  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedForest> {
    const targetName = requireTarget(frame, target, FOREST_NAME);
    const signature = detachedSignature(buildSignature(frame, { exclude: [targetName] }));
    const objective = this.params.objective;
    const encoded = encodeTarget(frame, targetName, objective === 'regression' ? 'regression' : objective === 'classification' ? 'binary' : undefined);
    const result = bag({
      features: featureValues(frame, signature),
      rowCount: frame.rowCount,
      y: encoded.y,
      classes: encoded.task === 'regression' ? 0 : encoded.classes.length,
      params: this.params,
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    });
    return new FittedForest({
      task: encoded.task,
      params: this.params,
      signature,
      target: targetName,
      classes: encoded.task === 'regression' ? undefined : encoded.classes,
      edges: result.edges,
      trees: result.trees,
    });
  }
}
