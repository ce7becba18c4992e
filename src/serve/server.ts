// The prediction server: a Fastify app over a model store, with the serving database (policies and
// prediction log) in the registry folder; started on loopback by default, closed by draining
// in-flight requests and then flushing the log.

import Fastify, { type FastifyInstance } from 'fastify';
import { FramewiseError } from '../core/errors.js';
import type { ModelStore } from '../registry/store.js';
import { TokenCheck } from './auth.js';
import type { ServeContext } from './context.js';
import { errorReply } from './http-errors.js';
import { useJsonBodies } from './json-body.js';
import { ServeMetrics } from './metrics.js';
import { ModelCache } from './model-cache.js';
import { registerModelRoutes } from './model-routes.js';
import { registerPredictRoutes } from './predict-routes.js';
import { PredictionLog, type PredictionLogOptions } from './prediction-log.js';
import { Readiness } from './readiness.js';
import { openServeDb, PolicyStore } from './serve-db.js';

export interface ServerOptions {
  readonly store: ModelStore;
  /** Folder for the serving database (the registry folder). */
  readonly dataDir: string;
  readonly token?: string;
  readonly protectPredict?: boolean;
  readonly maxRows?: number;
  /** Largest accepted body in bytes. */
  readonly bodyLimit?: number;
  readonly pollMs?: number;
  readonly logFlushMs?: number;
  readonly logBatch?: number;
  /** The prediction log's options beyond these two (fsync, its bound, where its problems are told): see prediction-log.ts. */
  readonly log?: Omit<PredictionLogOptions, 'flushMs' | 'maxBatch'>;
  readonly version?: string;
  /** Where unexpected errors are reported (never with request headers). */
  readonly onError?: (error: unknown) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly context: ServeContext;
  /** Stops taking requests, waits for those in flight, flushes the log and closes the databases. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_ROWS = 1000;

export function buildServer(options: ServerOptions): RunningServer {
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
  const db = openServeDb(options.dataDir);
  const metrics = new ServeMetrics();
  const cache = new ModelCache(options.store);
  cache.onChange = (name, version) => metrics.modelVersion.set({ model: name }, version);
  cache.refresh();
  const ctx: ServeContext = {
    store: options.store,
    db,
    cache,
    policies: new PolicyStore(db),
    log: new PredictionLog(db, options.dataDir, { ...options.log, ...(options.logFlushMs === undefined ? {} : { flushMs: options.logFlushMs }), ...(options.logBatch === undefined ? {} : { maxBatch: options.logBatch }) }),
    metrics,
    token: new TokenCheck(options.token),
    protectPredict: options.protectPredict === true,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    readiness: new Readiness(),
    closing: false,
  };
  ctx.readiness.add('log', () => ctx.log.problem());
  cache.startPolling(options.pollMs ?? 1000, report);

  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024, return503OnClosing: true, forceCloseConnections: 'idle' });
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    ctx.metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500 && !(error instanceof FramewiseError && error.code !== 'INTERNAL')) report(error);
    ctx.metrics.errors.inc({ route: request.routeOptions.url ?? 'unmatched', code: body.error.code });
    reply.status(status);
    return body;
  });
  app.setNotFoundHandler(async (request, reply) => {
    ctx.metrics.errors.inc({ route: 'unmatched', code: 'ROUTE_NOT_FOUND' });
    reply.status(404);
    return { error: { code: 'ROUTE_NOT_FOUND', message: `There is no route ${request.method} ${request.url.split('?')[0]}.`, hint: 'GET /openapi.json lists the routes.' } };
  });
  useJsonBodies(app);
  registerPredictRoutes(app, ctx);
  registerModelRoutes(app, ctx, options.version ?? '0.0.0');

  let closed: Promise<void> | undefined;
  return {
    app,
    context: ctx,
    close() {
      closed ??= (async () => {
        ctx.closing = true;
        cache.stop();
        await app.close();
        await ctx.log.close();
        db.close();
      })();
      return closed;
    },
  };
}
