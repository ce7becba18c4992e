// A seeded sample of a model's training rows (its features only, at most 20,000 rows), stored
// beside the registered artifact so that drift tests compare live data with real training rows.

import { existsSync, readFileSync } from 'node:fs';
import { FramewiseError } from '../core/errors.js';
import { permutation } from '../core/rng.js';
import type { Column } from '../data/column.js';
import { Frame } from '../data/frame.js';
import { type ColumnTypeInfo, isSemanticType } from '../data/semantic-type.js';
import type { InputSignature } from '../learn/estimator.js';
import { sha256, writeDurably } from './artifact-file.js';

export const REFERENCE_SAMPLE_VERSION = 1;
export const REFERENCE_SAMPLE_MAX_ROWS = 20_000;
export const REFERENCE_SAMPLE_SEED = 20_240_611;

type StoredColumn =
  | { readonly name: string; readonly type: string; readonly kind: 'numeric' | 'datetime'; readonly values: readonly (number | null)[] }
  | { readonly name: string; readonly type: string; readonly kind: 'categorical'; readonly dictionary: readonly string[]; readonly codes: readonly number[] }
  | { readonly name: string; readonly type: string; readonly kind: 'boolean'; readonly values: readonly number[] }
  | { readonly name: string; readonly type: string; readonly kind: 'text'; readonly values: readonly (string | null)[] };

export interface ReferenceSampleFile {
  readonly kind: 'framewise.reference-sample';
  readonly version: typeof REFERENCE_SAMPLE_VERSION;
  readonly seed: number;
  /** Rows of the training data the sample was drawn from. */
  readonly sourceRows: number;
  readonly rows: number;
  readonly columns: readonly StoredColumn[];
}

/** Draws the sample: every row when there are few enough, else a seeded subset in file order. */
export function drawReferenceSample(frame: Frame, signature: InputSignature, maxRows = REFERENCE_SAMPLE_MAX_ROWS, seed = REFERENCE_SAMPLE_SEED): ReferenceSampleFile {
  const names = signature.features.map((f) => f.name).filter((n) => frame.has(n));
  let rows: ArrayLike<number>;
  if (frame.rowCount <= maxRows) rows = Int32Array.from({ length: frame.rowCount }, (_, i) => i);
  else rows = permutation(frame.rowCount, seed).slice(0, maxRows).sort();
  const sampled = frame.select(names).take(rows);
  return {
    kind: 'framewise.reference-sample',
    version: REFERENCE_SAMPLE_VERSION,
    seed,
    sourceRows: frame.rowCount,
    rows: sampled.rowCount,
    columns: sampled.columns.map((c) => storeColumn(c, frame.typeOf(c.name).type)),
  };
}

function storeColumn(column: Column, type: string): StoredColumn {
  const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);
  switch (column.kind) {
    case 'numeric':
    case 'datetime':
      return { name: column.name, type, kind: column.kind, values: Array.from(column.values, nullable) };
    case 'categorical':
      return { name: column.name, type, kind: 'categorical', dictionary: column.dictionary, codes: Array.from(column.codes) };
    case 'boolean':
      return { name: column.name, type, kind: 'boolean', values: Array.from(column.values) };
    case 'text':
      return { name: column.name, type, kind: 'text', values: column.values };
  }
}

/** Rebuilds the sampled rows as a frame with the training types. */
export function sampleFrame(file: ReferenceSampleFile): Frame {
  const types = new Map<string, ColumnTypeInfo>();
  const columns: Column[] = file.columns.map((c) => {
    if (isSemanticType(c.type)) types.set(c.name, { type: c.type, reason: 'as in training', overridden: false });
    switch (c.kind) {
      case 'numeric':
      case 'datetime':
        return { kind: c.kind, name: c.name, values: Float64Array.from(c.values, (v) => v ?? NaN) };
      case 'categorical':
        return { kind: 'categorical', name: c.name, codes: Int32Array.from(c.codes), dictionary: c.dictionary };
      case 'boolean':
        return { kind: 'boolean', name: c.name, values: Int8Array.from(c.values) };
      case 'text':
        return { kind: 'text', name: c.name, values: c.values };
    }
  });
  return new Frame(columns, types);
}

/** Where a version's sample lives: beside its artifact (`3.json` → `3.reference.json`). */
export function samplePathFor(artifactPath: string): string {
  return artifactPath.replace(/\.json$/, '.reference.json');
}

export function writeReferenceSample(artifactPath: string, sample: ReferenceSampleFile): string {
  const path = samplePathFor(artifactPath);
  writeDurably(path, JSON.stringify(sample));
  return path;
}

/**
 * Reads a version's sample, checked against the SHA-256 recorded at registration when there is
 * one; a version registered before samples were kept, or a damaged file, is named clearly.
 */
export function readReferenceSample(artifactPath: string, label: string, expectedSha256: string | null = null): ReferenceSampleFile {
  const path = samplePathFor(artifactPath);
  if (!existsSync(path)) {
    throw new FramewiseError('FILE_NOT_FOUND', `${label} has no reference sample of its training rows ('${path}' is missing), so its drift cannot be tested.`, {
      hint: expectedSha256 === null
        ? 'Versions registered before framewise kept training samples lack one: train and register the model again (framewise train ... --register NAME) to get a version that can be monitored.'
        : 'The registry folder was changed by hand or copied partly; restore the file from a backup, or register the model again.',
      location: { file: path },
    });
  }
  let parsed: ReferenceSampleFile;
  try {
    const text = readFileSync(path, 'utf8');
    if (expectedSha256 !== null && sha256(text) !== expectedSha256) {
      throw new FramewiseError('ARTIFACT_CORRUPT', `The reference sample of ${label} does not match the SHA-256 recorded when it was registered: '${path}'.`, {
        hint: 'The file was changed or damaged after registration; restore it from a backup, or register the model again as a new version.',
        location: { file: path },
      });
    }
    parsed = JSON.parse(text) as ReferenceSampleFile;
  } catch (error) {
    if (error instanceof FramewiseError) throw error;
    throw new FramewiseError('ARTIFACT_CORRUPT', `The reference sample of ${label} cannot be read: '${path}'.`, { hint: 'Register the model again as a new version.', location: { file: path }, cause: error });
  }
  if (parsed.kind !== 'framewise.reference-sample' || parsed.version !== REFERENCE_SAMPLE_VERSION) {
    throw new FramewiseError('ARTIFACT_CORRUPT', `'${path}' is not a framewise reference sample (version ${REFERENCE_SAMPLE_VERSION}).`, { hint: 'Register the model again as a new version.', location: { file: path } });
  }
  return parsed;
}
