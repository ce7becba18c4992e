// The models a server answers with: each model's champion resolved from the registry's aliases,
// re-read every poll so a promotion or rollback is picked up without a restart; the new version is
// loaded before the pointer moves, so a request sees the old model or the new one, never neither.

import { FramewiseError } from '../core/errors.js';
import type { FittedModel } from '../learn/estimator.js';
import { loadModel } from '../learn/model-io.js';
import { positiveClassIndex } from '../frame/decision-defaults.js';
import { type DecisionPolicy, decisionPackageOf } from '../registry/decision-package.js';
import type { ModelStore, ModelVersion } from '../registry/store.js';
import { type LeftOutFields, leftOutFields } from './left-out-fields.js';
import type { Policy } from './policy.js';
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

export class ModelCache {
  private readonly loaded = new Map<string, LoadedModel>();
  private champions = new Map<string, LoadedModel>();
  private timer: NodeJS.Timeout | undefined;
  /** Called when a model's champion changes (metrics). */
  onChange: ((name: string, version: number) => void) | undefined;

  constructor(private readonly store: ModelStore) {}

  /** Re-reads the aliases; loads any new champion, then swaps the whole map at once. */
  refresh(): void {
    const next = new Map<string, LoadedModel>();
    for (const entry of this.store.list()) {
      const version = entry.aliases[SERVED_ALIAS];
      if (version === undefined) continue;
      const current = this.champions.get(entry.name);
      if (current !== undefined && current.version === version) next.set(entry.name, current);
      else {
        next.set(entry.name, this.version(entry.name, version));
        this.onChange?.(entry.name, version);
      }
    }
    this.champions = next;
  }

  /** Polls the registry every `ms`; a failing poll keeps the models already loaded. */
  startPolling(ms: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      try {
        this.refresh();
      } catch (error) {
        onError(error);
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
    if (found === undefined) {
      this.refresh();
      found = this.champions.get(name);
    }
    if (found === undefined) {
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

  /** A given version, loaded once and kept (versions never change). */
  version(name: string, version: number): LoadedModel {
    const key = `${name}@${version}`;
    const cached = this.loaded.get(key);
    if (cached !== undefined) return cached;
    const info = this.store.get({ name, version });
    const model = loadModel(this.store.artifact(name, version));
    const leftOut = leftOutFields(info);
    const entry: LoadedModel = { name, version, info, model, defaults: decisionDefaults(info, model), leftOut, parseOne: { reuseOneRow: true, leftOut }, parseMany: { leftOut } };
    this.loaded.set(key, entry);
    return entry;
  }

  /** Names currently served with their champion versions. */
  served(): ReadonlyMap<string, LoadedModel> {
    return this.champions;
  }
}
