// The reuse guard: a registered model is applied only to data (or replaced only by a model) whose
// features match its signature exactly, by name, type and category set, and for evaluation
// whose label matches too. Every difference is listed; a forced use is recorded, never silent.

import { FramewiseError } from '../core/errors.js';
import { type Column, columnLength, valueAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { FeatureSignature, InputSignature } from '../learn/estimator.js';

export type ReuseDifference =
  | { readonly kind: 'missing-column'; readonly column: string }
  | { readonly kind: 'type-changed'; readonly column: string; readonly expected: string; readonly actual: string }
  | { readonly kind: 'new-categories'; readonly column: string; readonly categories: readonly string[] }
  | { readonly kind: 'categories-gone'; readonly column: string; readonly categories: readonly string[] }
  /** A feature the new model learns from that the registered one did not (signature comparisons only). */
  | { readonly kind: 'new-feature'; readonly column: string };

/** What a column looks like for the comparison: its type and, for categories, the set seen. */
interface ColumnShape {
  readonly type: string;
  readonly categories: readonly string[] | null;
}

/**
 * The label an evaluation needs: its column, type and (for classes) the labels trained on. The
 * type 'class' accepts any storage (0/1 numbers, booleans, categories) and compares the labels
 * as text, since a model's JSON keeps its classes but not how the label column was stored.
 */
export interface LabelExpectation {
  readonly name: string;
  readonly type: string;
  readonly categories?: readonly string[];
}

/** What evaluating a saved model needs of the label column, from the model's JSON. */
export function labelExpectation(model: { readonly task: string; readonly target?: string; readonly classes?: unknown }): LabelExpectation | undefined {
  if (typeof model.target !== 'string') return undefined;
  if (model.task === 'regression') return { name: model.target, type: 'numeric' };
  if ((model.task === 'binary' || model.task === 'multiclass') && Array.isArray(model.classes) && model.classes.every((c) => typeof c === 'string')) {
    return { name: model.target, type: 'class', categories: model.classes as string[] };
  }
  return undefined;
}

const MAX_LISTED = 8;

/** Differences between the signature a model was registered with and another model's signature. */
export function signatureDifferences(registered: InputSignature, candidate: InputSignature): ReuseDifference[] {
  const byName = new Map(candidate.features.map((f) => [f.name, f]));
  const differences: ReuseDifference[] = [];
  for (const feature of registered.features) {
    const other = byName.get(feature.name);
    if (other === undefined) differences.push({ kind: 'missing-column', column: feature.name });
    else differences.push(...compareShapes(feature.name, featureShape(feature), featureShape(other)));
  }
  const known = new Set(registered.features.map((f) => f.name));
  for (const feature of candidate.features) if (!known.has(feature.name)) differences.push({ kind: 'new-feature', column: feature.name });
  return differences;
}

/**
 * Differences between a model's signature and a frame it would be applied to. Columns the model
 * does not use are fine. Types are compared by storage (numbers, categories, booleans, times,
 * text), since a small batch cannot re-derive semantic types such as "identifier".
 */
export function frameDifferences(signature: InputSignature, frame: Frame, label?: LabelExpectation): ReuseDifference[] {
  const differences: ReuseDifference[] = [];
  const expectations: { name: string; shape: ColumnShape }[] = signature.features.map((f) => ({ name: f.name, shape: storageShape(f) }));
  if (label !== undefined) expectations.push({ name: label.name, shape: { type: label.type === 'class' ? 'class' : storageOfType(label.type, label.categories !== undefined), categories: label.categories ?? null } });
  for (const { name, shape } of expectations) {
    if (!frame.has(name)) {
      differences.push({ kind: 'missing-column', column: name });
      continue;
    }
    const column = frame.column(name);
    const actual: ColumnShape =
      shape.type === 'class'
        ? { type: 'class', categories: presentValues(column) }
        : { type: column.kind, categories: column.kind === 'categorical' ? presentCategories(column.codes, column.dictionary) : null };
    differences.push(...compareShapes(name, shape, actual));
  }
  return differences;
}

/** One line per difference, in plain words. */
export function describeDifference(d: ReuseDifference): string {
  switch (d.kind) {
    case 'missing-column':
      return `column '${d.column}' is missing`;
    case 'new-feature':
      return `column '${d.column}' is a new feature`;
    case 'type-changed':
      return `column '${d.column}' is ${d.actual}, was ${d.expected}`;
    case 'new-categories':
      return `column '${d.column}' has new categories: ${listValues(d.categories)}`;
    case 'categories-gone':
      return `column '${d.column}' lacks categories seen before: ${listValues(d.categories)}`;
  }
}

export interface GuardOptions {
  /** Use the model anyway; the differences are returned so the caller records them. */
  readonly force: boolean;
  /** What is being guarded, e.g. "model 'churn'@3" or "data 'new.csv'", for the message. */
  readonly subject: string;
  /** What the subject is checked against, e.g. "the latest version of 'churn' (3)". */
  readonly against: string;
}

/**
 * Throws REUSE_REFUSED naming every difference unless forced. Returns the recorded reason for a
 * forced use (null when nothing differed), to be stored with what was done.
 */
export function guardReuse(differences: readonly ReuseDifference[], options: GuardOptions): string | null {
  if (differences.length === 0) return null;
  const listed = differences.map(describeDifference);
  if (!options.force) {
    throw new FramewiseError('REUSE_REFUSED', `${options.subject} does not match ${options.against}: ${listed.join('; ')}.`, {
      hint: 'Use data (or a model) with the same feature columns, types and categories; or pass --force to go ahead, and the differences are recorded.',
      location: { column: differences[0]!.column },
    });
  }
  return `forced past ${differences.length} difference${differences.length === 1 ? '' : 's'} from ${options.against}: ${listed.join('; ')}`;
}

function featureShape(feature: FeatureSignature): ColumnShape {
  return { type: feature.type, categories: feature.categories ?? null };
}

function storageShape(feature: FeatureSignature): ColumnShape {
  return { type: storageOfType(feature.type, feature.categories !== undefined), categories: feature.categories ?? null };
}

/** The storage kind a semantic type is loaded as (text-like types kept as features are categories). */
function storageOfType(type: string, hasCategories: boolean): string {
  switch (type) {
    case 'categorical':
    case 'identifier':
      return 'categorical';
    case 'text':
    case 'constant':
      return hasCategories ? 'categorical' : 'text';
    default:
      return type;
  }
}

function compareShapes(column: string, expected: ColumnShape, actual: ColumnShape): ReuseDifference[] {
  if (expected.type !== actual.type) return [{ kind: 'type-changed', column, expected: expected.type, actual: actual.type }];
  if (expected.categories === null || actual.categories === null) return [];
  const before = new Set(expected.categories);
  const now = new Set(actual.categories);
  const added = actual.categories.filter((c) => !before.has(c));
  const gone = expected.categories.filter((c) => !now.has(c));
  const out: ReuseDifference[] = [];
  if (added.length > 0) out.push({ kind: 'new-categories', column, categories: added });
  if (gone.length > 0) out.push({ kind: 'categories-gone', column, categories: gone });
  return out;
}

/** Dictionary entries that occur in the column (a loaded dictionary may hold unused labels). */
function presentCategories(codes: Int32Array, dictionary: readonly string[]): string[] {
  const used = new Uint8Array(dictionary.length);
  for (const c of codes) if (c >= 0) used[c] = 1;
  return dictionary.filter((_, i) => used[i] === 1);
}

/** The distinct present values of any column, as text (a class label compared across storages). */
function presentValues(column: Column): string[] {
  if (column.kind === 'categorical') return presentCategories(column.codes, column.dictionary);
  const seen = new Set<string>();
  for (let i = 0; i < columnLength(column); i++) {
    const v = valueAt(column, i);
    if (v !== null) seen.add(String(v));
  }
  return [...seen];
}

function listValues(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => JSON.stringify(v)).join(', ');
  return values.length > MAX_LISTED ? `${shown} and ${values.length - MAX_LISTED} more` : shown;
}
