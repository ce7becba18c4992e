// The OpenAPI 3.1 document of a running server, built from the served models' signatures: one
// request schema per model whose row properties are the model's features with their JSON types,
// and the columns it left out, which a row may carry and the server ignores; the predictions with
// every kind of decision, and the policy body each model's task takes; every route the server has,
// also by its template (server.test.ts checks the list against the routes registered).

import type { FeatureSignature, InputSignature } from '../learn/estimator.js';
import { jsonTypeOf } from './request-rows.js';

type Schema = Record<string, unknown>;

function featureSchema(f: FeatureSignature): Schema {
  const type = jsonTypeOf(f);
  const base: Schema = { type: f.hadMissing ? [type, 'null'] : type };
  if (f.categories !== undefined) base.examples = f.categories.slice(0, 5);
  if (f.type === 'datetime') base.format = 'date-time';
  if (f.type === 'numeric' && f.min !== undefined && f.max !== undefined) base.description = `training range ${f.min} to ${f.max}`;
  return base;
}

export function rowSchema(signature: InputSignature, leftOut: Iterable<string> = []): Schema {
  const properties: Record<string, Schema> = {};
  for (const name of leftOut) properties[name] = { description: 'a column the model left out: accepted and ignored' };
  for (const f of signature.features) properties[f.name] = featureSchema(f);
  return { type: 'object', properties, required: signature.features.map((f) => f.name), additionalProperties: false };
}

const errorSchema: Schema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, field: { type: 'string' }, problem: { type: 'string' } }, required: ['field', 'problem'] } },
      },
      required: ['code', 'message'],
    },
  },
};

const source: Schema = { type: 'string', description: "where the policy came from: the package's source (brief-best-value, brief-best-f1, card-static, card, default, override) or serving-policy" };

/** Every decision a prediction row can carry, one per kind of policy (see docs/serving.md). */
const decisionSchema: Schema = {
  oneOf: [
    { title: 'threshold (binary)', type: 'object', properties: { kind: { const: 'threshold' }, threshold: { type: 'number' }, positiveClass: { type: 'string' }, positive: { type: 'boolean' }, label: { type: 'string' }, source }, required: ['kind', 'threshold', 'positiveClass', 'positive', 'label'] },
    { title: 'top-k (multiclass)', type: 'object', properties: { kind: { const: 'top-k' }, k: { type: 'integer' }, labels: { type: 'array', items: { type: 'string' } }, source }, required: ['kind', 'k', 'labels'] },
    {
      title: 'expected-value (multiclass with a cost matrix)',
      description: 'the class with the highest expected value under the cost matrix, which need not be the most likely one, and that value',
      type: 'object',
      properties: { kind: { const: 'expected-value' }, label: { type: 'string' }, expectedValue: { type: 'number' }, source },
      required: ['kind', 'label', 'expectedValue'],
    },
    { title: 'label (most likely class, cluster)', type: 'object', properties: { kind: { const: 'label' }, label: { type: 'string' } }, required: ['kind', 'label'] },
    { title: 'boundary (regression with a boundary)', description: 'above when the value is at or above the boundary', type: 'object', properties: { kind: { const: 'boundary' }, boundary: { type: 'number' }, value: { type: ['number', 'null'] }, above: { type: 'boolean' }, source }, required: ['kind', 'boundary', 'value', 'above'] },
    { title: 'value (regression without a boundary)', type: 'object', properties: { kind: { const: 'value' }, value: { type: ['number', 'null'] } }, required: ['kind', 'value'] },
    { title: 'labels (multi-label)', description: 'the labels whose probability reached their own threshold', type: 'object', properties: { kind: { const: 'labels' }, labels: { type: 'array', items: { type: 'string' } }, source }, required: ['kind', 'labels'] },
    {
      title: 'flag (anomalies)',
      description: 'flagged (label anomaly, else normal) when the score is at or above the threshold',
      type: 'object',
      properties: { kind: { const: 'flag' }, threshold: { type: 'number' }, score: { type: 'number' }, flagged: { type: 'boolean' }, label: { enum: ['anomaly', 'normal'] }, source },
      required: ['kind', 'threshold', 'score', 'flagged', 'label'],
    },
  ],
};

const predictionSchema: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'a version 7 UUID; send it back with the true label as feedback' },
    model: { type: 'string' },
    version: { type: 'integer' },
    prediction: { description: "the model's own output: the most likely class, a number, a label set, a cluster, or anomaly/normal at the model's own cut", type: ['string', 'number', 'array', 'null'] },
    probabilities: { type: 'object', additionalProperties: { type: 'number' }, description: 'per class or label (classifiers and multi-label only)' },
    score: { type: 'number', description: 'anomalies only: the anomaly score, higher is more anomalous (not a probability)' },
    decision: { $ref: '#/components/schemas/Decision' },
    outOfDistribution: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
  },
  required: ['id', 'model', 'version', 'prediction', 'decision', 'outOfDistribution'],
};

const who = { by: { type: 'string', minLength: 1 }, why: { type: 'string', minLength: 1 } };

/** The body `PUT /v1/models/NAME/policy` takes for a model of `task` (undefined: any of them; null: no policy to set, as for clustering). */
function policyBody(task: string | undefined, labels: readonly string[] | undefined): Schema | null {
  const bodies: Record<string, Schema> = {
    binary: { type: 'object', properties: { threshold: { type: 'number', minimum: 0, maximum: 1, description: "the positive class's probability from which it is decided" }, ...who }, required: ['threshold', 'why'], additionalProperties: false },
    multiclass: { type: 'object', properties: { topK: { type: 'integer', minimum: 1, description: 'decide the k most likely classes' }, ...who }, required: ['topK', 'why'], additionalProperties: false },
    regression: {
      type: 'object',
      properties: { boundary: { type: 'number', description: 'the predicted value at which the decision changes' }, threshold: { type: 'number', description: 'the same as boundary' }, ...who },
      oneOf: [{ required: ['boundary'] }, { required: ['threshold'] }],
      required: ['why'],
      additionalProperties: false,
    },
    multilabel: {
      type: 'object',
      properties: {
        thresholds: {
          type: 'object',
          description: "per label, the probability from which it is decided; a label left out keeps its own",
          ...(labels === undefined ? { additionalProperties: { type: 'number', minimum: 0, maximum: 1 } } : { properties: Object.fromEntries(labels.map((l) => [l, { type: 'number', minimum: 0, maximum: 1 }])), additionalProperties: false }),
        },
        ...who,
      },
      required: ['thresholds', 'why'],
      additionalProperties: false,
    },
    anomaly: { type: 'object', properties: { threshold: { type: 'number', description: 'the anomaly score from which a row is flagged' }, ...who }, required: ['threshold', 'why'], additionalProperties: false },
  };
  if (task === undefined) return { oneOf: Object.entries(bodies).map(([t, schema]) => ({ title: t, ...schema })) };
  return bodies[task] ?? null;
}

export function openApiDocument(
  models: readonly { readonly name: string; readonly signature: InputSignature; readonly leftOut?: Iterable<string>; readonly task?: string; readonly labels?: readonly string[] }[],
  maxRows: number,
  version: string,
  options: { readonly protectPredict?: boolean } = {},
): Schema {
  const paths: Record<string, Schema> = {};
  const schemas: Record<string, Schema> = { Error: errorSchema, Decision: decisionSchema, Prediction: predictionSchema };
  const answered = { description: 'One result per row', content: { 'application/json': { schema: { type: 'object', properties: { model: { type: 'string' }, version: { type: 'integer' }, predictions: { type: 'array', items: { $ref: '#/components/schemas/Prediction' } } } } } } };
  const errors = { '400': { description: 'Invalid request: every issue by row and field', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }, '404': { description: 'Unknown model or version' } };
  const reads = options.protectPredict === true ? { security: [{ bearer: [] }] } : {};
  for (const m of models) {
    const row = `${m.name}Row`;
    schemas[row] = rowSchema(m.signature, m.leftOut);
    const body = {
      required: true,
      content: {
        'application/json': {
          schema: { oneOf: [{ type: 'object', properties: { rows: { type: 'array', items: { $ref: `#/components/schemas/${row}` }, minItems: 1, maxItems: maxRows } }, required: ['rows'], additionalProperties: false }, { type: 'object', properties: { row: { $ref: `#/components/schemas/${row}` } }, required: ['row'], additionalProperties: false }] },
        },
      },
    };
    paths[`/v1/models/${m.name}/predict`] = { post: { summary: `Predict with ${m.name}'s champion`, requestBody: body, responses: { '200': answered, ...errors }, ...reads } };
    paths[`/v1/models/${m.name}/versions/{version}/predict`] = { post: { summary: `Predict with a given version of ${m.name}`, parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: body, responses: { '200': answered, ...errors }, ...reads } };
    paths[`/v1/models/${m.name}/explain`] = { post: { summary: `Feature contributions from ${m.name}'s champion (TreeSHAP for trees, exact for linear models)`, requestBody: body, responses: { '200': { description: 'Contributions per row' }, ...errors }, ...reads } };
    const policy = policyBody(m.task, m.labels);
    if (policy !== null) {
      paths[`/v1/models/${m.name}/policy`] = {
        put: { summary: `Set ${m.name}'s decision policy (audited)`, security: [{ bearer: [] }], requestBody: { required: true, content: { 'application/json': { schema: policy } } }, responses: { '200': { description: 'The policy now in force, and the one it replaced' }, ...errors } },
      };
    }
  }
  // Every route also by its template, so a client (or a model promoted after this document was read) finds each one.
  const json = (description: string, schema: Schema = { type: 'object' }): Schema => ({ description, content: { 'application/json': { schema } } });
  const shaped = (description: string): Schema => json(description, { $ref: '#/components/schemas/Error' });
  const limitErrors = {
    '401': shaped('UNAUTHORIZED: the route needs the bearer token'),
    '408': shaped("REQUEST_TIMEOUT: the request's headers or body did not arrive in time"),
    '431': shaped('HEADERS_TOO_LARGE: the request line and headers are over 16 KiB'),
    '503': shaped('SERVER_DRAINING: the server is shutting down'),
  };
  const name = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
  const anyBody = { required: true, content: { 'application/json': { schema: { type: 'object', description: "{rows: [...]} or {row: {...}}; each model's row schema is under components.schemas (NAMERow)" } } } };
  const predictOut = { '200': answered, ...errors, ...limitErrors };
  paths['/v1/models/{name}/predict'] = { post: { summary: "Predict with a model's champion", parameters: [name], requestBody: anyBody, responses: predictOut, ...reads } };
  paths['/v1/models/{name}/versions/{version}/predict'] = { post: { summary: 'Predict with a given version of a model', parameters: [name, { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: anyBody, responses: predictOut, ...reads } };
  paths['/v1/models/{name}/explain'] = { post: { summary: "Feature contributions from a model's champion", parameters: [name], requestBody: anyBody, responses: { '200': { description: 'Contributions per row' }, ...errors, ...limitErrors }, ...reads } };
  paths['/v1/models/{name}/policy'] = {
    put: { summary: "Set a model's decision policy (audited)", parameters: [name], security: [{ bearer: [] }], requestBody: { required: true, content: { 'application/json': { schema: policyBody(undefined, undefined) } } }, responses: { '200': { description: 'The policy now in force, and the one it replaced' }, ...errors, ...limitErrors } },
  };
  paths['/v1/models/{name}'] = {
    get: {
      summary: "A model: the served version's signature and classes, every version with its metrics, aliases with their history, the policy with its history ('by' reads 'withheld' unless the request carries the token)",
      parameters: [name],
      responses: { '200': json('The model'), '404': shaped('MODEL_NOT_FOUND'), ...limitErrors },
      ...reads,
    },
  };
  paths['/v1/models'] = { get: { summary: 'Served models', responses: { '200': json('Every model with its latest version, aliases and what is served'), ...limitErrors }, ...reads } };
  paths['/v1/feedback'] = { post: { summary: 'Record the true label of a logged prediction', security: [{ bearer: [] }], responses: { '200': json('The label was recorded'), ...errors, ...limitErrors } } };
  paths['/openapi.json'] = { get: { summary: 'This document', responses: { '200': json('OpenAPI 3.1') }, ...reads } };
  paths['/healthz'] = { get: { summary: 'The process is up', responses: { '200': json('{"status": "ok"}') } } };
  paths['/readyz'] = { get: { summary: 'Ready to serve: the registry, the log writer and the champions are fine and the server is not shutting down', responses: { '200': json('{"status": "ready", "models": N}'), '503': json('{"status": "closing"} or {"status": "not-ready", "problems": [{"check", "problem"}], "models": N}') } } };
  paths['/metrics'] = { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } }, ...reads } };
  return {
    openapi: '3.1.0',
    info: { title: 'framewise prediction server', version },
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
