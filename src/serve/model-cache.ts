// The models a server answers with: each model's champion resolved from the registry's aliases,
// re-read every poll so a promotion or rollback is picked up without a restart; the new version is
// loaded before the pointer moves, so a request sees the old model or the new one, never neither.
// A champion that cannot be loaded is skipped and reported once, and the other models are served.

import { dirname, relative } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { fileStamp } from '../core/file-stamp.js';
import type { FittedModel } from '../learn/estimator.js';
import { positiveClassIndex } from '../frame/decision-defaults.js';
import { type DecisionPolicy, decisionPackageOf } from '../registry/decision-package.js';
import type { ModelStore, ModelVersion } from '../registry/store.js';
import { loadVerifiedModel } from '../registry/verified-artifact.js';
import { type LeftOutFields, leftOutFields } from './left-out-fields.js';
import type { Policy } from './policy.js';
import type { Readiness } from './readiness.js';
import type { ParseOptions } from './request-rows.js';

export const SERVED_ALIAS = 'champion';

export interface LoadedModel {
  readonly name: string;
  readonly version: number;
  readonly info: ModelVersion;
  readonly model: FittedModel;
  /** What it decides until a policy is set: the policy of the version's decision package. */
  readonly defaults: DecisionDefaults;
  /** Columns of the training data the model left out: accepted in a request row and ignored. */
  readonly leftOut: LeftOutFields;
  /** How its request rows are read: one row into reused buffers, or many (made once, not per request). */
  readonly parseOne: ParseOptions;
  readonly parseMany: ParseOptions;
}

export interface DecisionDefaults {
  /**
   * The package's policy as the server decides with it, with its source: a binary threshold,
   * top-k, expected value under a cost matrix (multiclass), a regression boundary, per-label
   * thresholds (multi-label) or a threshold on the anomaly score; null when the decision is the
   * prediction itself (a number with no boundary, a most likely class, a cluster).
   */
  readonly policy: Policy | null;
  /** Index of the positive class among a binary model's classes. */
  readonly positiveIndex: number;
  /** The package's policy as served (a binary model's positive class as it is among the classes), for `GET /v1/models/NAME`. */
  readonly described: DecisionPolicy;
}

/** The class labels of a classifier, in the order of its probabilities; undefined for other models. */
export function classesOf(model: FittedModel): readonly string[] | undefined {
  const classes = (model as { classes?: unknown }).classes;
  return Array.isArray(classes) ? (classes as string[]) : undefined;
}

/** The labels of a multi-label model, in the order of its probabilities; undefined for other models. */
export function labelsOf(model: FittedModel): readonly string[] | undefined {
  if (model.task !== 'multilabel') return undefined;
  const labels = (model as { labels?: unknown }).labels;
  return Array.isArray(labels) ? (labels as string[]) : undefined;
}

/** The score an anomaly model flags from by itself (its training cut), or undefined when it has none. */
function ownScoreCut(model: FittedModel): number | undefined {
  const cut = (model as { threshold?: unknown }).threshold;
  return model.task === 'anomaly' && typeof cut === 'number' && Number.isFinite(cut) ? cut : undefined;
}

/**
 * A version's decision defaults: its decision package's policy (a version registered before
 * packages gets one made from its card). The positive class is the package's when it is one of
 * the model's classes, compared as the data writes them; else a yes-like class, else the second.
 * Packages written before a kind had its policy keep deciding as the model did: a multi-label
 * model at its own threshold for every label, an anomaly model at its own score cut (as a flag).
 */
export function decisionDefaults(info: ModelVersion, model: FittedModel): DecisionDefaults {
  const policy = decisionPackageOf(info).policy;
  const classes = classesOf(model);
  const none = (described: DecisionPolicy): DecisionDefaults => ({ policy: null, positiveIndex: 1, described });
  const as = (served: Policy, described: DecisionPolicy = policy): DecisionDefaults => ({ policy: served, positiveIndex: 1, described });
  if (model.task === 'binary' && classes !== undefined && classes.length === 2) {
    const named = policy.kind === 'threshold' ? classes.indexOf(policy.positiveClass) : -1;
    const positiveIndex = named >= 0 ? named : positiveClassIndex(classes, null);
    const threshold = policy.kind === 'threshold' ? policy.threshold : 0.5;
    const source = policy.kind === 'threshold' ? policy.source : 'default';
    return {
      policy: { kind: 'threshold', threshold, source },
      positiveIndex,
      described: { kind: 'threshold', threshold, positiveClass: classes[positiveIndex]!, source },
    };
  }
  if (model.task === 'multiclass' && classes !== undefined) {
    if (policy.kind === 'top-k' && policy.k >= 1 && policy.k <= classes.length) return as({ kind: 'top-k', k: policy.k, source: policy.source });
    if (policy.kind === 'expected-value') return as({ kind: 'expected-value', costMatrix: policy.costMatrix, source: policy.source });
    return none(policy);
  }
  if (model.task === 'regression') return policy.kind === 'number' && policy.boundary !== null ? as({ kind: 'boundary', boundary: policy.boundary, source: policy.source }) : none(policy);
  if (model.task === 'multilabel') {
    const labels = labelsOf(model) ?? [];
    if (policy.kind === 'label-thresholds') {
      // A label the package does not name keeps the rule's default (labelsAtThresholds: 0.5).
      return as({ kind: 'label-thresholds', thresholds: policy.thresholds, source: policy.source });
    }
    const own = model.params['threshold'];
    const at = typeof own === 'number' && Number.isFinite(own) ? own : 0.5;
    const thresholds = Object.fromEntries(labels.map((l) => [l, at]));
    return as({ kind: 'label-thresholds', thresholds, source: 'default' }, { kind: 'label-thresholds', thresholds, source: 'default' });
  }
  if (model.task === 'anomaly') {
    if (policy.kind === 'score-threshold') return as({ kind: 'score-threshold', threshold: policy.threshold, source: policy.source });
    const cut = ownScoreCut(model);
    if (cut === undefined) return none(policy);
    const share = model.params['contamination'];
    return as({ kind: 'score-threshold', threshold: cut, source: 'default' }, { kind: 'score-threshold', threshold: cut, flaggedShare: typeof share === 'number' ? share : null, source: 'default' });
  }
  return none(policy);
}

/** A champion that could not be loaded: not served (or its earlier version kept) until its artifact changes or the alias moves. */
export interface SkippedChampion {
  readonly name: string;
  readonly version: number;
  /** The artifact's file, when the store keeps files. */
  readonly file: string | undefined;
  readonly error: FramewiseError;
  /** The version still answering for the name (the champion before the move), or undefined when none. */
  readonly serving: number | undefined;
}

/**
 * One sentence for the operator (stderr, the file's full path) and, with `inAnswer`, for /readyz and
 * 503 answers (the file as the registry folder knows it, so no local path goes over the wire).
 */
export function describeSkipped(s: SkippedChampion, inAnswer = false): string {
  const still = s.serving === undefined ? `its predictions are refused (503 NOT_READY) until it loads` : `version ${s.serving} still answers for it`;
  const text = `'${s.name}' ${SERVED_ALIAS} version ${s.version} cannot be loaded, so ${still}: ${s.error.message}${s.error.hint === undefined ? '' : ` ${s.error.hint}`}`;
  return inAnswer ? withinRegistry(text, s.file) : text;
}

/** `text` with the artifact's full path replaced by its path inside the registry folder (artifacts/NAME/N.json). */
function withinRegistry(text: string, file: string | undefined): string {
  if (file === undefined) return text;
  const folder = dirname(dirname(dirname(file)));
  return text.replaceAll(file, relative(folder, file));
}

export class ModelCache {
  private readonly loaded = new Map<string, LoadedModel>();
  private champions = new Map<string, LoadedModel>();
  /** Champions that failed to load, by name, with the artifact's identity when they failed (tried again when it changes). */
  private readonly failed = new Map<string, { readonly stamp: string | undefined; readonly skipped: SkippedChampion }>();
  /** What the last read of the registry failed with, when it failed. */
  private registryProblem: string | undefined;
  private lastPollProblem: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Called when a model's champion changes (metrics). */
  onChange: ((name: string, version: number) => void) | undefined;
  /** Called once for each champion found unloadable (not again for the same file). */
  onSkip: ((skipped: SkippedChampion) => void) | undefined;

  /** With `readiness`, the cache answers its 'registry' probe and a 'model:<name>' probe for each champion it cannot load. */
  constructor(
    private readonly store: ModelStore,
    private readonly readiness?: Readiness,
  ) {
    readiness?.add('registry', () => this.store.verify?.() ?? this.registryProblem);
  }

  /**
   * Re-reads the aliases; loads any new champion, then swaps the whole map at once. A champion whose
   * artifact cannot be loaded is skipped (its earlier version, if one was loaded, keeps answering)
   * and the other models are served; a registry that cannot be read keeps every model as it was.
   */
  refresh(): void {
    let entries: ReturnType<ModelStore['list']>;
    try {
      const problem = this.store.verify?.();
      if (problem !== undefined) throw new FramewiseError('REGISTRY_UNREADABLE', problem, { hint: 'The models already loaded keep answering; GET /readyz says when the registry reads again.' });
      entries = this.store.list();
    } catch (error) {
      this.registryProblem = error instanceof Error ? error.message : String(error);
      throw error;
    }
    this.registryProblem = undefined;
    const next = new Map<string, LoadedModel>();
    for (const entry of entries) {
      const version = entry.aliases[SERVED_ALIAS];
      if (version === undefined) continue;
      const current = this.champions.get(entry.name);
      if (current !== undefined && current.version === version) {
        next.set(entry.name, current);
        continue;
      }
      const failed = this.failed.get(entry.name);
      const stamp = this.stampOf(entry.name, version);
      if (failed !== undefined && failed.skipped.version === version && failed.stamp === stamp) {
        if (current !== undefined) next.set(entry.name, current);
        continue;
      }
      try {
        next.set(entry.name, this.version(entry.name, version));
        this.onChange?.(entry.name, version);
      } catch (error) {
        if (error instanceof FramewiseError && error.code === 'REGISTRY_UNREADABLE') throw error;
        const skipped: SkippedChampion = { name: entry.name, version, file: this.fileOf(entry.name, version), error: asLoadError(error, entry.name, version), serving: current?.version };
        this.failed.set(entry.name, { stamp, skipped });
        if (current !== undefined) next.set(entry.name, current);
        this.readiness?.add(`model:${entry.name}`, () => describeSkipped(skipped, true));
        this.onSkip?.(skipped);
      }
    }
    // A failure is forgotten once its champion loads, its alias moves elsewhere or is removed.
    for (const [name, { skipped }] of this.failed) {
      const loaded = next.get(name);
      const alias = entries.find((e) => e.name === name)?.aliases[SERVED_ALIAS];
      if (alias !== skipped.version || (loaded !== undefined && loaded.version === alias)) {
        this.failed.delete(name);
        this.readiness?.remove(`model:${name}`);
      }
    }
    this.champions = next;
  }

  /** Champions that could not be loaded, by name. */
  skipped(): SkippedChampion[] {
    return [...this.failed.values()].map((f) => f.skipped);
  }

  /**
   * Polls the registry every `ms`; a failing poll keeps the models already loaded. A problem is
   * reported once (a FramewiseError as its message, anything else to `onError`), not every poll.
   */
  startPolling(ms: number, onError: (error: unknown) => void, onProblem: (text: string) => void = (text) => process.stderr.write(`${text}\n`)): void {
    this.timer = setInterval(() => {
      try {
        this.refresh();
        this.lastPollProblem = undefined;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (text === this.lastPollProblem) return;
        this.lastPollProblem = text;
        if (error instanceof FramewiseError && error.code !== 'INTERNAL') onProblem(`warning: ${error.message}${error.hint === undefined ? '' : ` ${error.hint}`}`);
        else onError(error);
      }
    }, ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** The champion of `name`; a model registered since the last poll is looked up at once. */
  champion(name: string): LoadedModel {
    let found = this.champions.get(name);
    if (found === undefined && !this.failed.has(name)) {
      this.refresh();
      found = this.champions.get(name);
    }
    if (found === undefined) {
      const skipped = this.failed.get(name)?.skipped;
      if (skipped !== undefined) {
        throw new FramewiseError('NOT_READY', withinRegistry(`Model '${name}' is not served: its ${SERVED_ALIAS}, version ${skipped.version}, cannot be loaded: ${skipped.error.message}`, skipped.file), {
          hint: `${skipped.error.hint === undefined ? '' : `${skipped.error.hint} `}Or promote a version that loads: framewise models promote ${name} VERSION. GET /readyz lists what is not ready.`,
          location: { field: 'name' },
        });
      }
      const exists = this.store.list().some((m) => m.name === name);
      throw new FramewiseError(
        'MODEL_NOT_FOUND',
        exists ? `Model '${name}' has no '${SERVED_ALIAS}' version to serve.` : `There is no model named '${name}' in the registry.`,
        {
          hint: exists
            ? `Promote a version to '${SERVED_ALIAS}', or call /v1/models/${name}/versions/{version}/predict.`
            : `Served models: ${[...this.champions.keys()].join(', ') || 'none'}.`,
          location: { field: 'name' },
        },
      );
    }
    return found;
  }

  /** A given version, loaded once and kept (versions never change); its artifact's hash is checked and it is loaded for real. */
  version(name: string, version: number): LoadedModel {
    const key = `${name}@${version}`;
    const cached = this.loaded.get(key);
    if (cached !== undefined) return cached;
    const info = this.store.get({ name, version });
    const model = loadVerifiedModel(this.store, name, version);
    const leftOut = leftOutFields(info);
    const entry: LoadedModel = { name, version, info, model, defaults: decisionDefaults(info, model), leftOut, parseOne: { reuseOneRow: true, leftOut }, parseMany: { leftOut } };
    this.loaded.set(key, entry);
    return entry;
  }

  /** Names currently served with their champion versions. */
  served(): ReadonlyMap<string, LoadedModel> {
    return this.champions;
  }

  /** Where the version's artifact is, when the store keeps files and can say. */
  private fileOf(name: string, version: number): string | undefined {
    try {
      return this.store.artifactPath?.(name, version);
    } catch {
      return undefined;
    }
  }

  /** The artifact file's identity (inode, size, time), so a failed load is tried again only once the file changed. */
  private stampOf(name: string, version: number): string | undefined {
    const path = this.fileOf(name, version);
    return path === undefined ? undefined : fileStamp(path);
  }
}

/** Anything that stopped a version loading, as ARTIFACT_CORRUPT naming it (a FramewiseError is kept as it is). */
function asLoadError(error: unknown, name: string, version: number): FramewiseError {
  if (error instanceof FramewiseError) return error;
  return new FramewiseError('ARTIFACT_CORRUPT', `'${name}'@${version} cannot be loaded: ${error instanceof Error ? error.message : String(error)}.`, {
    hint: 'Register the model again as a new version, or promote another version.',
    cause: error,
  });
}
