// The OpenAPI 3.1 document of a running server, built from the served models' signatures: one
// request schema per model whose row properties are the model's features with their JSON types,
// and the columns it left out, which a row may carry and the server ignores.

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

export function openApiDocument(models: readonly { readonly name: string; readonly signature: InputSignature; readonly leftOut?: Iterable<string> }[], maxRows: number, version: string): Schema {
  const paths: Record<string, Schema> = {};
  const schemas: Record<string, Schema> = { Error: errorSchema };
  const errors = { '400': { description: 'Invalid request: every issue by row and field', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }, '404': { description: 'Unknown model or version' } };
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
    paths[`/v1/models/${m.name}/predict`] = { post: { summary: `Predict with ${m.name}'s champion`, requestBody: body, responses: { '200': { description: 'One result per row' }, ...errors } } };
    paths[`/v1/models/${m.name}/versions/{version}/predict`] = { post: { summary: `Predict with a given version of ${m.name}`, parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: body, responses: { '200': { description: 'One result per row' }, ...errors } } };
    paths[`/v1/models/${m.name}/explain`] = { post: { summary: `Feature contributions from ${m.name}'s champion (TreeSHAP for trees, exact for linear models)`, requestBody: body, responses: { '200': { description: 'Contributions per row' }, ...errors } } };
  }
  paths['/v1/models'] = { get: { summary: 'Served models' } };
  paths['/v1/feedback'] = { post: { summary: 'Record the true label of a logged prediction', security: [{ bearer: [] }] } };
  return {
    openapi: '3.1.0',
    info: { title: 'framewise prediction server', version },
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
