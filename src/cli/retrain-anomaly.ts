// `framewise retrain` for an anomaly model: reads the new rows with the champion's data settings,
// grows a challenger on part of them, compares both at the champion's score threshold on the rest
// (see evaluate/anomaly-challenger.ts), registers the challenger under its alias with the same
// policy, and writes retrain.json (docs/retraining.md, "Anomaly models").

import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { valueAt } from '../data/column.js';
import { isKnownAnomaly } from '../evaluate/anomaly-flags.js';
import { type AnomalyComparison, runAnomalyChallenger } from '../evaluate/anomaly-challenger.js';
import { loadRetrainData } from '../evaluate/retrain-data.js';
import { holdoutSplit } from '../evaluate/retrain-split.js';
import type { Card } from '../frame/card.js';
import type { FittedModel } from '../learn/estimator.js';
import { describeOverride, type TypedDataSettings } from '../learn/read-for-model.js';
import { DECISION_PACKAGE_VERSION, type DecisionPackage, type DecisionPolicy, describePolicy } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { registryFlagFor } from '../evaluate/retrain-report.js';
import { formatRef } from '../registry/model-ref.js';
import { registerFitted } from '../registry/register-model.js';
import { frameDifferences, guardReuse } from '../registry/reuse-guard.js';
import type { ModelVersion } from '../registry/store.js';
import type { Frame } from '../data/frame.js';
import { readReferenceSample } from '../registry/reference-sample.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { type TrainingOverlap, trainingOverlap } from '../registry/training-overlap.js';
import { terminalProgress } from './terminal-progress.js';
import { framewiseVersion } from './version.js';

export interface AnomalyRetrainInput {
  readonly version: ModelVersion;
  readonly champion: FittedModel;
  readonly decision: DecisionPackage;
  /** The policy in force (the server's, else the registered one). */
  readonly policy: DecisionPolicy;
  readonly policyText: string;
  readonly card: Card | null;
  readonly dataPath: string;
  readonly typed: TypedDataSettings;
  readonly registry: string;
  readonly alias: string;
  readonly share: number;
  readonly seed: number;
  readonly timeColumn: string | null;
  readonly force: boolean;
  readonly json: boolean;
  readonly out: string | undefined;
}

export interface AnomalyRetrainReport {
  readonly kind: 'framewise.retrain';
  readonly task: 'anomaly';
  readonly model: string;
  readonly champion: { readonly version: number };
  readonly challenger: { readonly version: number; readonly alias: string; readonly forcedReason: string | null };
  readonly data: { readonly path: string; readonly rows: number; readonly trainRows: number; readonly testRows: number; readonly heldOut: string };
  readonly policy: { readonly kind: 'score-threshold'; readonly threshold: number; readonly flaggedShare: number | null; readonly source: string; readonly description: string };
  readonly comparison: AnomalyComparison;
  /** Compared rows found in the champion's training sample; null when the version kept none. */
  readonly trainingOverlap: { readonly matched: number; readonly likely: boolean } | null;
}

export async function retrainAnomaly(input: AnomalyRetrainInput): Promise<void> {
  const { version, champion, decision } = input;
  const championRef = formatRef({ name: version.name, version: version.version });
  const modelThreshold = (champion as { threshold?: number }).threshold;
  // The champion's score threshold; a package from before score thresholds decides at the model's own.
  const policy: DecisionPolicy & { kind: 'score-threshold' } =
    input.policy.kind === 'score-threshold' ? input.policy : { kind: 'score-threshold', threshold: modelThreshold ?? 0.5, flaggedShare: null, source: 'default' };
  const read = await loadRetrainData(input.dataPath, decision.data, champion.signature, input.typed, terminalProgress());
  for (const o of read.overrides) process.stderr.write(`${describeOverride(o)}\n`);
  const frame = read.frame;
  const forced = guardReuse(frameDifferences(champion.signature, frame), { force: input.force, subject: `The new data '${input.dataPath}'`, against: `the columns of ${championRef}` });
  if (frame.rowCount < 20) {
    throw new FramewiseError('INVALID_ARGUMENT', `The new data '${input.dataPath}' has ${frame.rowCount} rows: too few to grow a challenger and compare it on held-out rows.`, { hint: 'Retrain on at least a few hundred rows.', location: { file: input.dataPath } });
  }
  const split = holdoutSplit(frame, { share: input.share, seed: input.seed, timeColumn: input.timeColumn !== null && frame.has(input.timeColumn) ? input.timeColumn : null });
  const reference = input.card?.referenceColumn;
  const known = reference !== undefined && frame.has(reference) ? Int32Array.from({ length: frame.rowCount }, (_, i) => (isKnownAnomaly(valueAt(frame.column(reference), i), input.card?.decision?.positiveClass) ? 1 : 0)) : null;
  const contamination = policy.flaggedShare ?? (champion.params['contamination'] as number | undefined) ?? 0.1;
  const run = await runAnomalyChallenger({ champion, frame, train: split.train, test: split.test, threshold: policy.threshold, known, seed: input.seed, contamination });
  const trainFrame = frame.take(split.train);
  const built = buildLineage({ frame: trainFrame, model: run.challenger, framewiseVersion: framewiseVersion(), card: version.lineage.card, seed: input.seed, metrics: run.promise.metrics, verdict: `challenger to v${version.version}: ${run.comparison.verdict}` });
  // The challenger decides as the champion does: the same threshold and source.
  const pkg: DecisionPackage = { version: DECISION_PACKAGE_VERSION, data: read.settings, policy, promise: run.promise, business: decision.business, ...(decision.leftOut === undefined ? {} : { leftOut: decision.leftOut }) };
  const registered = registerFitted({ dir: input.registry, name: version.name, model: run.challenger, trainingFrame: trainFrame, lineage: { ...built, decision: pkg }, decision: pkg, alsoForced: forced, force: input.force, by: userInfo().username, alias: { name: input.alias, why: `retrained on ${input.dataPath}: ${run.comparison.verdict}` } });
  const overlap = overlapWithTraining(input.registry, version, frame.take(split.test));
  const report: AnomalyRetrainReport = {
    kind: 'framewise.retrain',
    task: 'anomaly',
    model: version.name,
    champion: { version: version.version },
    challenger: { version: registered.version, alias: input.alias, forcedReason: registered.forcedReason },
    data: { path: input.dataPath, rows: frame.rowCount, trainRows: split.train.length, testRows: split.test.length, heldOut: split.description },
    policy: { kind: 'score-threshold', threshold: policy.threshold, flaggedShare: policy.flaggedShare, source: policy.source, description: input.policy.kind === 'score-threshold' ? input.policyText : describePolicy(policy) },
    comparison: run.comparison,
    trainingOverlap: overlap === null ? null : { matched: overlap.matched, likely: overlap.likely },
  };
  if (input.out !== undefined) {
    mkdirSync(input.out, { recursive: true });
    writeFileSync(join(input.out, 'retrain.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  const c = run.comparison;
  const f3 = (x: number | null): string => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));
  const lines = [
    `${version.name}: ${c.verdict}. ${c.reason}`,
    ...(overlap?.likely ? [`  WARNING     ${overlap.matched} of the ${c.rows} compared rows are rows ${championRef} learned from, so the comparison favours it`] : []),
    `  policy      ${report.policy.description} (kept for the challenger)`,
    `  compared    ${c.rows} held-out rows (${split.description})${c.labelled > 0 ? `, ${c.labelled} labelled` : ', no known anomalies'}`,
    `  champion    v${version.version}: flags ${(100 * c.champion.flaggedShare).toFixed(1)}%${c.labelled > 0 ? `, precision ${f3(c.champion.precision)}, recall ${f3(c.champion.recall)}, ROC AUC ${f3(c.champion.rocAuc)}` : ''}`,
    `  challenger  v${registered.version} (${input.alias}): flags ${(100 * c.challenger.flaggedShare).toFixed(1)}%${c.labelled > 0 ? `, precision ${f3(c.challenger.precision)}, recall ${f3(c.challenger.recall)}, ROC AUC ${f3(c.challenger.rocAuc)}` : ''}`,
    `  agreement   ${(100 * c.agreement).toFixed(1)}% of the champion's flags are the challenger's too`,
    `  next        framewise models promote ${version.name} ${registered.version} --alias champion${registryFlagFor(input.registry)}   # if you agree`,
  ];
  process.stdout.write(input.json ? `${JSON.stringify(report, null, 2)}\n` : `${lines.join('\n')}\n${input.out === undefined ? '' : `Written: ${join(input.out, 'retrain.json')}\n`}`);
}

/** The compared rows the champion learned from, by its training sample (as retrain does for labelled models). */
function overlapWithTraining(registry: string, version: ModelVersion, compared: Frame): TrainingOverlap | null {
  if (version.referenceSha256 === null) return null;
  const store = SqliteModelStore.open(registry);
  try {
    return trainingOverlap(readReferenceSample(store.artifactPath(version.name, version.version), `'${version.name}'@${version.version}`, version.referenceSha256), compared);
  } finally {
    store.close();
  }
}
