// Gathers a version's lineage from what training saw: the data's fingerprints, the card and its
// hash, parameters and seed, metrics, verdict, and the reference profile for monitoring.

import { contentHash, schemaHash } from '../data/fingerprint.js';
import type { Frame } from '../data/frame.js';
import type { FittedModel } from '../learn/estimator.js';
import { sha256 } from './artifact-file.js';
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
  return lineage;
}
