// The routes about models and the server itself: list and describe models, set a model's decision
// policy (audited), the OpenAPI document, health, readiness and Prometheus metrics; under
// --protect-predict all but health and readiness need the token.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CostMatrix, DecisionPolicy } from '../registry/decision-package.js';
import { WITHHELD } from './auth.js';
import type { ServeContext } from './context.js';
import { RequestError } from './http-errors.js';
import { classesOf, labelsOf, type LoadedModel } from './model-cache.js';
import { openApiDocument } from './openapi.js';
import type { AuditedPolicy } from './serve-db.js';
import { parsePolicyChange, type Policy, policyFits, SERVING_POLICY, type ServedPolicySource } from './policy.js';

/**
 * The policy a model decides with, as `GET` shows it: in the decision package's words (a regression
 * boundary is a `number` policy), with its source, `serving-policy` when set through the API.
 */
export type ServedPolicy =
  | { readonly kind: 'threshold'; readonly threshold: number; readonly positiveClass: string; readonly source: ServedPolicySource }
  | { readonly kind: 'top-k'; readonly k: number; readonly source: ServedPolicySource }
  | { readonly kind: 'expected-value'; readonly costMatrix: CostMatrix; readonly source: ServedPolicySource }
  | { readonly kind: 'number'; readonly boundary: number | null; readonly source: ServedPolicySource }
  | { readonly kind: 'label-thresholds'; readonly thresholds: Readonly<Record<string, number>>; readonly source: ServedPolicySource }
  /** `flaggedShare`: the share of training rows flagged at the threshold, null when unknown (always, for one set through the API). */
  | { readonly kind: 'score-threshold'; readonly threshold: number; readonly flaggedShare: number | null; readonly source: ServedPolicySource }
  | DecisionPolicy;

/** One set through the API wins; else the version's decision package's policy. */
function effectivePolicy(ctx: ServeContext, loaded: LoadedModel): ServedPolicy {
  const set = ctx.policies.get(loaded.name)?.policy;
  if (set === undefined || !policyFits(set, loaded.model.task)) return loaded.defaults.described;
  switch (set.kind) {
    case 'threshold': {
      const classes = classesOf(loaded.model) ?? [];
      return { kind: 'threshold', threshold: set.threshold, positiveClass: classes[loaded.defaults.positiveIndex] ?? '', source: SERVING_POLICY };
    }
    case 'top-k':
      return { kind: 'top-k', k: set.k, source: SERVING_POLICY };
    case 'expected-value':
      return { kind: 'expected-value', costMatrix: set.costMatrix, source: SERVING_POLICY };
    case 'boundary':
      return { kind: 'number', boundary: set.boundary, source: SERVING_POLICY };
    case 'label-thresholds':
      return { kind: 'label-thresholds', thresholds: set.thresholds, source: SERVING_POLICY };
    case 'score-threshold':
      return { kind: 'score-threshold', threshold: set.threshold, flaggedShare: null, source: SERVING_POLICY };
  }
}

/**
 * A policy as stored on the server (or a package's, in an audit entry) in the decision package's
 * words, as `GET` shows policies: a regression boundary is a `number` policy, a score threshold set
 * here has an unknown flagged share. Thresholds and top-k read as stored.
 */
function inPackageWords(policy: AuditedPolicy): ServedPolicy | AuditedPolicy {
  if (policy.kind === 'boundary') return { kind: 'number', boundary: policy.boundary, source: policy.source ?? SERVING_POLICY };
  if (policy.kind === 'score-threshold' && !('flaggedShare' in policy)) return { kind: 'score-threshold', threshold: policy.threshold, flaggedShare: null, source: policy.source ?? SERVING_POLICY };
  return policy;
}

/**
 * The policy to store for a change: a binary threshold keeps the class it acts on; per-label
 * thresholds are merged into those in force, so a label the body leaves out keeps its own.
 */
function policyToStore(ctx: ServeContext, loaded: LoadedModel, change: Policy): Policy {
  if (change.kind === 'threshold' && loaded.model.task === 'binary') {
    const positiveClass = classesOf(loaded.model)?.[loaded.defaults.positiveIndex];
    return positiveClass === undefined ? change : { ...change, positiveClass };
  }
  if (change.kind === 'label-thresholds') {
    const set = ctx.policies.get(loaded.name)?.policy;
    const current = set !== undefined && policyFits(set, loaded.model.task) ? set : loaded.defaults.policy;
    const before = current?.kind === 'label-thresholds' ? current.thresholds : {};
    return { ...change, thresholds: { ...before, ...change.thresholds } };
  }
  return change;
}

/** Under --protect-predict, what describes models, their data or the traffic needs the token as predictions do. */
function guardRead(ctx: ServeContext, request: FastifyRequest): void {
  if (ctx.protectPredict) ctx.token.require(request.headers.authorization);
}

/** Who made a change (an operating-system user for promotions) is shown only to requests carrying the token. */
function withBy<T extends { readonly by: string }>(entries: readonly T[], shown: boolean): T[] {
  return shown ? [...entries] : entries.map((e) => ({ ...e, by: WITHHELD }));
}

export function registerModelRoutes(app: FastifyInstance, ctx: ServeContext, version: string): void {
  app.get('/v1/models', async (request) => {
    guardRead(ctx, request);
    return {
      models: ctx.store.list().map((m) => {
        const served = ctx.cache.served().get(m.name);
        return {
          name: m.name,
          latest: m.latest,
          aliases: m.aliases,
          served: served === undefined ? null : { version: served.version, estimator: served.model.estimator, task: served.model.task, policy: effectivePolicy(ctx, served) },
        };
      }),
    };
  });

  app.get<{ Params: { name: string } }>('/v1/models/:name', async (request) => {
    guardRead(ctx, request);
    const name = request.params.name;
    const authenticated = ctx.token.accepts(request.headers.authorization);
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
      policyHistory: withBy(ctx.policies.history(name), authenticated).map((h) => ({ ...h, previous: h.previous === null ? null : inPackageWords(h.previous), policy: inPackageWords(h.policy) })),
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, estimator: v.estimator, task: v.task, target: v.target, aliases: v.aliases, metrics: v.lineage.metrics, signature: v.signature })),
      aliasHistory: withBy(ctx.store.aliasHistory(name), authenticated),
    };
  });

  app.put<{ Params: { name: string } }>('/v1/models/:name/policy', async (request) => {
    ctx.token.require(request.headers.authorization);
    const loaded = ctx.cache.champion(request.params.name);
    const classes = classesOf(loaded.model);
    const change = parsePolicyChange(request.body, loaded.model.task, classes?.length ?? Number.MAX_SAFE_INTEGER, labelsOf(loaded.model) ?? []);
    if (Array.isArray(change)) throw new RequestError('REQUEST_INVALID', `The policy for ${loaded.name} is not valid.`, change);
    // The audit names the policy replaced (the package's when none was set).
    const policy = policyToStore(ctx, loaded, change.policy);
    const record = ctx.policies.set(loaded.name, { ...change, policy }, loaded.defaults.described);
    // A threshold the card fixed (static) is baked into the labels and the product: the change is made, and said to go against it.
    const fixed = loaded.defaults.described.source === 'card-static';
    return {
      name: loaded.name,
      policy: effectivePolicy(ctx, loaded),
      previous: record.previous === null ? null : inPackageWords(record.previous),
      at: record.at,
      by: record.by,
      why: record.why,
      ...(fixed ? { warning: "The card fixes this model's threshold (decision.thresholdMode: static): it is baked into the labels and the product, so changing it here means the labels and the promise no longer match; relabel and retrain instead, or mark the threshold dynamic in the card." } : {}),
    };
  });

  app.get('/openapi.json', async (request) => {
    guardRead(ctx, request);
    const models = [...ctx.cache.served().values()].map((m) => ({ name: m.name, signature: m.model.signature, leftOut: m.leftOut, task: m.model.task, ...(labelsOf(m.model) === undefined ? {} : { labels: labelsOf(m.model)! }) }));
    return openApiDocument(models, ctx.maxRows, version, { protectPredict: ctx.protectPredict });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (ctx.closing) {
      reply.status(503);
      return { status: 'closing' };
    }
    // The registry answers through its own probe ('registry'), in the readiness shape.
    const problems = ctx.readiness.problems();
    if (problems.length > 0) {
      reply.status(503);
      return { status: 'not-ready', problems, models: ctx.cache.served().size };
    }
    return { status: 'ready', models: ctx.cache.served().size };
  });

  app.get('/metrics', async (request, reply) => {
    guardRead(ctx, request);
    ctx.metrics.logPending.set(ctx.log.pending);
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
