// Hyperparameters declared once (name, type, range, default, one-line description): validation,
// CLI `--param name=value` parsing, docs and report tables all come from the declaration.

import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';

export type ParamSpec =
  | { readonly kind: 'int'; readonly name: string; readonly min: number; readonly max: number; readonly default: number; readonly description: string }
  | { readonly kind: 'float'; readonly name: string; readonly min: number; readonly max: number; readonly default: number; readonly description: string; readonly exclusiveMin?: boolean }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[]; readonly default: string; readonly description: string }
  | { readonly kind: 'bool'; readonly name: string; readonly default: boolean; readonly description: string };

export type ParamValue = number | string | boolean;
export type ParamRecord = Readonly<Record<string, ParamValue>>;

/** One problem with one parameter. */
export interface ParamIssue {
  readonly name: string;
  readonly message: string;
}

/**
 * Validates `input` against `specs`, filling defaults. Every problem is collected and reported
 * together in one error, each quoting the parameter's name and the value given.
 */
export function validateParams<P extends ParamRecord>(estimator: string, specs: readonly ParamSpec[], input: Readonly<Record<string, unknown>> = {}): P {
  const issues: ParamIssue[] = [];
  const out: Record<string, ParamValue> = {};
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(input)) {
    if (!names.includes(key)) issues.push({ name: key, message: `unknown parameter '${key}'. ${suggestionHint(key, names, 'parameter')}` });
  }
  for (const spec of specs) {
    const raw = input[spec.name];
    if (raw === undefined) {
      out[spec.name] = spec.default;
      continue;
    }
    const problem = checkValue(spec, raw);
    if (problem) issues.push({ name: spec.name, message: problem });
    else out[spec.name] = raw as ParamValue;
  }
  if (issues.length > 0) {
    throw new FramewiseError('INVALID_PARAMETER', `Invalid ${estimator} parameters: ${issues.map((i) => i.message).join('; ')}.`, {
      hint: `Parameters of ${estimator}: ${specs.map(describeSpec).join('; ')}.`,
      location: { field: issues[0]!.name },
    });
  }
  return Object.freeze(out) as P;
}

function checkValue(spec: ParamSpec, raw: unknown): string | undefined {
  const shown = JSON.stringify(raw);
  switch (spec.kind) {
    case 'int':
    case 'float': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return `${spec.name} must be a number, got ${shown}`;
      if (spec.kind === 'int' && !Number.isInteger(raw)) return `${spec.name} must be a whole number, got ${shown}`;
      const low = spec.kind === 'float' && spec.exclusiveMin ? raw <= spec.min : raw < spec.min;
      if (low || raw > spec.max) {
        return `${spec.name} must be in ${spec.kind === 'float' && spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}], got ${shown}`;
      }
      return undefined;
    }
    case 'enum':
      return typeof raw === 'string' && spec.values.includes(raw) ? undefined : `${spec.name} must be one of ${spec.values.join(', ')}, got ${shown}`;
    case 'bool':
      return typeof raw === 'boolean' ? undefined : `${spec.name} must be true or false, got ${shown}`;
  }
}

export function describeSpec(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
    case 'float':
      return `${spec.name} (${spec.kind} in [${spec.min}, ${spec.max}], default ${spec.default}): ${spec.description}`;
    case 'enum':
      return `${spec.name} (${spec.values.join('|')}, default ${spec.default}): ${spec.description}`;
    case 'bool':
      return `${spec.name} (true|false, default ${spec.default}): ${spec.description}`;
  }
}

/** Parses CLI assignments such as `max_leaves=31` into typed values by the specs. */
export function parseParamAssignments(estimator: string, specs: readonly ParamSpec[], assignments: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new FramewiseError('INVALID_PARAMETER', `'${assignment}' is not of the form name=value.`, {
        hint: `Write --param name=value, e.g. --param ${specs[0]?.name ?? 'name'}=${specs[0]?.default ?? 'value'}.`,
        location: { field: assignment },
      });
    }
    const name = assignment.slice(0, eq).trim();
    const text = assignment.slice(eq + 1).trim();
    const spec = specs.find((s) => s.name === name);
    if (spec === undefined) {
      throw new FramewiseError('INVALID_PARAMETER', `${estimator} has no parameter '${name}'.`, {
        hint: suggestionHint(name, specs.map((s) => s.name), 'parameter'),
        location: { field: name },
      });
    }
    if (spec.kind === 'int' || spec.kind === 'float') out[name] = text === '' ? Number.NaN : Number(text);
    else if (spec.kind === 'bool') out[name] = text === 'true' ? true : text === 'false' ? false : text;
    else out[name] = text;
  }
  return out;
}
