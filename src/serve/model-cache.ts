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
  /** The package's threshold (binary) or top-k (multiclass) with its source; null when the decision is the prediction itself. */
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

/**
 * A version's decision defaults: its decision package's policy (a version registered before
 * packages gets one made from its card). The positive class is the package's when it is one of
 * the model's classes, compared as the data writes them; else a yes-like class, else the second.
 */
export function decisionDefaults(info: ModelVersion, model: FittedModel): DecisionDefaults {
  const policy = decisionPackageOf(info).policy;
  const classes = classesOf(model);
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
  if (policy.kind === 'top-k' && classes !== undefined && policy.k >= 1 && policy.k <= classes.length) return { policy: { kind: 'top-k', k: policy.k, source: policy.source }, positiveIndex: 1, described: policy };
  return { policy: null, positiveIndex: 1, described: policy };
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
