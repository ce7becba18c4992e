// Reads a prediction request's rows against a model's signature: every problem listed by row and
// field (nothing thrown for a client's mistake), the rows as a Frame, and per-row flags for values
// the model never saw in training (out of range, new category, missing where training had none).
// What the log or monitoring could not read back is refused (see request-values.ts).

import { closestNames } from '../core/suggest.js';
import { type CategoryForm, categoryOf } from '../data/category-form.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import type { FeatureSignature, InputSignature } from '../learn/estimator.js';
import { categoryFormOfFeature, readTypeOf, type StoredType } from '../learn/signature.js';
import { type ColumnBuffers, type CompiledRow, compileRow } from './compiled-row.js';
import type { RequestIssue } from './http-errors.js';
import { dateRangeProblem, isoTimeOf, stringProblem, valueStringProblem } from './request-values.js';

export type OodReason = 'below-training-range' | 'above-training-range' | 'unseen-category' | 'missing';

export interface OodFlag {
  readonly field: string;
  readonly reason: OodReason;
}

export interface ParsedRows {
  readonly frame: Frame;
  /** Per row, the values outside what training saw. */
  readonly ood: readonly (readonly OodFlag[])[];
  /** Whether the client sent one `row` (answered with one result) or `rows`. */
  readonly single: boolean;
  /**
   * Whether the model read some value differently from its JSON (a number sent for a category,
   * a date-time): the prediction log then stores the rows as read (logged-inputs.ts), not as sent.
   */
  readonly reread: boolean;
}

export type RowsResult = { readonly ok: true; readonly value: ParsedRows } | { readonly ok: false; readonly issues: readonly RequestIssue[] };

/** The JSON type a client sends for a feature (for messages and the OpenAPI document). */
export function jsonTypeOf(feature: FeatureSignature): 'number' | 'string' | 'boolean' {
  const storage = readTypeOf(feature);
  return storage === 'numeric' ? 'number' : storage === 'boolean' ? 'boolean' : 'string';
}

const categoryIndexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

function categoryIndex(categories: readonly string[]): ReadonlyMap<string, number> {
  let index = categoryIndexes.get(categories);
  if (index === undefined) {
    index = new Map(categories.map((c, i) => [c, i]));
    categoryIndexes.set(categories, index);
  }
  return index;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return `the non-finite number ${value}`;
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ''}`.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rows of a `{ rows: [...] }` or `{ row: {...} }` body, or the issues with the body's shape. */
export function readRowList(body: unknown, maxRows: number): { rows: unknown[]; single: boolean } | RequestIssue[] {
  if (!isRecord(body)) return [{ field: '(body)', problem: `expected a JSON object with "rows" or "row", got ${describe(body)}` }];
  const issues: RequestIssue[] = [];
  for (const key of Object.keys(body)) if (key !== 'rows' && key !== 'row') issues.push({ field: key, problem: 'unknown field: the body holds "rows" (an array) or "row" (an object)' });
  const hasRows = 'rows' in body;
  const hasRow = 'row' in body;
  if (hasRows && hasRow) issues.push({ field: 'rows', problem: 'send either "rows" or "row", not both' });
  if (!hasRows && !hasRow) issues.push({ field: 'rows', problem: 'missing: send "rows" (an array of objects) or "row" (one object)' });
  if (issues.length > 0) return issues;
  if (hasRow) return { rows: [body.row], single: true };
  const rows = body.rows;
  if (!Array.isArray(rows)) return [{ field: 'rows', problem: `expected an array of objects, got ${describe(rows)}` }];
  if (rows.length === 0) return [{ field: 'rows', problem: 'the array is empty: send at least one row' }];
  if (rows.length > maxRows) return [{ field: 'rows', problem: `too many rows: ${rows.length} sent, at most ${maxRows} per request` }];
  return { rows, single: false };
}

interface Builder {
  readonly feature: FeatureSignature;
  readonly storage: StoredType;
  /** How a categorical feature's values are spelled (see category-form.ts). */
  readonly form: CategoryForm;
  readonly numbers: Float64Array | undefined;
  readonly codes: Int32Array | undefined;
  readonly flags: Int8Array | undefined;
  readonly texts: (string | null)[] | undefined;
}

function makeBuilder(feature: FeatureSignature, n: number): Builder {
  const storage = readTypeOf(feature);
  return {
    feature,
    storage,
    form: categoryFormOfFeature(feature),
    numbers: storage === 'numeric' || storage === 'datetime' ? new Float64Array(n) : undefined,
    codes: storage === 'categorical' ? new Int32Array(n) : undefined,
    flags: storage === 'boolean' ? new Int8Array(n) : undefined,
    texts: storage === 'text' ? new Array<string | null>(n).fill(null) : undefined,
  };
}

/** Set by `put` when it reads a value differently from its JSON; cleared by each parse. */
let reread = false;

/** Writes row i's value into the builder; returns a problem, or an OOD reason, or nothing. */
function put(b: Builder, i: number, value: unknown): { problem: string } | { ood: OodReason } | undefined {
  const f = b.feature;
  if (value === null) {
    if (b.numbers) b.numbers[i] = Number.NaN;
    else if (b.codes) b.codes[i] = -1;
    else if (b.flags) b.flags[i] = -1;
    return f.hadMissing ? undefined : { ood: 'missing' };
  }
  switch (b.storage) {
    case 'numeric': {
      if (typeof value !== 'number') return { problem: `expected a number, got ${describe(value)}` };
      if (!Number.isFinite(value)) return { problem: `expected a finite number, got ${describe(value)}` };
      b.numbers![i] = value;
      return rangeFlag(f, value);
    }
    case 'datetime': {
      let ms: number;
      if (typeof value === 'string') {
        const read = isoTimeOf(value);
        if ('problem' in read) return { problem: `expected an ISO 8601 date-time string, got ${describe(value)}: ${read.problem}` };
        ms = read.ms;
      } else if (typeof value === 'number' && Number.isFinite(value)) ms = value;
      else return { problem: `expected an ISO 8601 date-time string, got ${describe(value)}` };
      // Epoch milliseconds too: 1e308 or 8640000000000001 is no time the model can have meant.
      const outside = dateRangeProblem(f, ms);
      if (outside !== undefined) return { problem: `expected an ISO 8601 date-time within the dates this model accepts, got ${describe(value)}: ${outside}` };
      // Logged as the instant the model read, in one form, so a reader of the log parses what the model saw.
      if (!reread && (typeof value !== 'string' || value !== new Date(ms).toISOString())) reread = true;
      b.numbers![i] = ms;
      return rangeFlag(f, ms);
    }
    case 'boolean':
      if (typeof value !== 'boolean') return { problem: `expected true or false, got ${describe(value)}` };
      b.flags![i] = value ? 1 : 0;
      return undefined;
    case 'categorical': {
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return { problem: `expected a string (one of the training categories), got ${describe(value)}` };
      // A value is read as the category the model looks up, spelled as training decided (2, 2.0
      // and "2.0" are the category "2" of a number-coded column): the log stores that spelling.
      const category = categoryOf(value, b.form);
      const code = categoryIndex(f.categories ?? []).get(category);
      if (code === undefined) {
        // A number stands for a category only where categories are numbers, or where training
        // stored this very number's text: anywhere else it is a value of the wrong type.
        if (typeof value === 'number' && b.form !== 'number') return { problem: `expected a string (one of the training categories), got ${describe(value)}: this feature's categories are text, and none of them is "${category}"` };
        const bad = typeof value === 'string' ? stringProblem(value) : undefined;
        if (bad !== undefined) return { problem: bad };
      }
      if (category !== value) reread = true;
      b.codes![i] = code ?? -1;
      return code === undefined ? { ood: 'unseen-category' } : undefined;
    }
    case 'text': {
      if (typeof value !== 'string') return { problem: `expected a string, got ${describe(value)}` };
      const bad = stringProblem(value);
      if (bad !== undefined) return { problem: bad };
      b.texts![i] = value;
      return undefined;
    }
  }
}

function rangeFlag(f: FeatureSignature, v: number): { ood: OodReason } | undefined {
  if (f.min !== undefined && v < f.min) return { ood: 'below-training-range' };
  if (f.max !== undefined && v > f.max) return { ood: 'above-training-range' };
  return undefined;
}

function toColumn(b: Builder): Column {
  const name = b.feature.name;
  switch (b.storage) {
    case 'numeric':
    case 'datetime':
      return { kind: b.storage, name, values: b.numbers! };
    case 'categorical':
      return { kind: 'categorical', name, codes: b.codes!, dictionary: b.feature.categories ?? [] };
    case 'boolean':
      return { kind: 'boolean', name, values: b.flags! };
    case 'text':
      return { kind: 'text', name, values: b.texts! };
  }
}

/** What parsing needs of a signature, worked out once: storages, known names, a one-row frame. */
interface Plan {
  readonly features: readonly FeatureSignature[];
  /** Features whose name is also a property of every object (`constructor`, `__proto__`): looked up as own keys only. */
  readonly inherited: readonly boolean[];
  readonly known: ReadonlySet<string>;
  readonly isFeature: ReadonlySet<string>;
  /** Buffers of one row, rewritten by every single-row parse that asks for them. */
  readonly one: readonly Builder[];
  readonly oneFrame: Frame;
  /** The fast path for rows that need no message and no flag (undefined for signatures it leaves alone). */
  readonly compiled: CompiledRow | undefined;
  readonly oneBuffers: ColumnBuffers;
}

/** The typed array a builder fills (compiled readers only meet numeric, categorical and boolean features). */
function bufferOf(b: Builder): Float64Array | Int32Array | Int8Array {
  return b.numbers ?? b.codes ?? b.flags ?? new Float64Array(0);
}

const plans = new WeakMap<InputSignature, Plan>();

function planOf(signature: InputSignature): Plan {
  let plan = plans.get(signature);
  if (plan === undefined) {
    const one = signature.features.map((f) => makeBuilder(f, 1));
    plan = {
      features: signature.features,
      inherited: signature.features.map((f) => f.name in Object.prototype),
      known: new Set([...signature.features.map((f) => f.name), ...signature.ignored.map((f) => f.name)]),
      isFeature: new Set(signature.features.map((f) => f.name)),
      one,
      oneFrame: new Frame(one.map(toColumn)),
      compiled: compileRow(
        signature,
        signature.features.map((f) => (readTypeOf(f) === 'categorical' ? categoryIndex(f.categories ?? []) : undefined)),
      ),
      oneBuffers: one.map(bufferOf),
    };
    plans.set(signature, plan);
  }
  return plan;
}

const NO_FLAGS: readonly OodFlag[] = Object.freeze([]);

export interface ParseOptions {
  /**
   * Build the frame of a one-row request in buffers kept per signature instead of new ones: the
   * frame is only valid until the next parse against the same signature (the server predicts
   * synchronously right after parsing).
   */
  readonly reuseOneRow?: boolean;
  /**
   * Columns of the training data the model left out (see left-out-fields.ts): accepted in a row
   * and ignored. Any other field that is not a feature is an unknown field.
   */
  readonly leftOut?: ReadonlySet<string>;
}

/** The problem for a field that is neither a feature nor a column the model left out, naming the closest names. */
function unknownField(key: string, signature: InputSignature): string {
  // A key that is no text at all is said to be so first: no feature's name could be near it.
  const unreadable = stringProblem(key, 'the key');
  if (unreadable !== undefined) return unreadable;
  const close = closestNames(key, signature.features.map((f) => f.name));
  const near = close.length === 0 ? '' : ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)`;
  return `unknown field: the model has no feature of this name and its training data no column${near}`;
}

/** Checks the body against the signature and builds the frame; every issue at once. */
export function parseRows(body: unknown, signature: InputSignature, maxRows: number, options: ParseOptions = {}): RowsResult {
  const list = readRowList(body, maxRows);
  if (Array.isArray(list)) return { ok: false, issues: list };
  const { rows, single } = list;
  const n = rows.length;
  const plan = planOf(signature);
  const reuse = n === 1 && options.reuseOneRow === true;
  const leftOut = options.leftOut;
  reread = false;
  const builders = reuse ? plan.one : plan.features.map((f) => makeBuilder(f, n));
  const F = builders.length;
  const compiled = plan.compiled;
  const buffers = compiled === undefined ? [] : reuse ? plan.oneBuffers : builders.map(bufferOf);
  let issues: RequestIssue[] | undefined;
  const ood: (readonly OodFlag[])[] = new Array(n);
  const at = (i: number, field: string, problem: string): void => {
    (issues ??= []).push(single ? { field, problem } : { row: i, field, problem });
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    let flags: OodFlag[] | undefined;
    ood[i] = NO_FLAGS;
    if (compiled !== undefined && isRecord(row) && compiled(row, i, buffers)) continue;
    if (!isRecord(row)) {
      at(i, '(row)', `expected an object of feature values, got ${describe(row)}`);
      continue;
    }
    let present = 0;
    for (let j = 0; j < F; j++) {
      const b = builders[j]!;
      const f = b.feature;
      // JSON values are never undefined, so undefined means absent, unless the name is inherited.
      const value = plan.inherited[j] ? (Object.hasOwn(row, f.name) ? row[f.name] : undefined) : row[f.name];
      if (value === undefined) {
        at(i, f.name, `missing field (${jsonTypeOf(f)}${f.hadMissing ? ' or null' : ''})`);
        continue;
      }
      present++;
      // The common case inline: a finite number for a numeric feature (x - x is NaN for ±Infinity and NaN).
      if (b.numbers !== undefined && b.storage === 'numeric' && typeof value === 'number' && value - value === 0) {
        b.numbers[i] = value;
        if (!((f.min !== undefined && value < f.min) || (f.max !== undefined && value > f.max))) continue;
      }
      const result = put(b, i, value);
      if (result === undefined) continue;
      if ('problem' in result) at(i, f.name, result.problem);
      else (flags ??= []).push({ field: f.name, reason: result.ood });
    }
    if (flags !== undefined) ood[i] = flags;
    // Every own key is a feature that was found: nothing unknown to look for.
    const keys = Object.keys(row);
    if (keys.length !== present) {
      for (const key of keys) {
        if (plan.known.has(key) || (leftOut?.has(key) ?? false)) {
          // Ignored, but logged as sent: it must be readable back like any feature.
          if (!plan.isFeature.has(key)) {
            const bad = valueStringProblem(row[key]);
            if (bad !== undefined) at(i, key, bad);
          }
        } else at(i, key, unknownField(key, signature));
      }
    }
  }
  if (issues !== undefined) return { ok: false, issues };
  return { ok: true, value: { frame: reuse ? plan.oneFrame : new Frame(builders.map(toColumn)), ood, single, reread } };
}
