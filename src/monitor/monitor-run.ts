// One monitoring run: a registered version's training sample against a current window (a data
// file read with the model's types, or the server's logged inputs since a time), giving feature
// drift, prediction drift or training-serving skew, and out-of-distribution rates.

import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { Frame } from '../data/frame.js';
import { loadFrame, type LoadOptions } from '../data/load.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { FeatureSignature, FittedModel } from '../learn/estimator.js';
import { loadModel } from '../learn/model-io.js';
import { formatRef } from '../registry/model-ref.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { ModelRef } from '../registry/store.js';
import { SERVE_DB_FILE } from '../serve/serve-db.js';
import { type DriftReport, driftReport } from './drift-report.js';
import { oodReport, type OodReport } from './ood.js';
import { readReferenceSample, sampleFrame } from '../registry/reference-sample.js';
import { type PredictionComparison, comparePredictions } from './skew.js';

export const MONITOR_VERSION = 1;
/** Share of out-of-distribution rows above which `--fail-on ood` fails. */
export const OOD_FAIL_RATE = 0.05;

export type CurrentWindow = { readonly kind: 'file'; readonly path: string; readonly options: LoadOptions } | { readonly kind: 'log'; readonly since: string };

export interface MonitorInput {
  readonly registry: string;
  readonly ref: ModelRef;
  readonly current: CurrentWindow;
}

export interface MonitorResult {
  readonly kind: 'framewise.monitor';
  readonly version: typeof MONITOR_VERSION;
  readonly createdAt: string;
  readonly model: { readonly name: string; readonly version: number; readonly estimator: string; readonly task: string; readonly target: string | null };
  readonly window: { readonly source: 'file' | 'prediction-log'; readonly path: string | null; readonly since: string | null; readonly rows: number };
  readonly reference: { readonly rows: number; readonly sourceRows: number; readonly seed: number };
  readonly drift: DriftReport;
  /** Model outputs on the reference sample vs the window: prediction drift for a file, skew for the log. */
  readonly predictions: PredictionComparison & { readonly comparison: 'prediction-drift' | 'training-serving-skew' };
  readonly ood: OodReport & { readonly failRate: number };
  readonly verdict: { readonly datasetDrifted: boolean; readonly oodExceeded: boolean; readonly predictionsDrifted: boolean; readonly summary: string };
}

export async function runMonitor(input: MonitorInput): Promise<MonitorResult> {
  const store = SqliteModelStore.open(input.registry);
  let model: FittedModel;
  let artifactPath: string;
  let version;
  try {
    version = store.get(input.ref);
    model = loadModel(store.artifact(version.name, version.version));
    artifactPath = store.artifactPath(version.name, version.version);
  } finally {
    store.close();
  }
  const label = `'${version.name}'@${version.version}`;
  const sample = readReferenceSample(artifactPath, label);
  const reference = sampleFrame(sample);
  const current = input.current.kind === 'file' ? await loadForSignature(input.current.path, input.current.options, model.signature.features) : await loadLoggedInputs(input.registry, version.name, version.version, input.current.since, model.signature.features);
  const shared = reference.names.filter((n) => current.has(n));
  const missingFeatures = reference.names.filter((n) => !current.has(n));
  if (shared.length === 0) {
    throw new FramewiseError('SCHEMA_MISMATCH', `The current data has none of the features of ${label} (${reference.names.slice(0, 5).join(', ')}${reference.names.length > 5 ? ', …' : ''}).`, {
      hint: 'Check that the file is the data this model is meant for.',
      ...(input.current.kind === 'file' ? { location: { file: input.current.path } } : {}),
    });
  }
  const drift = driftReport(reference, current, { columns: shared });
  const ood = oodReport(model.signature, current, reference);
  const predictions = missingFeatures.length > 0 ? { drift: null, note: `the current data lacks ${missingFeatures.join(', ')}` } : comparePredictions(model, reference, current);
  const oodExceeded = ood.oodRate > OOD_FAIL_RATE;
  const predictionsDrifted = predictions.drift?.result.drifted ?? false;
  const parts = [
    drift.datasetDrifted ? `data set drifted (${drift.driftedFeatures.length} of ${drift.features.length} features)` : drift.driftedFeatures.length > 0 ? `${drift.driftedFeatures.length} of ${drift.features.length} features drifted, below the data-set level` : 'no feature drifted',
    `${(ood.oodRate * 100).toFixed(1)}% of rows out of distribution${oodExceeded ? ` (above ${OOD_FAIL_RATE * 100}%)` : ''}`,
    predictions.drift === null ? 'predictions not compared' : predictionsDrifted ? (input.current.kind === 'log' ? 'training-serving skew in predictions' : 'predictions drifted') : 'predictions stable',
  ];
  return {
    kind: 'framewise.monitor',
    version: MONITOR_VERSION,
    createdAt: new Date().toISOString(),
    model: { name: version.name, version: version.version, estimator: version.estimator, task: version.task, target: version.target },
    window: { source: input.current.kind === 'file' ? 'file' : 'prediction-log', path: input.current.kind === 'file' ? input.current.path : null, since: input.current.kind === 'log' ? input.current.since : null, rows: current.rowCount },
    reference: { rows: sample.rows, sourceRows: sample.sourceRows, seed: sample.seed },
    drift,
    predictions: { ...predictions, comparison: input.current.kind === 'log' ? 'training-serving-skew' : 'prediction-drift' },
    ood: { ...ood, failRate: OOD_FAIL_RATE },
    verdict: { datasetDrifted: drift.datasetDrifted, oodExceeded, predictionsDrifted, summary: `${formatRef({ name: version.name, version: version.version })}: ${parts.join('; ')}.` },
  };
}

function loadType(feature: FeatureSignature): SemanticType {
  if (feature.type === 'identifier') return 'categorical';
  if (feature.type === 'text' || feature.type === 'constant') return feature.categories ? 'categorical' : 'text';
  return feature.type;
}

/** Loads a file with each model feature read as the type it had in training. */
async function loadForSignature(path: string, options: LoadOptions, features: readonly FeatureSignature[]): Promise<Frame> {
  const userTypes = options.types ?? {};
  const types: Record<string, SemanticType> = {};
  for (const f of features) if (userTypes[f.name] === undefined) types[f.name] = loadType(f);
  try {
    return (await loadFrame(path, { ...options, types: { ...types, ...userTypes } })).frame;
  } catch (error) {
    // A feature the file lacks: load without the model's types and report it as absent.
    if (error instanceof FramewiseError && error.code === 'COLUMN_NOT_FOUND') return (await loadFrame(path, options)).frame;
    throw error;
  }
}

/** The inputs the server logged for this version since `since`, as a frame with the model's types. */
async function loadLoggedInputs(registry: string, name: string, version: number, since: string, features: readonly FeatureSignature[]): Promise<Frame> {
  const dbPath = join(registry, SERVE_DB_FILE);
  if (!existsSync(dbPath)) {
    throw new FramewiseError('FILE_NOT_FOUND', `There is no prediction log in '${registry}'.`, { hint: 'Serve the model with `framewise serve --registry DIR` first, or pass --current FILE.', location: { file: dbPath } });
  }
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const temp = mkdtempSync(join(tmpdir(), 'framewise-monitor-'));
  try {
    const rows = db.prepare(`SELECT inputs FROM predictions WHERE model = ? AND version = ? AND at >= ? AND inputs LIKE '{%' ORDER BY at, rowid`).pluck().all(name, version, since) as string[];
    if (rows.length === 0) {
      throw new FramewiseError('NO_DATA_ROWS', `The prediction log holds no predictions of '${name}'@${version} since ${since}.`, { hint: 'Pick an earlier --since, or check the model and version the server answered with.', location: { file: dbPath } });
    }
    const file = join(temp, 'inputs.ndjson');
    writeFileSync(file, `${rows.join('\n')}\n`);
    return await loadForSignature(file, { format: 'ndjson' }, features);
  } finally {
    db.close();
    rmSync(temp, { recursive: true, force: true });
  }
}
