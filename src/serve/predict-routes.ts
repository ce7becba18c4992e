// The prediction routes: predict with a model's champion or a given version, explain (TreeSHAP for
// trees, exact contributions for linear models), and record the true label of a logged prediction.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { explainLinear, isLinearModel } from '../learn/explain/explain-linear.js';
import { explainTrees } from '../learn/explain/explain-trees.js';
import { type FittedForest, FOREST_NAME } from '../learn/forest/fitted-forest.js';
import { type FittedGbdt, GBDT_NAME } from '../learn/gbdt/fitted-gbdt.js';
import { decisionPackageOf } from '../registry/decision-package.js';
import type { ServeContext } from './context.js';
import { RequestError } from './http-errors.js';
import { bodyText } from './json-body.js';
import { checkFeedbackLabel } from './feedback-label.js';
import { linearBackground } from './linear-background.js';
import { requestAsRead } from './logged-inputs.js';
import type { LoadedModel } from './model-cache.js';
import { policyFits } from './policy.js';
import { predictionId } from './prediction-id.js';
import { type ParsedRows, parseRows } from './request-rows.js';
import { encodeRows } from './response-text.js';
import { encodeSingleRow } from './single-row.js';

type NameParams = { name: string };
type VersionParams = { name: string; version: string };

function parseVersion(text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) throw new RequestError('REQUEST_INVALID', `Version '${text}' is not a positive integer.`, [{ field: 'version', problem: 'expected a positive integer' }]);
  return v;
}

function readRows(ctx: ServeContext, loaded: LoadedModel, body: unknown, reuseOneRow = false): ParsedRows {
  const parsed = parseRows(body, loaded.model.signature, ctx.maxRows, reuseOneRow ? loaded.parseOne : loaded.parseMany);
  if (!parsed.ok) {
    const n = parsed.issues.length;
    // A model briefed through the card's data.sql learned the columns the query makes, not the raw file's: say so.
    const throughSql = decisionPackageOf(loaded.info).data.sql !== null ? ` Its features are the columns the card's data.sql makes from the raw data, so send them as the query produces them.` : '';
    throw new RequestError('REQUEST_INVALID', `The request does not match what ${loaded.name} v${loaded.version} expects: ${n} problem${n === 1 ? '' : 's'}.`, parsed.issues, `GET /v1/models/${loaded.name} lists the features with their types.${throughSql}`);
  }
  return parsed.value;
}

/** `"model":<name>,"version":<n>`, written once per loaded model. */
const heads = new WeakMap<LoadedModel, string>();

function headOf(loaded: LoadedModel): string {
  let head = heads.get(loaded);
  if (head === undefined) {
    head = `"model":${JSON.stringify(loaded.name)},"version":${loaded.version}`;
    heads.set(loaded, head);
  }
  return head;
}

let isoMs = Number.NaN;
let iso = '';

/** The ISO 8601 text of a time, kept while requests arrive within the same millisecond. */
function isoAt(ms: number): string {
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

/** The response text, and the promise that its rows are logged: the response goes out once it resolves. */
function predict(ctx: ServeContext, loaded: LoadedModel, body: unknown, text: string | undefined): { readonly text: string; readonly logged: Promise<void> } {
  // The one-row frame is shared by requests to this model: it is read before anything awaits.
  const parsed = readRows(ctx, loaded, body, true);
  const n = parsed.frame.rowCount;
  // A policy set for the name decides when it fits the served version's task; else the version's own.
  const set = ctx.policies.get(loaded.name)?.policy;
  const policy = (set !== undefined && policyFits(set, loaded.model.task) ? set : loaded.defaults.policy) ?? undefined;
  const positiveIndex = loaded.defaults.positiveIndex;
  // One row of a boosting model: straight from the parsed buffers, the same text as the general path.
  const encoded = (n === 1 ? encodeSingleRow(loaded.model, parsed.frame, policy, positiveIndex) : undefined) ?? encodeRows(loaded.model.predict(parsed.frame), n, policy, positiveIndex);
  const now = Date.now();
  const head = headOf(loaded);
  const ids = new Array<string>(n);
  const ood = new Array<string>(n);
  let response = `{${head},"predictions":[`;
  for (let i = 0; i < n; i++) {
    const id = predictionId(now);
    const flags = parsed.ood[i]!;
    ids[i] = id;
    ood[i] = flags.length === 0 ? '[]' : JSON.stringify(flags);
    for (const flag of flags) ctx.metrics.ood.inc({ model: loaded.name, field: flag.field, reason: flag.reason });
    response += `${i === 0 ? '' : ','}{"id":"${id}",${head},${encoded.outputs[i]!},"decision":${encoded.decisions[i]!},"outOfDistribution":${ood[i]!}}`;
  }
  ctx.metrics.countPredictions(loaded.name, loaded.version, encoded.decided);
  // The log gets the request as received and each row's pieces as JSON: the writer thread puts them together.
  // A value the model read differently from its JSON (a number for a category, a date-time) is logged as read.
  const request = parsed.reread ? requestAsRead(body, loaded.model.signature, parsed.single) : (text ?? JSON.stringify(body));
  const logged = ctx.log.record({ ids, at: isoAt(now), model: loaded.name, version: loaded.version, request, outputs: encoded.outputs, decisions: encoded.decisions, ood });
  return { text: `${response}]}`, logged };
}

function explain(ctx: ServeContext, loaded: LoadedModel, body: unknown): unknown {
  const model = loaded.model;
  const estimator = model.estimator;
  const linear = isLinearModel(model);
  if (!linear && estimator !== GBDT_NAME && estimator !== FOREST_NAME) {
    throw new FramewiseError('INVALID_ARGUMENT', `${loaded.name} v${loaded.version} is a ${estimator} model; explanations cover supervised learners (gradient boosting and random forests by TreeSHAP, logistic and ridge regression exactly).`, {
      hint: 'Serve a supervised model (gbdt, random forest, logistic or ridge regression) to explain its predictions.',
    });
  }
  const parsed = readRows(ctx, loaded, body);
  const frame: Frame = parsed.frame;
  const e = linear ? explainLinear(model, frame, linearBackground(ctx, loaded)) : explainTrees(model as FittedGbdt | FittedForest, frame);
  const F = e.features.length;
  const K = e.outputs.length;
  const rows = [];
  for (let i = 0; i < frame.rowCount; i++) {
    rows.push({
      outputs: e.outputs.map((output, k) => {
        const contributions: Record<string, number> = {};
        for (let f = 0; f < F; f++) contributions[e.features[f]!] = e.contributions[(i * K + k) * F + f]!;
        return { output, expected: e.expected[k]!, contributions };
      }),
      outOfDistribution: parsed.ood[i],
    });
  }
  return { model: loaded.name, version: loaded.version, method: linear ? 'linear' : 'tree-shap', scale: e.scale, explanations: rows };
}

function guard(ctx: ServeContext, request: FastifyRequest): void {
  if (ctx.protectPredict) ctx.token.require(request.headers.authorization);
}

/**
 * Predicts with the model `pick` gives once the log has room, and answers once the prediction is
 * logged (group commit: the answers of one written batch go out together). A log that cannot be
 * written refuses the request with 503 LOG_UNAVAILABLE before or after predicting, never answers it
 * unlogged.
 */
async function answer(ctx: ServeContext, request: FastifyRequest, reply: FastifyReply, pick: () => LoadedModel): Promise<FastifyReply> {
  guard(ctx, request);
  ctx.log.admit();
  const full = ctx.log.capacity();
  if (full !== undefined) await full;
  const { text, logged } = predict(ctx, pick(), request.body, bodyText(request));
  await logged;
  return reply.type('application/json; charset=utf-8').send(text);
}

export function registerPredictRoutes(app: FastifyInstance, ctx: ServeContext): void {
  app.post<{ Params: NameParams }>('/v1/models/:name/predict', async (request, reply) => answer(ctx, request, reply, () => ctx.cache.champion(request.params.name)));
  app.post<{ Params: VersionParams }>('/v1/models/:name/versions/:version/predict', async (request, reply) =>
    answer(ctx, request, reply, () => ctx.cache.version(request.params.name, parseVersion(request.params.version))),
  );
  app.post<{ Params: NameParams }>('/v1/models/:name/explain', async (request) => {
    guard(ctx, request);
    return explain(ctx, ctx.cache.champion(request.params.name), request.body);
  });
  app.post('/v1/feedback', async (request, reply) => {
    ctx.token.require(request.headers.authorization);
    const body = request.body as Record<string, unknown> | null;
    const issues = [];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) issues.push({ field: '(body)', problem: 'expected a JSON object { predictionId, label }' });
    else {
      for (const key of Object.keys(body)) if (key !== 'predictionId' && key !== 'label') issues.push({ field: key, problem: 'unknown field' });
      if (typeof body.predictionId !== 'string') issues.push({ field: 'predictionId', problem: 'required: the id a prediction response gave' });
      if (!['string', 'number', 'boolean'].includes(typeof body.label) || (typeof body.label === 'number' && !Number.isFinite(body.label))) issues.push({ field: 'label', problem: 'required: the true label (string, number or boolean)' });
    }
    if (issues.length > 0) throw new RequestError('REQUEST_INVALID', 'The feedback is not valid.', issues);
    const id = body!.predictionId as string;
    const made = ctx.log.find(id);
    if (made === undefined) throw new RequestError('REQUEST_INVALID', `No logged prediction has id '${id}'.`, [{ field: 'predictionId', problem: 'unknown prediction id' }]);
    // A label the model cannot have predicted would be dropped by monitoring: refused here, naming the classes.
    checkFeedbackLabel(ctx, made, body!.label as string | number | boolean);
    const at = new Date().toISOString();
    ctx.db.prepare('INSERT INTO feedback (prediction_id, label, at) VALUES (?, ?, ?)').run(id, String(body!.label), at);
    reply.status(201);
    return { predictionId: id, label: String(body!.label), at };
  });
}
