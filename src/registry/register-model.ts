// Registering a freshly trained model, as `train --register` and `brief --register` do: the
// reuse guard against the name's latest version first (forced uses recorded), then the store.
// Also the training-set metrics `train` can promise when no held-out estimate exists.

import { valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { r2, rmse } from '../evaluate/metrics/regression.js';
import type { FittedModel, Prediction } from '../learn/estimator.js';
import type { DecisionPackage } from './decision-package.js';
import { withDecision } from './lineage.js';
import { drawReferenceSample } from './reference-sample.js';
import { checkModelName } from './model-ref.js';
import { guardReuse, signatureDifferences } from './reuse-guard.js';
import { SqliteModelStore } from './sqlite-store.js';
import type { Lineage, ModelVersion, RegisterInput } from './store.js';

export interface RegisterFittedInput {
  readonly dir: string;
  readonly name: string;
  readonly model: FittedModel;
  readonly lineage: Lineage;
  /** The decision package to register with the version (data settings, policy, promise), when the lineage does not already hold it. */
  readonly decision?: DecisionPackage | null;
  /** The rows the model was fitted on: a seeded sample of them is stored as the version's drift reference. */
  readonly trainingFrame: Frame;
  /** Go ahead when the signature differs from the latest version's (the differences are recorded). */
  readonly force: boolean;
  /** Who registers (recorded with a forced use). */
  readonly by: string;
  /** Another forced use to record with the version, e.g. data taken past the reuse guard. */
  readonly alsoForced?: string | null;
  /** Point this alias at the new version while the store is still open (never `champion`: promotion stays a human step). */
  readonly alias?: { readonly name: string; readonly why: string };
}

export function registerFitted(input: RegisterFittedInput): ModelVersion {
  checkModelName(input.name);
  const store = SqliteModelStore.open(input.dir, { create: true });
  try {
    let signatureForced: string | null = null;
    if (store.list().some((m) => m.name === input.name)) {
      const latest = store.get({ name: input.name });
      signatureForced = guardReuse(signatureDifferences(latest.signature, input.model.signature), {
        force: input.force,
        subject: `The new model's input (${input.model.signature.features.length} features)`,
        against: `the signature of '${input.name}'@${latest.version}`,
      });
    }
    const forced = [input.alsoForced ?? null, signatureForced].filter((reason): reason is string => reason !== null).join('; ') || null;
    const version = store.register({
      name: input.name,
      model: input.model.toJSON() as unknown as RegisterInput['model'],
      lineage: input.decision ? withDecision(input.lineage, input.decision) : input.lineage,
      ...(forced === null ? {} : { forcedReason: `${forced} (by ${input.by})` }),
      // A seeded sample of the training rows beside the artifact: the reference `monitor` tests against.
      referenceSample: drawReferenceSample(input.trainingFrame, input.model.signature),
    });
    if (input.alias === undefined) return version;
    store.setAlias(input.name, input.alias.name, version.version, input.by, input.alias.why);
    return store.get({ name: input.name, version: version.version });
  } finally {
    store.close();
  }
}

/**
 * Metrics of a model on the rows it learned from (optimistic, and named so): accuracy for
 * classes, RMSE and R² for numbers; none for other tasks. Each is a point value (low = high).
 */
export function trainingMetrics(prediction: Prediction, frame: Frame, target: string | undefined): Lineage['metrics'] {
  if (target === undefined || !frame.has(target)) return {};
  const column = frame.column(target);
  const point = (value: number): { mean: number; low: number; high: number } => ({ mean: value, low: value, high: value });
  if (prediction.kind === 'classification') {
    let compared = 0;
    let right = 0;
    for (let i = 0; i < frame.rowCount; i++) {
      const truth = valueAt(column, i);
      if (truth === null) continue;
      compared++;
      if (String(truth) === prediction.labels[i]) right++;
    }
    return compared === 0 ? {} : { training_accuracy: point(right / compared) };
  }
  if (prediction.kind === 'regression' && column.kind === 'numeric') {
    const truth: number[] = [];
    const predicted: number[] = [];
    for (let i = 0; i < frame.rowCount; i++) {
      if (Number.isNaN(column.values[i])) continue;
      truth.push(column.values[i]!);
      predicted.push(prediction.values[i]!);
    }
    if (truth.length === 0) return {};
    return { training_rmse: point(rmse(truth, predicted).value), training_r2: point(r2(truth, predicted).value) };
  }
  return {};
}
