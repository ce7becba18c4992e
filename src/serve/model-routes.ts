// The routes about models and the server itself: list and describe models, set a model's decision
// policy (audited), the OpenAPI document, health, readiness and Prometheus metrics.

import type { FastifyInstance } from 'fastify';
import type { DecisionPolicy } from '../registry/decision-package.js';
import type { ServeContext } from './context.js';
import { RequestError } from './http-errors.js';
import { classesOf, type LoadedModel } from './model-cache.js';
import { openApiDocument } from './openapi.js';
import { parsePolicyChange, SERVING_POLICY, type ServedPolicySource } from './policy.js';

/** The policy a model decides with, as `GET` shows it: what it is, and its source. */
export type ServedPolicy =
  | { readonly kind: 'threshold'; readonly threshold: number; readonly positiveClass: string; readonly source: ServedPolicySource }
  | { readonly kind: 'top-k'; readonly k: number; readonly source: ServedPolicySource }
  | DecisionPolicy;

/** One set through the API wins; else the version's decision package's policy. */
function effectivePolicy(ctx: ServeContext, loaded: LoadedModel): ServedPolicy {
  const set = ctx.policies.get(loaded.name)?.policy;
  if (set === undefined) return loaded.defaults.described;
  if (set.kind === 'top-k') return { kind: 'top-k', k: set.k, source: SERVING_POLICY };
  if (set.kind !== 'threshold') return { ...set, source: SERVING_POLICY } as ServedPolicy;
  const classes = classesOf(loaded.model) ?? [];
  return { kind: 'threshold', threshold: set.threshold, positiveClass: classes[loaded.defaults.positiveIndex] ?? '', source: SERVING_POLICY };
}

export function registerModelRoutes(app: FastifyInstance, ctx: ServeContext, version: string): void {
  app.get('/v1/models', async () => ({
    models: ctx.store.list().map((m) => {
      const served = ctx.cache.served().get(m.name);
      return {
        name: m.name,
        latest: m.latest,
        aliases: m.aliases,
        served: served === undefined ? null : { version: served.version, estimator: served.model.estimator, task: served.model.task, policy: effectivePolicy(ctx, served) },
      };
    }),
  }));

  app.get<{ Params: { name: string } }>('/v1/models/:name', async (request) => {
    const name = request.params.name;
    const versions = ctx.store.versions(name);
    if (versions.length === 0) ctx.cache.champion(name); // throws MODEL_NOT_FOUND with the names served
    const served = ctx.cache.served().get(name);
    const entry = ctx.store.list().find((m) => m.name === name);
    return {
      name,
      aliases: entry?.aliases ?? {},
      served:
        served === undefined
          ? null
          : { version: served.version, estimator: served.model.estimator, task: served.model.task, classes: classesOf(served.model) ?? null, signature: served.model.signature, ignoredFields: [...served.leftOut].sort() },
      policy: served === undefined ? null : effectivePolicy(ctx, served),
      policyHistory: ctx.policies.history(name),
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, estimator: v.estimator, task: v.task, target: v.target, aliases: v.aliases, metrics: v.lineage.metrics, signature: v.signature })),
      aliasHistory: ctx.store.aliasHistory(name),
    };
  });

  app.put<{ Params: { name: string } }>('/v1/models/:name/policy', async (request) => {
    ctx.token.require(request.headers.authorization);
    const loaded = ctx.cache.champion(request.params.name);
    const classes = classesOf(loaded.model);
    const change = parsePolicyChange(request.body, loaded.model.task, classes?.length ?? Number.MAX_SAFE_INTEGER);
    if (Array.isArray(change)) throw new RequestError('REQUEST_INVALID', `The policy for ${loaded.name} is not valid.`, change);
    // The class a threshold acts on is kept with it, and the audit names the policy replaced (the package's when none was set).
    const positiveClass = change.policy.kind === 'threshold' && loaded.model.task === 'binary' ? classes?.[loaded.defaults.positiveIndex] : undefined;
    const policy = change.policy.kind === 'threshold' && positiveClass !== undefined ? { ...change.policy, positiveClass } : change.policy;
    const record = ctx.policies.set(loaded.name, { ...change, policy }, loaded.defaults.described);
    // A threshold the card fixed (static) is baked into the labels and the product: the change is made, and said to go against it.
    const fixed = loaded.defaults.described.source === 'card-static';
    return {
      name: loaded.name,
      policy: effectivePolicy(ctx, loaded),
      previous: record.previous,
      at: record.at,
      by: record.by,
      why: record.why,
      ...(fixed ? { warning: "The card fixes this model's threshold (decision.thresholdMode: static): it is baked into the labels and the product, so changing it here means the labels and the promise no longer match; relabel and retrain instead, or mark the threshold dynamic in the card." } : {}),
    };
  });

  app.get('/openapi.json', async () => {
    const models = [...ctx.cache.served().values()].map((m) => ({ name: m.name, signature: m.model.signature, leftOut: m.leftOut }));
    return openApiDocument(models, ctx.maxRows, version);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (ctx.closing) {
      reply.status(503);
      return { status: 'closing' };
    }
    ctx.store.list();
    return { status: 'ready', models: ctx.cache.served().size };
  });

  app.get('/metrics', async (_request, reply) => {
    ctx.metrics.logPending.set(ctx.log.pending);
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
