// The model registry as an interface with swappable stores: the embedded default keeps metadata
// in SQLite and artifacts as files under a project folder; a server-grade store can replace it
// with no change above. Versions are immutable; aliases point at versions and every move is kept.

import type { InputSignature, ModelJsonHeader } from '../learn/estimator.js';
import type { DecisionPackage } from './decision-package.js';

/** Where a registered version came from: enough to reproduce it and to judge reuse. */
export interface Lineage {
  readonly dataFingerprint: string;
  readonly schemaHash: string;
  /** The problem card's text and its SHA-256 (null when trained from a data file and --target). */
  readonly card: string | null;
  readonly cardHash: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number | null;
  readonly framewiseVersion: string;
  /** Metrics promised at registration (cross-validated), e.g. { roc_auc: { mean, low, high } }. */
  readonly metrics: Readonly<Record<string, { readonly mean: number; readonly low: number; readonly high: number }>>;
  /** The brief's verdict, when the version came from `framewise brief`. */
  readonly verdict: string | null;
  /** Training data profile for monitoring (reference distributions), stored as JSON. */
  readonly referenceProfile: unknown;
  /**
   * The decision package (data settings, policy, promise, business figures) a brief registered;
   * absent on versions registered before packages or by `train` (read through decisionPackageOf).
   */
  readonly decision?: DecisionPackage;
}

export interface ModelVersion {
  readonly name: string;
  readonly version: number;
  readonly createdAt: string;
  readonly estimator: string;
  readonly task: string;
  readonly target: string | null;
  readonly signature: InputSignature;
  readonly lineage: Lineage;
  /** Aliases pointing at this version now. */
  readonly aliases: readonly string[];
  /** Set when the reuse guard was overridden with --force at registration. */
  readonly forcedReason: string | null;
  /** SHA-256 of the training-row sample stored beside the artifact (null when none was kept). */
  readonly referenceSha256: string | null;
}

export interface AliasMove {
  readonly name: string;
  readonly alias: string;
  readonly from: number | null;
  readonly to: number;
  readonly at: string;
  readonly by: string;
  readonly why: string;
  /** A promotion points the alias somewhere new; a rollback returns it to where it was before. */
  readonly kind?: 'promote' | 'rollback';
}

export interface RegisterInput {
  readonly name: string;
  /** The model's JSON (as `toJSON()` gives it): stored as the version's artifact. */
  readonly model: ModelJsonHeader & Record<string, unknown>;
  readonly lineage: Lineage;
  readonly forcedReason?: string;
  /** A sample of the training rows (JSON) kept beside the artifact for monitoring, written in the same registration. */
  readonly referenceSample?: unknown;
}

/** NAME, NAME@3, NAME@champion. */
export interface ModelRef {
  readonly name: string;
  readonly version?: number;
  readonly alias?: string;
}

export interface ModelStore {
  register(input: RegisterInput): ModelVersion;
  /** Latest version when the ref names neither version nor alias. Throws MODEL_NOT_FOUND naming what exists. */
  get(ref: ModelRef): ModelVersion;
  /** The stored model JSON of a version. */
  artifact(name: string, version: number): ModelJsonHeader & Record<string, unknown>;
  list(): readonly { readonly name: string; readonly latest: number; readonly aliases: Readonly<Record<string, number>> }[];
  versions(name: string): readonly ModelVersion[];
  /** Points `alias` at `version`, recording who, when and why. */
  setAlias(name: string, alias: string, version: number, by: string, why: string): AliasMove;
  /** Moves `alias` back to the version it pointed at before its last move. */
  rollback(name: string, alias: string, by: string, why: string): AliasMove;
  aliasHistory(name: string): readonly AliasMove[];
  /**
   * For a long-running reader: checks the store can still be read (re-reading it when it changed
   * underneath) and says what is wrong, or undefined. Optional: a store with nothing to check leaves it out.
   */
  verify?(): string | undefined;
  /** Where a version's artifact lives on disk, for a store that keeps artifacts as files. */
  artifactPath?(name: string, version: number): string;
  close(): void;
}
