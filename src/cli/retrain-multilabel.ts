// `framewise retrain` for a multi-label champion: reads the new data with the champion's data
// settings, compares a challenger with it at the champion's per-label thresholds (the policy in
// force), registers the challenger with the same policy, and writes retrain.json (docs/retraining.md).

import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { TypedDataSettings } from '../learn/read-for-model.js';
import { describeOverride } from '../learn/read-for-model.js';
import type { FittedModel } from '../learn/estimator.js';
import { loadRetrainData } from '../evaluate/retrain-data.js';
import { type MultilabelComparison, runMultilabelChallenger } from '../evaluate/retrain-multilabel.js';
import { DECISION_PACKAGE_VERSION, type DecisionPackage, decisionPackageOf, describePolicy } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { registryFlagFor } from '../evaluate/retrain-report.js';
import { formatRef } from '../registry/model-ref.js';
import { policyInForce } from '../registry/policy-in-force.js';
import { registerFitted } from '../registry/register-model.js';
import type { ModelVersion } from '../registry/store.js';
import { terminalProgress } from './terminal-progress.js';
import { framewiseVersion } from './version.js';

/** The verdict in words for the summary's first line (the JSON keeps the id). */
const VERDICT_WORDS: Readonly<Record<MultilabelComparison['advice']['verdict'], string>> = {
  'challenger-better': 'the challenger is better; promote it if you agree',
  'champion-better': 'the champion is better: keep it',
  'no-clear-difference': 'no clear difference: keep the champion',
};

export interface MultilabelRetrainInput {
  readonly version: ModelVersion;
  readonly champion: FittedModel;
  readonly registry: string;
  readonly data: string;
  readonly typed: TypedDataSettings;
  readonly alias: string;
  readonly share: number;
  readonly seed: number;
  readonly timeColumn: string | null;
  readonly threshold: string | undefined;
  readonly force: boolean;
  readonly json: boolean;
  readonly out: string | undefined;
}

/** retrain.json for a multi-label champion (task `multilabel`): the comparison at the shared per-label thresholds. */
export interface MultilabelRetrainReport {
  readonly kind: 'framewise.retrain';
  readonly task: 'multilabel';
  readonly model: string;
  readonly data: string;
  readonly champion: { readonly version: number; readonly estimator: string };
  readonly challenger: { readonly version: number; readonly alias: string };
  readonly policy: { readonly kind: 'label-thresholds'; readonly thresholds: Readonly<Record<string, number>>; readonly source: string; readonly description: string };
  readonly split: { readonly how: string; readonly trainRows: number; readonly testRows: number; readonly timeColumn: string | null };
  readonly comparison: MultilabelComparison;
  readonly overrides: readonly unknown[];
}

export async function retrainMultilabel(input: MultilabelRetrainInput): Promise<void> {
  const { version, champion } = input;
  const ref = formatRef({ name: version.name, version: version.version });
  if (input.threshold !== undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold applies to two-class models; ${ref} decides each label at its own threshold.`, {
      hint: "Leave --threshold out: the champion's per-label thresholds (or the server's, set with PUT) are used.",
      location: { field: '--threshold' },
    });
  }
  const decision = decisionPackageOf(version);
  const inForce = policyInForce(input.registry, version.name, decision.policy, version.task);
  const policy = inForce.policy;
  // A package made before per-label thresholds decides every label at 0.5.
  const thresholds = policy.kind === 'label-thresholds' ? policy.thresholds : {};
  const read = await loadRetrainData(input.data, decision.data, champion.signature, input.typed, terminalProgress());
  for (const o of read.overrides) process.stderr.write(`${describeOverride(o)}\n`);
  if (input.timeColumn !== null && !read.frame.has(input.timeColumn)) {
    throw new FramewiseError('COLUMN_NOT_FOUND', `The new data has no time column '${input.timeColumn}'.`, { hint: 'Keep that column in the data, or pass --time with another column.', location: { file: input.data, column: input.timeColumn } });
  }
  const run = await runMultilabelChallenger({ champion, frame: read.frame, thresholds, business: decision.business, split: { share: input.share, seed: input.seed, timeColumn: input.timeColumn } });
  const kept: DecisionPackage = { version: DECISION_PACKAGE_VERSION, data: read.settings, policy, promise: run.promise, business: decision.business, ...(decision.leftOut === undefined ? {} : { leftOut: decision.leftOut }) };
  const metrics = run.promise.metrics;
  const built = buildLineage({ frame: run.trainFrame, model: run.challenger, framewiseVersion: framewiseVersion(), card: version.lineage.card, seed: input.seed, metrics, verdict: `challenger to v${version.version}: ${run.comparison.advice.verdict}` });
  const registered = registerFitted({ dir: input.registry, name: version.name, model: run.challenger, trainingFrame: run.trainFrame, lineage: { ...built, decision: kept }, force: input.force, by: userInfo().username, alias: { name: input.alias, why: `retrained on ${input.data}: ${run.comparison.advice.verdict}` } });
  const report: MultilabelRetrainReport = {
    kind: 'framewise.retrain',
    task: 'multilabel',
    model: version.name,
    data: input.data,
    champion: { version: version.version, estimator: version.estimator },
    challenger: { version: registered.version, alias: input.alias },
    policy: { kind: 'label-thresholds', thresholds, source: policy.source, description: inForce.description },
    split: { how: run.split.how, trainRows: run.trainFrame.rowCount, testRows: run.testFrame.rowCount, timeColumn: run.split.timeColumn },
    comparison: run.comparison,
    overrides: [...inForce.overrides, ...read.overrides],
  };
  if (input.out !== undefined) {
    mkdirSync(input.out, { recursive: true });
    writeFileSync(join(input.out, 'retrain.json'), `${JSON.stringify(report, null, 2)}\n`);
  }
  const c = run.comparison;
  const lines = [
    `${version.name}: challenger v${registered.version} against champion v${version.version}: ${VERDICT_WORDS[c.advice.verdict]}.`,
    `  ${c.advice.reason}`,
    `  decision  ${describePolicy(policy)}, for both models`,
    `  rows      ${c.trainRows} to learn from, ${c.rows} held out (${run.split.how === 'time' ? 'the most recent' : 'a random share'})`,
    ...(c.value === null ? [] : [`  value     ${c.value.champion.toFixed(2)} (champion) vs ${c.value.challenger.toFixed(2)} (challenger)${c.value.currency === null ? '' : ` ${c.value.currency}`} per row`]),
    `  registered ${version.name}@${registered.version} as '${input.alias}'; promote it yourself if you agree: framewise models promote ${version.name} ${registered.version} --alias champion${registryFlagFor(input.registry)}`,
  ];
  process.stdout.write(input.json ? `${JSON.stringify(report, null, 2)}\n` : `${lines.join('\n')}\n${input.out === undefined ? '' : `Written: ${join(input.out, 'retrain.json')}\n`}`);
}
