// Data-set drift over two frames: each feature tested once (sorted or counted once, tested once),
// the share of drifted features against the 50% level, and the same for a model's output column.

import { FramewiseError } from '../core/errors.js';
import { type Column, columnLength, missingCount } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { DRIFT_DEFAULTS } from '../evaluate/watch-plan.js';
import type { DriftTestName, DriftTestResult } from './drift-tests.js';
import { type DriftSample, type SampleKind, asCategorical, sampleOfColumn, sampleSize } from './sample.js';
import { type DriftOverride, type DriftOverrides, type DriftPreset, chooseTest } from './test-choice.js';

export const DRIFT_REPORT_VERSION = 1;

export interface FeatureDrift {
  readonly name: string;
  readonly testedAs: SampleKind;
  readonly test: DriftTestName;
  readonly chosenBy: 'default' | 'override';
  readonly referenceRows: number;
  readonly currentRows: number;
  readonly referenceMissing: number;
  readonly currentMissing: number;
  readonly result: DriftTestResult;
}

export interface DriftReport {
  readonly kind: 'framewise.drift-report';
  readonly version: typeof DRIFT_REPORT_VERSION;
  readonly referenceRows: number;
  readonly currentRows: number;
  readonly features: readonly FeatureDrift[];
  /** Columns no distribution test applies to (free text), with the reason. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly driftedFeatures: readonly string[];
  readonly driftedShare: number;
  readonly datasetDriftShare: number;
  readonly datasetDrifted: boolean;
}

export interface DriftReportOptions {
  /** The features to test (default: every column of the reference frame). */
  readonly columns?: readonly string[];
  /** Per-feature test (and threshold), e.g. `{ age: 'psi', city: { test: 'chi_squared', threshold: 0.01 } }`. */
  readonly overrides?: DriftOverrides;
  /** Share of drifted features at which the data set has drifted (default 0.5). */
  readonly datasetDriftShare?: number;
  /** The tests for features without an override: 'auto' (by kind and size, the default) or a preset. */
  readonly preset?: DriftPreset;
}

/** Why a column gets no test: free text, or no values at all on one side. */
function untestable(reference: Column, current: Column): string | null {
  if (reference.kind === 'text' || current.kind === 'text') return 'free text: no distribution test applies';
  if (missingCount(reference) === columnLength(reference)) return 'no values in the reference data';
  if (missingCount(current) === columnLength(current)) return 'no values in the current data';
  return null;
}

/**
 * Tests one feature given its two columns; kinds that differ are compared as categories. Null
 * when no test applies (free text, or a side without values).
 */
export function featureDrift(name: string, reference: Column, current: Column, override?: DriftOverride, preset: DriftPreset = 'auto'): FeatureDrift | null {
  if (untestable(reference, current) !== null) return null;
  let ref = sampleOfColumn(reference);
  let cur = sampleOfColumn(current);
  if (ref === null || cur === null) return null;
  if (ref.kind !== cur.kind) {
    ref = asCategorical(ref);
    cur = asCategorical(cur);
  }
  const choice = chooseTest(name, ref, override, preset);
  const [r, c]: [DriftSample, DriftSample] = choice.testedAs === 'categorical' ? [asCategorical(ref), asCategorical(cur)] : [ref, cur];
  const result = choice.test.test(r, c, choice.threshold);
  return {
    name,
    testedAs: choice.testedAs,
    test: choice.test.name,
    chosenBy: choice.chosenBy,
    referenceRows: sampleSize(ref),
    currentRows: sampleSize(cur),
    referenceMissing: ref.missing,
    currentMissing: cur.missing,
    result,
  };
}

/**
 * Prediction drift: the same choice of test on a model's output, scores (numeric) or classes
 * (categorical), between the reference period and the current one.
 */
export function predictionDrift(reference: Column, current: Column, override?: DriftOverride): FeatureDrift {
  const drift = featureDrift(reference.name, reference, current, override);
  if (drift === null) {
    throw new FramewiseError('INVALID_ARGUMENT', `Prediction column '${reference.name}' cannot be tested: ${untestable(reference, current)}.`, {
      hint: 'Pass the predicted scores (numbers) or the predicted classes (categories).',
      location: { column: reference.name },
    });
  }
  return drift;
}

/** Tests every feature of the reference frame (or the chosen ones) against the current frame. */
export function driftReport(reference: Frame, current: Frame, options: DriftReportOptions = {}): DriftReport {
  const columns = options.columns ?? reference.names;
  const absent = columns.filter((c) => !current.has(c));
  if (absent.length > 0) {
    throw new FramewiseError('SCHEMA_MISMATCH', `The current data lacks ${absent.length} feature(s) of the reference: ${absent.map((c) => `'${c}'`).join(', ')}.`, {
      hint: 'Compare frames with the same features, or pass `columns` to test only the shared ones.',
      location: { column: absent[0]! },
    });
  }
  const overrides = options.overrides ?? {};
  for (const name of Object.keys(overrides)) reference.column(name);
  const level = options.datasetDriftShare ?? DRIFT_DEFAULTS.datasetDriftShare;
  const features: FeatureDrift[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const name of columns) {
    const [r, c] = [reference.column(name), current.column(name)];
    const reason = untestable(r, c);
    if (reason !== null) skipped.push({ name, reason });
    else features.push(featureDrift(name, r, c, overrides[name], options.preset)!);
  }
  const driftedFeatures = features.filter((f) => f.result.drifted).map((f) => f.name);
  const driftedShare = features.length === 0 ? 0 : driftedFeatures.length / features.length;
  return {
    kind: 'framewise.drift-report',
    version: DRIFT_REPORT_VERSION,
    referenceRows: reference.rowCount,
    currentRows: current.rowCount,
    features,
    skipped,
    driftedFeatures,
    driftedShare,
    datasetDriftShare: level,
    datasetDrifted: features.length > 0 && driftedShare >= level,
  };
}
