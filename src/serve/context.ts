// What every route of the server shares: the models, policies, prediction log, metrics and tokens.

import type { ModelStore } from '../registry/store.js';
import type { TokenCheck } from './auth.js';
import type { ServeMetrics } from './metrics.js';
import type { ModelCache } from './model-cache.js';
import type { PredictionLog } from './prediction-log.js';
import type { Readiness } from './readiness.js';
import type { PolicyStore, ServeDb } from './serve-db.js';

export interface ServeContext {
  readonly store: ModelStore;
  readonly db: ServeDb;
  readonly cache: ModelCache;
  readonly policies: PolicyStore;
  readonly log: PredictionLog;
  readonly metrics: ServeMetrics;
  readonly token: TokenCheck;
  readonly protectPredict: boolean;
  readonly maxRows: number;
  /** The probes /readyz asks (log writer, registry, champions); each part adds its own. */
  readonly readiness: Readiness;
  /** Set once shutdown starts: /readyz answers 503 from then on. */
  closing: boolean;
}
