// `framewise train <data> --target COL --model KIND --out model.json` (or `train card.yaml`, which
// brings its target, features and data settings): loads the data, picks the learner, trains it
// with progress on a terminal, warns of leaks by name, saves it whole, and summarises.

import { Command } from 'commander';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMissingAt } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import { type DataSettings, dataSettingsOf } from '../data/data-settings.js';
import { loadFrame } from '../data/load.js';
import { scanForLeaks } from '../evaluate/leak-scan.js';
import { vouchedFeatures } from '../frame/vouched-features.js';
import type { Card } from '../frame/card.js';
import { isCardPath } from '../frame/card-file.js';
import { positiveClassIndex } from '../frame/decision-defaults.js';
import { loadProblem, type Problem } from '../frame/problem.js';
import { FramewiseError } from '../core/errors.js';
import { prefixedProgress, type ProgressSink } from '../core/progress.js';
import { cardDataSettings, type DecisionPackage, DECISION_PACKAGE_VERSION, policyFromCard } from '../registry/decision-package.js';
import type { FittedModel, Prediction } from '../learn/estimator.js';
import { FittedGbdt } from '../learn/gbdt/fitted-gbdt.js';
import { FittedIsolationForest } from '../learn/iforest/fitted-iforest.js';
import { FittedKMeans } from '../learn/kmeans/fitted-kmeans.js';
import { FittedLogistic } from '../learn/linear/logistic.js';
import { saveModel } from '../learn/model-io.js';
import { buildLineage } from '../registry/lineage.js';
import { checkModelName } from '../registry/model-ref.js';
import { registerFitted, trainingMetrics } from '../registry/register-model.js';
import { DEFAULT_REGISTRY_DIR } from '../registry/sqlite-store.js';
import { userInfo } from 'node:os';
import { refuseToReplace, writeAtomically } from './atomic-write.js';
import { addDataOptions, type DataFlags, loadOptionsFrom } from './data-options.js';
import { assessedKMeansParams, clusterShares } from './train-kmeans.js';
import { refuseUntrainable } from './train-refusals.js';
import { checkModelKind, chooseEstimator, type Choice, delimiterFrom, MODEL_KIND_HELP, MODEL_KINDS, readTarget, targetColumnNames } from './estimator-choice.js';
import { describePrediction, rowsOf, scoreAgainstTarget } from './prediction-score.js';
import { predictInBatches } from '../learn/predict-batches.js';
import { action } from './run-command.js';
import { formatNumber } from './table.js';
import { terminalProgress } from './terminal-progress.js';
import { framewiseVersion } from './version.js';

interface TrainFlags extends DataFlags {
  readonly target?: string;
  readonly model: string;
  readonly param: string[];
  readonly out: string;
  readonly force?: boolean;
  readonly register?: string;
  readonly registry: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function trainCommand(): Command {
  const command = new Command('train')
    .description('train a model on a data file (or a problem card) and save it as JSON')
    .argument('<data>', 'a CSV, TSV, Parquet, JSON (array of records) or NDJSON file, or a problem card (.yaml) naming its data, target, features and data settings')
    .option('--target <column>', 'the column to predict; several 0/1 columns (a,b,c) or a column of label sets ("x|y") train a multi-label model')
    .option('--model <kind>', `the learner: ${MODEL_KINDS.join(', ')} (below)`, 'gbdt')
    .option('--param <name=value>', "set a hyperparameter of the learner (repeatable); a wrong name or value lists the learner's parameters", collect, [])
    .requiredOption('--out <file>', 'where to save the model (.json)')
    .option('--force', 'replace --out if it exists; with --register, register even if the columns differ from the latest version (recorded)')
    .option('--register <name>', 'also register the model in the registry under NAME, with its lineage (and, from a card, the card and its data settings)')
    .option('--registry <dir>', 'the registry folder for --register', DEFAULT_REGISTRY_DIR)
    .addHelpText('after', `\nModels:\n${MODEL_KINDS.map((k) => `  ${k.padEnd(9)}${MODEL_KIND_HELP[k]}`).join('\n')}\n\nExample:\n  framewise train examples/penguins.csv --target species --model forest --param n_estimators=200 --out penguins.json`);
  addDataOptions(command);
  command.action(
    action(async (input: string, flags: TrainFlags) => {
      const kind = checkModelKind(flags.model);
      refuseToReplace(flags.out, flags.force === true);
      if (flags.register !== undefined) checkModelName(flags.register);
      const progress = terminalProgress();
      const source = await trainingSource(input, flags, progress);
      const reading = readTarget(source.frame, source.target, delimiterFrom(flags.param));
      // From a card, k-means takes the k (and settings) the assessment chooses for that card, not the learner's default.
      const assessed = kind === 'kmeans' ? await assessedKMeansParams(source.problem, flags.param, progress) : null;
      if (assessed !== null) process.stderr.write(`${assessed.note}\n`);
      const choice = chooseEstimator(kind, source.frame, reading, [...flags.param, ...(assessed?.assignments ?? [])]);
      // A row without a target teaches nothing: it is left out, and the summary says so.
      const { frame, unlabelled } = reading.kind === 'column' && kind !== 'kmeans' && kind !== 'iforest' ? labelledRows(source.frame, reading.name) : { frame: source.frame, unlabelled: 0 };
      // Unsupervised learners leave out a single named target themselves; several are dropped here.
      const fitFrame = choice.fitTarget === undefined && choice.targetColumns.length > 0 ? frame.drop(choice.targetColumns) : frame;
      // Nothing to learn from, or nothing to tell apart: refused before a model file is written.
      const targetWarning = refuseUntrainable(fitFrame, reading, choice, source.problem?.cardPath ?? input, delimiterFrom(flags.param)) ?? source.problem?.targetWarning ?? null;
      if (targetWarning !== null) process.stderr.write(`warning: ${targetWarning}\n`);
      const started = performance.now();
      const model = await choice.estimator.fit(fitFrame, choice.fitTarget, { progress });
      const seconds = (performance.now() - started) / 1000;
      await writeAtomically(flags.out, (temporary) => saveModel(model, temporary));
      // A batch at a time, with the rows done on a terminal: the training rows may be millions.
      const prediction = await predictInBatches(model, fitFrame, { progress: prefixedProgress(progress, 'Scoring the training rows') });
      const target = choice.targetColumns.length === 0 ? undefined : choice.fitTarget ?? choice.targetColumns.join(',');
      // The leakage check assess runs: a feature that alone predicts the target is named before anyone relies on the model.
      if (choice.fitTarget !== undefined && (model.task === 'binary' || model.task === 'multiclass' || model.task === 'regression')) {
        progress.start('Checking each feature for a leak');
        const suspects = await scanForLeaks({
          frame: fitFrame,
          target: choice.fitTarget,
          task: model.task,
          features: model.signature.features.map((f) => f.name),
          timeColumn: source.problem?.timeColumn ?? null,
          ...(source.problem?.card.decision?.positiveClass === undefined ? {} : { positiveClass: source.problem.card.decision.positiveClass }),
          ...(source.problem ? { vouched: vouchedFeatures(source.problem.card, source.problem.rules, source.problem.features) } : {}),
        });
        progress.stop();
        for (const s of suspects) process.stderr.write(`warning: a leak? ${s.message}${source.problem === null ? ` If not, leave it out (or write a card with \`framewise init\` and mark it availableAtPrediction: false) and train from the card.` : ' If not, mark it availableAtPrediction: false in the card.'}\n`);
      }
      process.stdout.write(renderTrainSummary({ dataPath: input, out: flags.out, frame, unlabelled, model, choice, prediction, seconds, target, settings: source.settings, cardLeftOut: source.problem?.leftOut.filter((l) => l.name !== target) ?? [] }));
      if (flags.register !== undefined) {
        // Fingerprints, the training profile and sample read every row: named while they run.
        progress.start(`Registering the model as '${flags.register}'`);
        const metrics = trainingMetrics(prediction, fitFrame, choice.fitTarget);
        const card = source.problem?.card ?? null;
        // The data settings (a card's, or the flags') and the card's policy travel with the version,
        // so predict, monitor and retrain read new data the same way; the promise holds only
        // training-set metrics (named training_*), never presented as held-out ones.
        const decision: DecisionPackage = {
          version: DECISION_PACKAGE_VERSION,
          data: source.settings,
          policy: model instanceof FittedKMeans ? { kind: 'model-output', k: model.clusterCount, source: 'default' } : policyFromCard(model.task, card, positiveClassOf(prediction, card)),
          promise: { metrics, value: null, positiveRate: null, rows: fitFrame.rowCount, ...(prediction.kind === 'clustering' && model instanceof FittedKMeans ? { clusterShares: clusterShares(prediction.clusters, model.clusterCount) } : {}) },
          business: card?.business ?? {},
        };
        const lineage = { ...buildLineage({ frame: fitFrame, model, framewiseVersion: framewiseVersion(), metrics, card: source.problem?.cardText ?? null }), decision };
        const version = registerFitted({ dir: flags.registry, name: flags.register, model, lineage, trainingFrame: fitFrame, force: flags.force === true, by: userInfo().username });
        progress.stop();
        process.stdout.write(`Registered ${version.name}@${version.version} in ${flags.registry}${version.forcedReason === null ? '' : ` (${version.forcedReason})`}${card === null ? '' : ', with the card and its data settings'}\n`);
        process.stdout.write(`Predict with it: framewise predict ${version.name}@${version.version} <data>${flags.registry === DEFAULT_REGISTRY_DIR ? '' : ` --registry ${flags.registry}`} --out predictions.csv\n`);
      }
    }),
  );
  return command;
}

interface TrainingSource {
  readonly frame: Frame;
  readonly target: string | undefined;
  /** The data settings the file was read with (the card's, or the flags'). */
  readonly settings: DataSettings;
  /** The framed problem when training from a card. */
  readonly problem: Problem | null;
}

/**
 * A card (.yaml/.yml) gives the data file, its settings, the target and the features (its
 * include/exclude and `availableAtPrediction: false` exclusions applied); a data file gives the
 * columns as they are, with --target.
 */
async function trainingSource(input: string, flags: TrainFlags, progress: ProgressSink): Promise<TrainingSource> {
  if (!isCardPath(input)) {
    const options = loadOptionsFrom(flags);
    const loaded = await loadFrame(input, { ...options, progress, requiredColumns: targetColumnNames(flags.target) });
    return { frame: loaded.frame, target: flags.target, settings: dataSettingsOf(options), problem: null };
  }
  if (flags.target !== undefined || flags.sql !== undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `--target and --sql go with a data file; '${input}' is a problem card, which names them itself.`, {
      hint: "Edit the card's `target` and `data.sql`, or pass the data file instead of the card.",
      location: { field: flags.target !== undefined ? '--target' : '--sql' },
    });
  }
  const problem = await loadProblem({ card: input, progress });
  const targets = problem.target === null ? [] : typeof problem.target === 'string' ? [problem.target] : [...problem.target];
  const frame = problem.frame.select([...problem.features, ...targets]);
  return { frame, target: targets.length === 0 ? undefined : targets.join(','), settings: cardDataSettings(problem.card), problem };
}

/** The positive class a binary model decides on: the card's, else the one the server would pick. */
function positiveClassOf(prediction: Prediction, card: Card | null): string | null {
  if (prediction.kind !== 'classification' || prediction.classes.length !== 2) return null;
  return prediction.classes[positiveClassIndex(prediction.classes, card)]!;
}

/** The rows whose target is present; when none is, all rows, for the learner to refuse clearly. */
function labelledRows(frame: Frame, target: string): { frame: Frame; unlabelled: number } {
  const column = frame.column(target);
  const keep: number[] = [];
  for (let i = 0; i < frame.rowCount; i++) if (!isMissingAt(column, i)) keep.push(i);
  if (keep.length === frame.rowCount || keep.length === 0) return { frame, unlabelled: 0 };
  return { frame: frame.take(keep), unlabelled: frame.rowCount - keep.length };
}

interface TrainSummary {
  readonly dataPath: string;
  readonly out: string;
  readonly frame: Frame;
  /** Rows left out because their target is missing. */
  readonly unlabelled: number;
  readonly model: FittedModel;
  readonly choice: Choice;
  readonly prediction: Prediction;
  readonly seconds: number;
  readonly target: string | undefined;
  /** The settings the training data was read with; new data needs them too. */
  readonly settings: DataSettings;
  /** Columns the card left out (excluded, unavailable at prediction time, id, time), with why. */
  readonly cardLeftOut?: readonly { readonly name: string; readonly reason: string }[];
}

const MAX_NAMES = 12;

export function renderTrainSummary(s: TrainSummary): string {
  const { model, frame } = s;
  const features = model.signature.features.map((f) => f.name);
  const ignored = model.signature.ignored;
  const lines: string[] = [];
  lines.push(`Trained ${model.estimator} on ${s.dataPath}`);
  lines.push(`  task       ${model.task}: ${s.choice.reason}`);
  const classes = classesOf(s.prediction);
  if (classes !== undefined) lines.push(`  ${(s.prediction.kind === 'multilabel' ? 'labels' : 'classes').padEnd(11)}${listNames(classes)}`);
  lines.push(`  rows       ${formatNumber(frame.rowCount)}${s.unlabelled > 0 ? ` (${formatNumber(s.unlabelled)} more left out: their '${s.target}' is missing)` : ''}`);
  lines.push(`  features   ${features.length} used: ${listNames(features)}`);
  if (ignored.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const c of ignored) byReason.set(c.reason, [...(byReason.get(c.reason) ?? []), c.name]);
    lines.push(`  left out   ${ignored.length}: ${[...byReason].map(([reason, names]) => `${listNames(names)} (${reason})`).join('; ')}`);
  }
  const byCard = s.cardLeftOut ?? [];
  if (byCard.length > 0) lines.push(`  card       left out ${byCard.map((c) => `${c.name} (${c.reason})`).join('; ')}`);
  lines.push(`  time       ${s.seconds.toFixed(s.seconds < 10 ? 2 : 1)} s`);
  const score = s.target === undefined ? undefined : scoreAgainstTarget(s.prediction, frame, s.target, model);
  if (score !== undefined) lines.push(`  training   training-set ${score}${model.task === 'clustering' ? '' : ' (optimistic, on the rows it learned from; not a held-out score: run `framewise assess` for one)'}`);
  for (const line of modelDetails(model, s.prediction)) lines.push(`  ${line}`);
  lines.push(`  saved      ${s.out} (${formatBytes(statSync(s.out).size)})`);
  lines.push(`Predict with: framewise predict ${s.out} <data>${dataFlagsOf(s.settings)} --out predictions.csv`);
  return `${lines.join('\n')}\n`;
}

/** What only this kind of model can say about its training. */
function modelDetails(model: FittedModel, prediction: Prediction): string[] {
  if (model instanceof FittedGbdt) {
    const maxIter = model.params.max_iter;
    const early = model.params.early_stopping;
    const active = early === 'on' || (early === 'auto' && rowsOf(prediction) > 10000);
    const how = !active
      ? `early stopping off${early === 'auto' ? ' (auto turns it on above 10,000 rows)' : ''}`
      : model.rounds < maxIter
        ? `early stopping ended training at round ${model.rounds}`
        : 'early stopping on, the validation loss kept improving';
    return [`rounds     ${model.rounds} of at most ${maxIter}: ${how}`];
  }
  if (model instanceof FittedLogistic) {
    const c = model.convergence;
    return [`solver     ${c.converged ? 'converged' : `did NOT converge (${c.reason}); raise --param max_iter or scale the features`} after ${c.iterations} L-BFGS iterations`];
  }
  if (model instanceof FittedKMeans) {
    return [`clusters   ${model.clusterCount}, inertia ${formatNumber(model.inertia)}; sizes: ${describePrediction(prediction)}`];
  }
  if (model instanceof FittedIsolationForest) {
    return [`anomalies  ${describePrediction(prediction)} at score threshold ${formatNumber(model.threshold)}`];
  }
  return [];
}

function classesOf(prediction: Prediction): readonly string[] | undefined {
  if (prediction.kind === 'classification') return prediction.classes;
  if (prediction.kind === 'multilabel') return prediction.labels;
  return undefined;
}

function listNames(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown}, … and ${names.length - MAX_NAMES} more` : shown;
}

/** The data flags that read new data as the training data was read (empty for the defaults). */
function dataFlagsOf(settings: DataSettings): string {
  const flags: string[] = [];
  if (settings.sql !== null) flags.push(`--sql ${shellQuote(settings.sql)}`);
  if (settings.format !== null) flags.push(`--format ${settings.format}`);
  if (settings.delimiter !== null) flags.push(`--delimiter ${shellQuote(settings.delimiter === '\t' ? '\\t' : settings.delimiter)}`);
  if (!settings.header) flags.push('--no-header');
  if (settings.missing !== null) flags.push(`--missing ${shellQuote(settings.missing.join(','))}`);
  for (const [name, type] of Object.entries(settings.types)) flags.push(`--type ${shellQuote(`${name}=${type}`)}`);
  return flags.map((f) => ` ${f}`).join('');
}

/** A shell word for `text`: double quotes when nothing in it is special to them, else single. */
function shellQuote(text: string): string {
  if (!/["$`\\!]/.test(text)) return `"${text}"`;
  return `'${text.replaceAll("'", "'\\''")}'`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
