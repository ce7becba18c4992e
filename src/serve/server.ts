// The prediction server: a Fastify app over a model store, with the serving database (policies and
// prediction log) in the registry folder; started on loopback by default, with bounded header, body
// and idle times, closed by draining in-flight requests and then flushing the log.

import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { FramewiseError } from '../core/errors.js';
import type { ModelStore } from '../registry/store.js';
import { TokenCheck } from './auth.js';
import { badUrlError, clientErrorHandler } from './client-errors.js';
import { type ConnectionLimits, connectionLimitsOf, fastifyTimeoutOptions } from './connection-limits.js';
import type { ServeContext } from './context.js';
import { errorReply } from './http-errors.js';
import { useJsonBodies } from './json-body.js';
import { ServeMetrics } from './metrics.js';
import { describeSkipped, ModelCache } from './model-cache.js';
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
  /** Header, body and idle timeouts and the most connections held at once (defaults in connection-limits.ts). */
  readonly limits?: Partial<ConnectionLimits>;
  /** Where unexpected errors are reported (never with request headers). */
  readonly onError?: (error: unknown) => void;
  /** Where an operator's warnings go (a champion skipped, the registry unreadable): one line each; default stderr. */
  readonly onWarning?: (text: string) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly context: ServeContext;
  /** The limits in force. */
  readonly limits: ConnectionLimits;
  /** Every route registered, as Fastify spells it (`/v1/models/:name`); /openapi.json must describe each. */
  readonly routes: readonly { readonly method: string; readonly url: string }[];
  /** Stops taking requests, waits for those in flight, flushes the log and closes the databases. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_ROWS = 1000;

export function buildServer(options: ServerOptions): RunningServer {
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
  const warn = options.onWarning ?? ((text: string) => process.stderr.write(`${text}\n`));
  const metrics = new ServeMetrics();
  const readiness = new Readiness();
  const cache = new ModelCache(options.store, readiness);
  cache.onChange = (name, version) => metrics.modelVersion.set({ model: name }, version);
  // Before the serving database and the log writer open, so a registry that cannot be read leaves
  // nothing open; champions that cannot load are skipped (cache.skipped()), the caller says so.
  cache.refresh();
  cache.onSkip = (skipped) => warn(`warning: ${describeSkipped(skipped)}`);
  const db = openServeDb(options.dataDir, { check: true });
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
    readiness,
    closing: false,
  };
  ctx.readiness.add('log', () => ctx.log.problem());
  cache.startPolling(options.pollMs ?? 1000, report, warn);

  const limits = connectionLimitsOf(options.limits);
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024,
    ...fastifyTimeoutOptions(limits),
    // Draining answers SERVER_DRAINING in the error shape from the hook below, not Fastify's own body.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // What Node's parser refuses (headers too large, bad request line, headers or body too slow), in the error shape.
    clientErrorHandler: clientErrorHandler(limits, (code) => ctx.metrics.errors.inc({ route: 'unmatched', code })),
    frameworkErrors: (error, request, reply) => {
      const { status, body } = errorReply(badUrlError(error, request.url));
      ctx.metrics.errors.inc({ route: 'unmatched', code: body.error.code });
      // Fastify types this reply by route generics it cannot know here.
      void (reply as unknown as FastifyReply).status(status).send(body);
    },
  });
  app.server.maxConnections = limits.maxConnections;
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  // A callback hook, not an async one: no promise per request. Requests arriving on open
  // connections while the server drains are refused; /readyz says 'closing' itself.
  app.addHook('onRequest', (request, reply, done) => {
    if (!ctx.closing || request.routeOptions.url === '/readyz') {
      done();
      return;
    }
    void reply.header('connection', 'close');
    done(new FramewiseError('SERVER_DRAINING', 'The server is shutting down and takes no new requests.', { hint: 'Retry on another instance, or once the server is back.' }));
  });
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
    limits,
    routes,
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
