// What changed between two versions of a registered model: identity and lineage fields,
// parameters, metrics, the input signature, and the training data as their profiles record it.

import type { ReferenceProfile } from './reference-profile.js';
import { type ReuseDifference, signatureDifferences } from './reuse-guard.js';
import { type DecisionPackage, decisionPackageOf } from './decision-package.js';
import type { ModelVersion } from './store.js';

type Scalar = string | number | boolean | null;

export interface FieldChange {
  readonly field: string;
  readonly from: Scalar;
  readonly to: Scalar;
  readonly changed: boolean;
}

export interface MetricChange {
  readonly metric: string;
  readonly from: { readonly mean: number; readonly low: number; readonly high: number } | null;
  readonly to: { readonly mean: number; readonly low: number; readonly high: number } | null;
  /** to.mean − from.mean, when both exist. */
  readonly change: number | null;
}

export interface FeatureDataChange {
  readonly feature: string;
  readonly field: 'missing share' | 'min' | 'max' | 'categories' | 'present';
  readonly from: Scalar;
  readonly to: Scalar;
}

export interface VersionDiff {
  readonly kind: 'framewise.version-diff';
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly fields: readonly FieldChange[];
  readonly params: readonly FieldChange[];
  readonly metrics: readonly MetricChange[];
  /** How the newer signature differs from the older (as the reuse guard words it). */
  readonly signature: readonly ReuseDifference[];
  readonly data: readonly FeatureDataChange[];
}

export function diffVersions(a: ModelVersion, b: ModelVersion): VersionDiff {
  const field = (name: string, from: Scalar, to: Scalar): FieldChange => ({ field: name, from, to, changed: from !== to });
  const pa = profileOf(a);
  const pb = profileOf(b);
  const fields = [
    field('estimator', a.estimator, b.estimator),
    field('task', a.task, b.task),
    field('target', a.target, b.target),
    field('created', a.createdAt, b.createdAt),
    field('data fingerprint', a.lineage.dataFingerprint, b.lineage.dataFingerprint),
    field('schema hash', a.lineage.schemaHash, b.lineage.schemaHash),
    field('training rows', pa?.rows ?? null, pb?.rows ?? null),
    field('card sha256', a.lineage.cardHash, b.lineage.cardHash),
    field('seed', a.lineage.seed, b.lineage.seed),
    field('framewise', a.lineage.framewiseVersion, b.lineage.framewiseVersion),
    field('verdict', a.lineage.verdict, b.lineage.verdict),
    field('forced', a.forcedReason, b.forcedReason),
    // The decision packages: what the server decides at, what was promised, how the data is read.
    ...packageFields(decisionPackageOf(a), decisionPackageOf(b), field),
  ];
  const paramNames = [...new Set([...Object.keys(a.lineage.params), ...Object.keys(b.lineage.params)])].sort();
  const params = paramNames.map((p) => field(p, scalar(a.lineage.params[p]), scalar(b.lineage.params[p])));
  const metricNames = [...new Set([...Object.keys(a.lineage.metrics), ...Object.keys(b.lineage.metrics)])].sort();
  const metrics = metricNames.map((m): MetricChange => {
    const from = a.lineage.metrics[m] ?? null;
    const to = b.lineage.metrics[m] ?? null;
    return { metric: m, from, to, change: from !== null && to !== null ? to.mean - from.mean : null };
  });
  return { kind: 'framewise.version-diff', name: b.name, from: a.version, to: b.version, fields, params, metrics, signature: signatureDifferences(a.signature, b.signature), data: dataChanges(pa, pb) };
}

function packageFields(a: DecisionPackage, b: DecisionPackage, field: (name: string, from: Scalar, to: Scalar) => FieldChange): FieldChange[] {
  const threshold = (p: DecisionPackage): Scalar => (p.policy.kind === 'threshold' ? p.policy.threshold : null);
  const value = (p: DecisionPackage): Scalar => p.promise.value?.perDecision.mean ?? null;
  const positive = (p: DecisionPackage): Scalar => (p.policy.kind === 'threshold' ? p.policy.positiveClass : null);
  const k = (p: DecisionPackage): Scalar => (p.policy.kind === 'top-k' ? p.policy.k : null);
  const boundary = (p: DecisionPackage): Scalar => (p.policy.kind === 'number' ? p.policy.boundary : null);
  const json = (v: unknown): Scalar => (v === null || v === undefined ? null : JSON.stringify(v));
  const types = (p: DecisionPackage): Scalar => (Object.keys(p.data.types).length === 0 ? null : json(p.data.types));
  return [
    field('decision policy', a.policy.kind, b.policy.kind),
    field('threshold', threshold(a), threshold(b)),
    field('positive class', positive(a), positive(b)),
    field('top k', k(a), k(b)),
    field('boundary', boundary(a), boundary(b)),
    field('policy source', a.policy.source, b.policy.source),
    field('promised value per decision', value(a), value(b)),
    field('data sql', a.data.sql, b.data.sql),
    field('missing words', json(a.data.missing), json(b.data.missing)),
    field('column types', types(a), types(b)),
    field('format', a.data.format, b.data.format),
    field('delimiter', a.data.delimiter, b.data.delimiter),
    field('header', a.data.header, b.data.header),
  ];
}

function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function profileOf(version: ModelVersion): ReferenceProfile | null {
  const p = version.lineage.referenceProfile as Partial<ReferenceProfile> | null;
  return p !== null && typeof p === 'object' && p.kind === 'framewise.reference-profile' ? (p as ReferenceProfile) : null;
}

/** Per feature, the summary numbers that differ between the two training sets. */
function dataChanges(a: ReferenceProfile | null, b: ReferenceProfile | null): FeatureDataChange[] {
  if (a === null || b === null) return [];
  const out: FeatureDataChange[] = [];
  const before = new Map(a.features.map((f) => [f.name, f]));
  const after = new Map(b.features.map((f) => [f.name, f]));
  for (const name of before.keys()) if (!after.has(name)) out.push({ feature: name, field: 'present', from: true, to: false });
  for (const [name, g] of after) {
    const f = before.get(name);
    if (f === undefined) {
      out.push({ feature: name, field: 'present', from: false, to: true });
      continue;
    }
    const missingFrom = round(f.missingShare);
    const missingTo = round(g.missingShare);
    if (missingFrom !== missingTo) out.push({ feature: name, field: 'missing share', from: missingFrom, to: missingTo });
    if ('edges' in f && 'edges' in g) {
      if (f.min !== g.min) out.push({ feature: name, field: 'min', from: f.min, to: g.min });
      if (f.max !== g.max) out.push({ feature: name, field: 'max', from: f.max, to: g.max });
    } else if ('values' in f && 'values' in g) {
      const nf = f.values.length + (f.otherCount > 0 ? 1 : 0);
      const ng = g.values.length + (g.otherCount > 0 ? 1 : 0);
      const sameSet = nf === ng && f.values.every((v) => g.values.some((w) => w.value === v.value));
      if (!sameSet) out.push({ feature: name, field: 'categories', from: nf, to: ng });
    }
  }
  return out;
}

function round(share: number): number {
  return Math.round(share * 10000) / 10000;
}
