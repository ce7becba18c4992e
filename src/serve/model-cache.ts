// The models a server answers with: each model's champion resolved from the registry's aliases,
// re-read every poll so a promotion or rollback is picked up without a restart; the new version is
// loaded before the pointer moves, so a request sees the old model or the new one, never neither.

import { FramewiseError } from '../core/errors.js';
import type { FittedModel } from '../learn/estimator.js';
import { loadModel } from '../learn/model-io.js';
import type { Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { cardThreshold, positiveClassIndex } from '../frame/decision-defaults.js';
import type { ModelStore, ModelVersion } from '../registry/store.js';
import { DEFAULT_THRESHOLD, type Policy } from './policy.js';

export const SERVED_ALIAS = 'champion';

export interface LoadedModel {
  readonly name: string;
  readonly version: number;
  readonly info: ModelVersion;
  readonly model: FittedModel;
  /** What it decides until a policy is set: from the card it was registered with. */
  readonly defaults: DecisionDefaults;
}

export interface DecisionDefaults {
  /** The card's threshold for a binary model (0.5 without one); null for other tasks. */
  readonly policy: Policy | null;
  /** Index of the positive class among a binary model's classes. */
  readonly positiveIndex: number;
}

/** The class labels of a classifier, in the order of its probabilities; undefined for other models. */
export function classesOf(model: FittedModel): readonly string[] | undefined {
  const classes = (model as { classes?: unknown }).classes;
  return Array.isArray(classes) ? (classes as string[]) : undefined;
}

/** A version's decision defaults; a card that no longer reads leaves the plain ones (0.5, second class). */
function decisionDefaults(info: ModelVersion, model: FittedModel): DecisionDefaults {
  let card: Card | null = null;
  try {
    if (info.lineage.card !== null) card = parseCard(info.lineage.card, `the card of '${info.name}'@${info.version}`);
  } catch {
    card = null;
  }
  const classes = classesOf(model);
  const positiveIndex = classes !== undefined && classes.length === 2 ? positiveClassIndex(classes, card) : 1;
  const threshold = cardThreshold(card);
  return { policy: model.task === 'binary' ? (threshold === undefined ? DEFAULT_THRESHOLD : { kind: 'threshold', threshold }) : null, positiveIndex };
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
    const entry: LoadedModel = { name, version, info, model, defaults: decisionDefaults(info, model) };
    this.loaded.set(key, entry);
    return entry;
  }

  /** Names currently served with their champion versions. */
  served(): ReadonlyMap<string, LoadedModel> {
    return this.champions;
  }
}
