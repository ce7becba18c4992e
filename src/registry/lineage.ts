// Gathers a version's lineage from what training saw: the data's fingerprints, the card and its
// hash, parameters and seed, metrics, verdict, the reference profile for monitoring, and the
// decision package a brief chose (whose promise is then the version's metrics).

import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import type { FittedModel } from '../learn/estimator.js';
import { sha256 } from './artifact-file.js';
import type { DecisionPackage } from './decision-package.js';
import { buildReferenceProfile } from './reference-profile.js';
import type { Lineage } from './store.js';

export interface LineageInput {
  /** The rows the model was fitted on. */
  readonly frame: Frame;
  readonly model: FittedModel;
  readonly framewiseVersion: string;
  readonly card?: string | null;
  readonly seed?: number | null;
  readonly metrics?: Lineage['metrics'];
  readonly verdict?: string | null;
  /** Fingerprints already computed (e.g. by the assessment) for the same data. */
  readonly dataFingerprint?: string;
  readonly schemaHash?: string;
  /** The brief's decision package: registered with the version, its promise's metrics become the version's metrics. */
  readonly decision?: DecisionPackage | null;
}

export function buildLineage(input: LineageInput): Lineage {
  const card = input.card ?? null;
  const params = input.model.params as Readonly<Record<string, unknown>>;
  const paramSeed = params['seed'] ?? params['random_state'];
  const lineage: Lineage = {
    dataFingerprint: input.dataFingerprint ?? contentHash(input.frame),
    schemaHash: input.schemaHash ?? schemaHash(input.frame),
    card,
    cardHash: card === null ? null : sha256(card),
    params,
    seed: input.seed ?? (typeof paramSeed === 'number' ? paramSeed : null),
    framewiseVersion: input.framewiseVersion,
    metrics: input.metrics ?? {},
    verdict: input.verdict ?? null,
    referenceProfile: buildReferenceProfile(input.frame, input.model.signature),
  };
  return input.decision ? withDecision(lineage, input.decision) : lineage;
}

/**
 * The lineage carrying a decision package. The version's metrics become the promise's, so what
 * registries show and monitoring compares against is measured at the policy (a binary model's
 * precision and recall at its threshold, not at 0.5).
 */
export function withDecision(lineage: Lineage, decision: DecisionPackage): Lineage {
  return { ...lineage, metrics: decision.promise.metrics, decision };
}
