// A per-signature function, generated once, that takes one request row straight into column
// buffers when every value is present, of the right type and inside what training saw (nearly
// every request): one read per feature by a constant name, so the engine reads the parsed object
// by its shape instead of looking each name up. Anything else returns false and is left to the
// full reader in request-rows.ts, which lists every problem and flag.

import type { FeatureSignature, InputSignature } from '../learn/estimator.js';

/** Per feature, the buffer its values go to: numbers (Float64Array), codes (Int32Array) or flags (Int8Array). */
export type ColumnBuffers = readonly (Float64Array | Int32Array | Int8Array)[];

/** Writes row `i` into the buffers and answers true, or answers false and leaves the row to the full reader. */
export type CompiledRow = (row: Record<string, unknown>, i: number, buffers: ColumnBuffers) => boolean;

/** A JavaScript literal for a finite number, exact (String gives the shortest round-trip form). */
function numberLiteral(x: number): string {
  return Number.isFinite(x) ? `(${String(x)})` : 'NaN';
}

function featureCode(f: FeatureSignature, j: number): string | undefined {
  // JSON.stringify makes any name a valid string literal: no name can reach the code as code.
  const read = `const v${j} = row[${JSON.stringify(f.name)}];`;
  switch (f.type) {
    case 'numeric': {
      const low = f.min === undefined ? '' : ` || v${j} < ${numberLiteral(f.min)}`;
      const high = f.max === undefined ? '' : ` || v${j} > ${numberLiteral(f.max)}`;
      return `${read}\n  if (typeof v${j} !== 'number' || v${j} - v${j} !== 0${low}${high}) return false;\n  buffers[${j}][i] = v${j};`;
    }
    case 'boolean':
      return `${read}\n  if (typeof v${j} !== 'boolean') return false;\n  buffers[${j}][i] = v${j} ? 1 : 0;`;
    case 'categorical':
    case 'identifier':
      return `${read}\n  if (typeof v${j} !== 'string') return false;\n  const c${j} = categories[${j}].get(v${j});\n  if (c${j} === undefined) return false;\n  buffers[${j}][i] = c${j};`;
    default:
      // Date-times, texts and the rest: not worth a fast path.
      return undefined;
  }
}

/**
 * The compiled reader of a signature, or undefined when one of its features is of a kind the fast
 * path leaves alone. `categories` holds each categorical feature's value → code map.
 */
export function compileRow(signature: InputSignature, categories: readonly (ReadonlyMap<string, number> | undefined)[]): CompiledRow | undefined {
  const parts: string[] = [];
  for (let j = 0; j < signature.features.length; j++) {
    const code = featureCode(signature.features[j]!, j);
    if (code === undefined) return undefined;
    parts.push(code);
  }
  // Exactly the features and nothing else: ignored columns, unknown fields (and anything enumerable
  // on the prototype) make the count differ and go to the full reader.
  const body = `let keys = 0;\n  for (const key in row) keys++;\n  if (keys !== ${signature.features.length}) return false;\n  ${parts.join('\n  ')}\n  return true;`;
  // Code made from the signature alone; every name goes in through JSON.stringify as a string literal.
  const make = new Function('categories', `'use strict';\nreturn function compiledRow(row, i, buffers) {\n  ${body}\n};`) as (c: typeof categories) => CompiledRow;
  return make(categories);
}
