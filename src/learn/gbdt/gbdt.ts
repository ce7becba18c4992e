// Histogram gradient boosting as an estimator: validates its parameters once, reads the frame
// into features and an encoded target, boosts, and returns a separate immutable FittedGbdt.

import type { Frame } from '../../data/frame.js';
import type { Estimator, FitOptions } from '../estimator.js';
import { validateParams } from '../hyperparams.js';
import { buildSignature } from '../signature.js';
import { encodeTarget } from '../target.js';
import { detachedSignature, featureValues } from '../tree/features.js';
import { requireTarget } from '../tree/require-target.js';
import { boost } from './boost.js';
import { FittedGbdt, GBDT_NAME } from './fitted-gbdt.js';
import { logLoss, type Objective, softmaxObjective, squaredError } from './objectives.js';
import { GBDT_SPECS, type GbdtParams } from './params.js';

export class Gbdt implements Estimator<FittedGbdt> {
  readonly name = GBDT_NAME;
  readonly specs = GBDT_SPECS;
  readonly params: GbdtParams;

  constructor(params: Readonly<Record<string, unknown>> = {}) {
    this.params = validateParams<GbdtParams>(GBDT_NAME, GBDT_SPECS, params);
  }

  async fit(frame: Frame, target: string | undefined, options: FitOptions = {}): Promise<FittedGbdt> {
    const targetName = requireTarget(frame, target, GBDT_NAME);
    const signature = detachedSignature(buildSignature(frame, { exclude: [targetName] }));
    const encoded = encodeTarget(frame, targetName, this.params.objective === 'regression' ? 'regression' : this.params.objective === 'classification' ? 'binary' : undefined);
    const features = featureValues(frame, signature);
    let objective: Objective;
    if (encoded.task === 'regression') objective = squaredError;
    else if (encoded.task === 'binary') objective = logLoss;
    else objective = softmaxObjective(encoded.classes.length);
    const result = await boost({
      features,
      y: encoded.y,
      rowCount: frame.rowCount,
      objective,
      params: this.params,
      categoryCounts: Int32Array.from(signature.features, (f) => f.categories?.length ?? 0),
      ...(encoded.task === 'regression' ? {} : { strata: encoded.y }),
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    });
    return new FittedGbdt({
      task: encoded.task,
      params: this.params,
      signature,
      target: targetName,
      classes: encoded.task === 'regression' ? undefined : encoded.classes,
      edges: result.edges,
      baseline: result.baseline,
      trees: result.trees,
      rounds: result.rounds,
      validationLoss: result.validationLoss,
    });
  }
}

