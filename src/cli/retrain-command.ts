// `framewise retrain NAME --data FILE`: trains a challenger with the champion's learner on new
// labelled data, compares both on the same held-out rows, registers the challenger under an
// alias (never `champion`), and says whether promoting it pays. Promotion stays a person's step.

import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { clusteringRetrainRefusal } from './retrain-clustering.js';
import type { DataSettings, SettingOverride } from '../data/data-settings.js';
import { type ChallengerRun, cardPolicy, runChallenger, estimatorLike, type RetrainPolicy } from '../evaluate/challenger.js';
import { type ChampionSpec, loadRetrainData, prepareRetrainData } from '../evaluate/retrain-data.js';
import { buildRetrainReport, renderRetrainSummary, type RetrainPolicyReport } from '../evaluate/retrain-report.js';
import { checkHoldoutShare } from '../evaluate/retrain-split.js';
import type { Card } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { loadModel } from '../learn/model-io.js';
import { labelsAsLearned } from '../learn/target.js';
import { DECISION_PACKAGE_VERSION, type DecisionPackage, type DecisionPolicy, decisionPackageOf, describePolicy } from '../registry/decision-package.js';
import { buildLineage } from '../registry/lineage.js';
import { checkAliasName, formatRef, parseModelRef } from '../registry/model-ref.js';
import { type PolicyInForce, policyInForce } from '../registry/policy-in-force.js';
import { registerFitted } from '../registry/register-model.js';
import { frameDifferences, guardReuse, labelExpectation } from '../registry/reuse-guard.js';
import { DEFAULT_REGISTRY_DIR, SqliteModelStore } from '../registry/sqlite-store.js';
import { readReferenceSample } from '../registry/reference-sample.js';
import type { ModelVersion } from '../registry/store.js';
import type { Frame } from '../data/frame.js';
import { type TrainingOverlap, trainingOverlap } from '../registry/training-overlap.js';
import { describeOverride } from '../learn/read-for-model.js';
import { addDataOptions, type DataFlags, typedDataSettings } from './data-options.js';
import { retrainAnomaly } from './retrain-anomaly.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';
import { framewiseVersion } from './version.js';
import { retrainMultilabel } from './retrain-multilabel.js';

interface RetrainFlags extends DataFlags {
  readonly data: string;
  readonly registry: string;
  readonly alias: string;
  readonly holdout: string;
  readonly seed?: string;
  readonly time?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly force?: boolean;
  readonly threshold?: string;
}

export function retrainCommand(): Command {
  const command = new Command('retrain')
    .description("train a challenger on new labelled data with the champion's learner, compare both on the same recent rows, and register it (never as champion)")
    .argument('<name>', 'the model: NAME (its champion), NAME@VERSION or NAME@ALIAS')
    .requiredOption('--data <file>', 'new labelled data with the columns the champion was trained on (read with its card\'s SQL and types)')
    .option('--registry <dir>', 'the registry folder', DEFAULT_REGISTRY_DIR)
    .option('--alias <alias>', 'the alias pointed at the challenger', 'challenger')
    .option('--holdout <share>', 'share of the new rows held out to compare the models on (the latest by time when there is a time column)', '0.25')
    .option('--seed <n>', "seed of the random held-out share and of the bootstrap (default: the champion's seed, else 42)")
    .option('--time <column>', "order rows by this column and hold out the latest (default: the card's time column)")
    .option('--threshold <p>', "decide positive at this probability instead of the champion's registered threshold (two classes; printed and recorded)")
    .option('--force', 'go ahead when the data has categories or classes the champion never saw (recorded in the version)')
    .option('--json', 'print the result as JSON (as retrain.json holds it)')
    .option('--out <dir>', 'also write retrain.json to this folder')
    .addHelpText('after', '\nExample:\n  framewise retrain rain-tomorrow --data weather-2016.csv --out retrain\n  framewise models promote rain-tomorrow 3 --alias champion   # if you agree');
  addDataOptions(command);
  command.action(
    action(async (refText: string, flags: RetrainFlags, cmd: Command) => {
      const parsed = parseModelRef(refText);
      const ref = parsed.version === undefined && parsed.alias === undefined ? { ...parsed, alias: 'champion' } : parsed;
      checkAliasName(flags.alias);
      if (flags.alias === 'champion' || flags.alias === ref.alias) {
        throw new FramewiseError('INVALID_ARGUMENT', `retrain does not move '${flags.alias}': the challenger gets its own alias, and promotion stays a person's step.`, {
          hint: 'Leave --alias out (it is challenger), then promote with: framewise models promote NAME VERSION --alias champion',
          location: { field: '--alias' },
        });
      }
      const share = checkHoldoutShare(flags.holdout);
      const seedFlag = flags.seed === undefined ? undefined : parseSeed(flags.seed);

      const store = SqliteModelStore.open(flags.registry);
      let version;
      let artifact;
      try {
        version = store.get(ref);
        artifact = store.artifact(version.name, version.version);
      } catch (error) {
        // NAME alone means its champion: say how to name a version instead.
        if (!(error instanceof FramewiseError) || error.code !== 'MODEL_NOT_FOUND' || ref === parsed || !error.message.includes("alias 'champion'")) throw error;
        const hint = error.hint === undefined ? '' : `${error.hint}${/[.!?]$/.test(error.hint) ? '' : '.'} `;
        throw new FramewiseError('MODEL_NOT_FOUND', error.message, { hint: `${hint}Or name the version to challenge: framewise retrain ${parsed.name}@VERSION --data FILE`, ...(error.location === undefined ? {} : { location: error.location }) });
      } finally {
        store.close();
      }
      const label = labelExpectation(artifact);
      const champion = loadModel(artifact);
      if (champion.task === 'multilabel') {
        const card = version.lineage.card === null ? null : readStoredCard(version.lineage.card, `'${version.name}'@${version.version}`);
        await retrainMultilabel({ version, champion, registry: flags.registry, data: flags.data, typed: typedDataSettings(flags, cmd), alias: flags.alias, share, seed: seedFlag ?? version.lineage.seed ?? 42, timeColumn: flags.time ?? card?.time ?? null, threshold: flags.threshold, force: flags.force === true, json: flags.json === true, out: flags.out });
        return;
      }
      if (version.task === 'anomaly') {
        // No label column: a challenger forest compared at the champion's score threshold (retrain-anomaly.ts).
        const decision = decisionPackageOf(version);
        const inForce = policyInForce(flags.registry, version.name, decision.policy, version.task);
        const card = version.lineage.card === null ? null : readStoredCard(version.lineage.card, `'${version.name}'@${version.version}`);
        await retrainAnomaly({ version, champion, decision, policy: inForce.policy, policyText: inForce.description, card, dataPath: flags.data, typed: typedDataSettings(flags, cmd), registry: flags.registry, alias: flags.alias, share, seed: seedFlag ?? version.lineage.seed ?? 42, timeColumn: flags.time ?? card?.time ?? null, force: flags.force === true, json: flags.json === true, out: flags.out });
        return;
      }
      if (version.task === 'clustering') throw clusteringRetrainRefusal(formatRef({ name: version.name, version: version.version }), version.name, version.lineage.card !== null);
      if (label === undefined) {
        throw new FramewiseError('INVALID_ARGUMENT', `${formatRef({ name: version.name, version: version.version })} is a ${version.task} model: retraining compares predictions with one label column, for classification and regression (and flagged rows for anomaly models).`, {
          hint: 'Retrain it with `framewise train` or `framewise brief` and register the result.',
          location: { field: 'name' },
        });
      }
      estimatorLike(champion.estimator, champion.params);
      const spec: ChampionSpec = { estimator: champion.estimator, task: champion.task, params: champion.params, signature: champion.signature, target: label.name, classes: label.categories ?? null };
      const championRef = `'${version.name}'@${version.version}`;
      const card = version.lineage.card === null ? null : readStoredCard(version.lineage.card, championRef);
      // The champion's decision package: the policy and figures both models are valued at, and
      // what the challenger is registered with (a flag may override the threshold, said and kept).
      const decision = decisionPackageOf(version);
      // The policy in force is the server's when one was set with PUT (recorded as an override); --threshold wins over both.
      const inForce = policyInForce(flags.registry, version.name, decision.policy, version.task);
      const { policy, overrides } = policyToUse(inForce, flags.threshold);
      const description = policy.source === 'serving' ? inForce.description : null;
      if (flags.threshold !== undefined && inForce.serving !== null) process.stderr.write(`note: the server's policy (${inForce.description}) is not used: --threshold wins\n`);
      const timeColumn = flags.time ?? card?.time ?? null;
      const seed = seedFlag ?? version.lineage.seed ?? 42;

      const progress = terminalProgress();
      // Read with the champion's registered data settings; a typed flag over one is printed and recorded.
      const read = await loadRetrainData(flags.data, decision.data, champion.signature, typedDataSettings(flags, cmd), progress);
      for (const o of read.overrides) process.stderr.write(`${describeOverride(o)}\n`);
      const loaded = { ...read, frame: labelsAsLearned(read.frame, label.name, label.categories ?? null) };
      const differences = frameDifferences(champion.signature, loaded.frame, label);
      // Categories the new data lacks are no refusal: the challenger keeps them (see prepareRetrainData).
      const forced = guardNewData(differences.filter((d) => d.kind !== 'categories-gone'), flags, championRef, label.name);
      if (timeColumn !== null && !loaded.frame.has(timeColumn)) {
        throw new FramewiseError('COLUMN_NOT_FOUND', `The new data has no time column '${timeColumn}' (${flags.time === undefined ? "the card's time" : '--time'}).`, {
          hint: flags.time === undefined ? 'Keep that column in the data (or its SQL), or pass --time with another column.' : 'Name a column of the data with --time.',
          location: { file: flags.data, column: timeColumn },
        });
      }
      const data = prepareRetrainData(loaded.frame, spec, timeColumn);
      const run = await runChallenger({ champion, spec, data, card, split: { share, seed, timeColumn }, progress, business: decision.business, ...(policy.kind === 'threshold' ? { policy: retrainPolicy(policy, description) } : { policy: { ...cardPolicy(card), classPolicy: policy } }), ...(policy.kind === 'number' ? { boundary: policy.boundary } : {}), ...(decision.promise.mainMetric === undefined ? {} : { mainMetric: decision.promise.mainMetric }) });

      const built = buildLineage({ frame: run.trainFrame, model: run.challenger, framewiseVersion: framewiseVersion(), card: version.lineage.card, seed, metrics: run.challengerMetrics, verdict: `challenger to v${version.version}: ${run.comparison.advice.verdict}` });
      const lineage = { ...built, decision: challengerPackage(decision, policy, run, loaded.settings) };
      const by = userInfo().username;
      const registered = registerFitted({ dir: flags.registry, name: version.name, model: run.challenger, trainingFrame: run.trainFrame, lineage, alsoForced: forced, force: flags.force === true, by, alias: { name: flags.alias, why: `retrained on ${flags.data}: ${run.comparison.advice.verdict}` } });
      const report = buildRetrainReport(run, data, {
        model: version.name,
        registry: flags.registry,
        dataPath: flags.data,
        loadedRows: loaded.frame.rowCount,
        champion: { version: version.version, estimator: version.estimator, aliases: version.aliases },
        challenger: { version: registered.version, alias: flags.alias, forcedReason: registered.forcedReason, dataFingerprint: lineage.dataFingerprint },
        policy: policyReport(policy, run, description),
        // The threshold flag and the registered data settings a typed flag changed (docs/retraining.md).
        overrides: [...overrides, ...loaded.overrides],
        trainingOverlap: overlapWithTraining(flags.registry, version, run.testFrame),
      });
      if (flags.out !== undefined) {
        mkdirSync(flags.out, { recursive: true });
        writeFileSync(join(flags.out, 'retrain.json'), `${JSON.stringify(report, null, 2)}\n`);
      }
      process.stdout.write(flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${renderRetrainSummary(report)}${flags.out === undefined ? '' : `Written: ${join(flags.out, 'retrain.json')}\n`}`);
    }),
  );
  return command;
}

/** The compared rows the champion learned from, by its training sample; null when the version kept none. */
function overlapWithTraining(registry: string, version: ModelVersion, compared: Frame): TrainingOverlap | null {
  if (version.referenceSha256 === null) return null;
  const store = SqliteModelStore.open(registry);
  try {
    const sample = readReferenceSample(store.artifactPath(version.name, version.version), `'${version.name}'@${version.version}`, version.referenceSha256);
    return trainingOverlap(sample, compared);
  } finally {
    store.close();
  }
}

/**
 * The policy in force for the champion (the server's, recorded as an override, else its
 * registered one), or its threshold replaced by --threshold (two classes only), with the override recorded.
 */
function policyToUse(inForce: PolicyInForce, thresholdFlag: string | undefined): { policy: DecisionPolicy; overrides: SettingOverride[] } {
  const registered = inForce.registered;
  if (thresholdFlag === undefined) return { policy: inForce.policy, overrides: [...inForce.overrides] };
  const threshold = /^\s*(0(\.\d+)?|1(\.0+)?|\.\d+)\s*$/.test(thresholdFlag) ? Number(thresholdFlag) : Number.NaN;
  if (!(threshold > 0 && threshold < 1)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold must be a probability between 0 and 1 (exclusive), got '${thresholdFlag}'.`, { hint: 'e.g. --threshold 0.2', location: { field: '--threshold' } });
  }
  if (registered.kind !== 'threshold') {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold applies to two-class models; this one decides by ${describePolicy(registered)}.`, {
      hint: 'Leave --threshold out: the champion\'s registered policy is used.',
      location: { field: '--threshold' },
    });
  }
  return {
    policy: { ...registered, threshold, source: 'override' },
    overrides: [{ field: 'policy.threshold', registered: registered.threshold, used: threshold, flag: '--threshold' }],
  };
}

/** A two-class policy as retraining applies it; `description` names a server's policy in full. */
function retrainPolicy(policy: DecisionPolicy & { kind: 'threshold' }, description: string | null): RetrainPolicy {
  // describePolicy ends with where the policy came from, in brackets: the value's rule quotes it.
  const from = /\(([^()]*)\)$/.exec(description ?? describePolicy(policy))?.[1] ?? policy.source;
  return {
    threshold: policy.threshold,
    positiveClass: policy.positiveClass === '' ? null : policy.positiveClass,
    source: from,
    isDefault: policy.source === 'default',
  };
}

/** The policy as retrain.json reports it; the positive class is the one the comparison used. */
function policyReport(policy: DecisionPolicy, run: ChallengerRun, description: string | null): RetrainPolicyReport {
  const positiveClass = policy.kind === 'threshold' ? run.comparison.positiveClass ?? (policy.positiveClass === '' ? null : policy.positiveClass) : null;
  const named = policy.kind === 'threshold' && positiveClass !== null ? { ...policy, positiveClass } : policy;
  return { kind: policy.kind, threshold: policy.kind === 'threshold' ? policy.threshold : null, positiveClass, source: policy.source, description: description ?? describePolicy(named) };
}

/**
 * The challenger's decision package: the data settings its rows were read with (the champion's,
 * with any typed flag), the champion's business figures and policy (its source kept), and a promise measured on the recent rows both models were scored on.
 */
function challengerPackage(champion: DecisionPackage, policy: DecisionPolicy, run: ChallengerRun, data: DataSettings): DecisionPackage {
  const positiveClass = run.comparison.positiveClass;
  const kept: DecisionPolicy = policy.kind === 'threshold' && policy.positiveClass === '' && positiveClass !== null ? { ...policy, positiveClass } : policy;
  return { version: DECISION_PACKAGE_VERSION, data, policy: kept, promise: run.promise, business: champion.business, ...(champion.leftOut === undefined ? {} : { leftOut: champion.leftOut }) };
}

/** The reuse guard on the new data, saying what new categories or classes would mean for each model. */
function guardNewData(differences: Parameters<typeof guardReuse>[0], flags: RetrainFlags, championRef: string, target: string): string | null {
  try {
    return guardReuse(differences, { force: flags.force === true, subject: `The new data '${flags.data}'`, against: `the columns of ${championRef}` });
  } catch (error) {
    const added = differences.filter((d) => d.kind === 'new-categories');
    if (!(error instanceof FramewiseError) || added.length === 0) throw error;
    const parts: string[] = [];
    if (added.some((d) => d.column !== target)) parts.push('New categories: the champion reads values it never saw as missing, and a challenger trained on them accepts them, so its input differs from the champion\'s.');
    if (added.some((d) => d.column === target)) parts.push(`New classes of '${target}': the champion can never predict them, and the challenger learns them.`);
    parts.push(`${added.length < differences.length ? 'Fix the other differences first; then p' : 'P'}ass --force to go ahead (recorded in the challenger's version).`);
    throw new FramewiseError(error.code, error.message, { hint: parts.join(' '), ...(error.location === undefined ? {} : { location: error.location }) });
  }
}

function readStoredCard(text: string, championRef: string): Card {
  try {
    return parseCard(text, `the card of ${championRef}`);
  } catch (error) {
    if (!(error instanceof FramewiseError)) throw error;
    throw new FramewiseError('CARD_INVALID', `${error.message} (the card stored with the version no longer reads in this framewise).`, {
      hint: 'Retrain from an updated card with `framewise brief CARD --register NAME`.',
      location: { field: 'lineage.card' },
    });
  }
}

function parseSeed(text: string): number {
  const seed = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seed)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--seed must be a whole number, got '${text}'.`, { hint: 'e.g. --seed 7', location: { field: '--seed' } });
  }
  return seed;
}
