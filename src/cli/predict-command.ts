// `framewise predict <model> <data>`: loads a saved model (a file, or a registered NAME@ALIAS) and
// reads the data as the model's was read (its decision package's data settings, its column types),
// then writes the rows with their predictions, and the decision at the policy in force (the server's,
// else the package's; the same rule per kind as the server), as CSV or JSON.

import { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { FramewiseError } from '../core/errors.js';
import { NO_DATA_SETTINGS, type SettingOverride } from '../data/data-settings.js';
import type { FittedModel, Prediction } from '../learn/estimator.js';
import { loadModel, readModelFile } from '../learn/model-io.js';
import { describeLostCategory, describeOverride, readForModel } from '../learn/read-for-model.js';
import { labelsAsLearned } from '../learn/target.js';
import { readDecisionFileBeside } from '../registry/decision-file.js';
import { type DecisionPackage, type DecisionPolicy, decisionPackageOf, describePolicy } from '../registry/decision-package.js';
import { formatRef, parseModelRef, usedRef } from '../registry/model-ref.js';
import { type PolicyInForce, policyInForce } from '../registry/policy-in-force.js';
import { labelExpectation } from '../registry/reuse-guard.js';
import { DEFAULT_REGISTRY_DIR, SqliteModelStore } from '../registry/sqlite-store.js';
import { refuseToReplace, writeAtomically } from './atomic-write.js';
import { addDataOptions, type DataFlags, typedDataSettings } from './data-options.js';
import { describePrediction, modelTarget, scoreAgainstTarget, unseenCategories } from './prediction-score.js';
import { action } from './run-command.js';
import { formatNumber } from './table.js';
import { terminalProgress } from './terminal-progress.js';
import { expectedValueSummary } from './expected-value-column.js';
import { decisionColumn, inputColumns, type OutputColumn, outputFormatFor, predictionColumns, writeClosing, writeOpening, writeRowRange, writeStreamToFile } from './write-predictions.js';
import { predictInBatches } from '../learn/predict-batches.js';

interface PredictFlags extends DataFlags {
  readonly out?: string;
  readonly force?: boolean;
  readonly registry: string;
  readonly threshold?: string;
}

export function predictCommand(): Command {
  const command = new Command('predict')
    .description('predict with a saved or registered model: writes every input row with its prediction columns (and, with a decision package, the `decision` column at its policy: threshold, top-k, expected-value class, side of a regression boundary, labels at their thresholds, anomaly at a score threshold)')
    .argument('<model>', "a model file saved by `framewise train` or `brief` (its decision.json beside it is read when present), or a registered NAME, NAME@VERSION or NAME@ALIAS")
    .argument('<data>', 'a CSV, TSV, Parquet, JSON (array of records) or NDJSON file with the columns the model was trained on')
    .option('--out <file>', 'write to this .csv or .json file instead of CSV on stdout')
    .option('--force', 'replace --out if it exists')
    .option('--registry <dir>', 'the registry folder a NAME@ALIAS is looked up in', DEFAULT_REGISTRY_DIR)
    .option('--threshold <x>', "decide at this threshold instead of the policy in force (recorded as an override): binary, the positive class's probability; regression, the boundary; anomalies, the score from which a row is flagged");
  addDataOptions(command);
  command.action(
    action(async (modelArg: string, dataPath: string, flags: PredictFlags, cmd: Command) => {
      const format = flags.out === undefined ? 'csv' : outputFormatFor(flags.out);
      if (flags.out !== undefined) refuseToReplace(flags.out, flags.force === true);
      const threshold = flags.threshold === undefined ? undefined : parseThreshold(flags.threshold);
      const started = performance.now();
      const source = await resolveModel(modelArg, flags.registry);
      const { model, pkg } = source;
      const progress = terminalProgress();
      const read = await readForModel(dataPath, {
        registered: pkg?.data ?? NO_DATA_SETTINGS,
        signature: model.signature,
        typed: typedDataSettings(flags, cmd),
        model: source.label,
        onTypeMismatch: 'refuse',
        onSqlMisfit: 'refuse',
        progress,
      });
      // The label, when the file has it, spelled as the model learned its classes ("1.0" is the class "1").
      const expected = labelExpectation(model);
      const frame = expected === undefined ? read.frame : labelsAsLearned(read.frame, expected.name, expected.categories ?? null);
      for (const lost of read.lostCategories) process.stderr.write(`${describeLostCategory(lost, source.label)}\n`);
      // Without a package nothing was registered, so a typed flag overrides nothing.
      const overrides: SettingOverride[] = pkg === null ? [] : [...read.overrides];
      // A registered model decides as the server does: its policy set with PUT wins over the
      // package's (recorded as an override); --threshold wins over both.
      const inForce = source.inForce;
      const serving = threshold === undefined && inForce !== null && inForce.serving !== null;
      if (serving) overrides.push(...inForce.overrides);
      const chosen = decisionPolicy(model, (serving ? inForce.policy : null) ?? pkg?.policy ?? null, threshold, overrides);
      // An anomaly's is_anomaly flags at the policy's score threshold, so it never disagrees with the decision column.
      const outputOf = (p: Prediction): { added: OutputColumn[]; decision: ReturnType<typeof decisionColumn> } => {
        const added = predictionColumns(p, frame.names, chosen?.kind === 'score-threshold' ? chosen.threshold : null);
        return { added, decision: decisionColumn(p, chosen, [...frame.names, ...added.map((c) => c.name)]) };
      };
      const passedOver = threshold !== undefined && inForce?.serving != null ? [`the server's policy (${inForce.description}) is not used: --threshold wins`] : [];
      // The policy as applied: a package made without a positive class names the one decided on.
      const appliedPolicy = (decision: ReturnType<typeof decisionColumn>): DecisionPolicy | null => (chosen?.kind === 'threshold' && decision !== null ? { ...chosen, positiveClass: decision.positive } : chosen);
      const textOf = (policy: DecisionPolicy | null): string => (policy === null ? '' : serving ? `${inForce.description}, for ${source.where}` : `${describePolicy(policy)}${policy.source === 'override' ? '' : `, from ${source.where}`}`);
      const inputs = inputColumns(frame);
      // Rows are predicted and written a batch at a time (predict-batches.ts): the model's working
      // arrays stay one batch large and a terminal shows the rows done.
      const writeAll = async (stream: Writable): Promise<Prediction> => {
        const prediction = await predictInBatches(model, frame, {
          progress,
          each: async (batch, p, start) => {
            const { added, decision } = outputOf(p);
            const shifted = [...added, ...(decision === null ? [] : [decision])].map((c) => ({ name: c.name, at: (r: number) => c.at(r - start) }));
            const columns = [...inputs, ...shifted];
            if (start === 0) {
              // Overrides and the policy go to stderr: stdout may be the predictions themselves.
              const policy = appliedPolicy(decision);
              const notes = [...overrides.map((o) => describeOverride(o, source.where)), ...(policy === null || decision === null ? [] : [`decision: ${textOf(policy)}`]), ...passedOver];
              if (notes.length > 0 && flags.out === undefined) process.stderr.write(`${notes.join('\n')}\n`);
              await writeOpening(stream, format, columns);
            }
            await writeRowRange(stream, format, columns, start, start + batch.rowCount);
          },
        });
        await writeClosing(stream, format, frame.rowCount);
        return prediction;
      };
      if (flags.out === undefined) {
        await writeToStdout(writeAll);
        return;
      }
      const out = flags.out;
      let written: Prediction | undefined;
      await writeAtomically(out, async (temporary) => {
        written = await writeStreamToFile(temporary, writeAll);
      });
      const prediction = written!;
      const { added, decision } = outputOf(prediction);
      const policy = appliedPolicy(decision);
      const policyText = textOf(policy);
      const target = modelTarget(model);
      const score = target === undefined ? undefined : scoreAgainstTarget(prediction, frame, target, model);
      const positives = decision === null ? 0 : countPositive(decision, frame.rowCount);
      const lines = [
        `Predicted ${formatNumber(frame.rowCount)} rows of ${dataPath} with ${source.registered ? `${source.label}, ` : ''}${model.estimator} (${model.task}${target === undefined ? '' : `, target '${target}'`}) → ${out}`,
        `  columns    ${frame.columnCount} input columns, then ${[...added, ...(decision === null ? [] : [decision])].map((c) => c.name).join(', ')}`,
        `  predicted  ${describePrediction(prediction)}`,
        ...(decision === null || policy === null ? [] : [`  decision   ${policyText}${policy.kind === 'expected-value' && added[0] !== undefined ? `: ${expectedValueSummary(decision, added[0], frame.rowCount)}` : decisionCount(policy, positives, frame.rowCount)}`]),
        ...passedOver.map((line) => `  note       ${line}`),
        ...(read.sql === 'registered' ? [`  read       through the registered data.sql, as the training data was`] : []),
        ...overrides.map((o) => `  ${describeOverride(o, source.where)}`),
        ...(score === undefined ? [] : [`  vs '${target}' in the data: ${score}`]),
        ...unseenCategories(frame, model.signature).map((line, i) => `  ${i === 0 ? 'unseen    ' : '          '} ${line}`),
        `  time       ${((performance.now() - started) / 1000).toFixed(2)} s`,
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    }),
  );
  return command;
}

interface ModelSource {
  readonly model: FittedModel;
  readonly pkg: DecisionPackage | null;
  /** How messages name the model, e.g. `'churn'@3` or `model.json`. */
  readonly label: string;
  /** Whether it was looked up in the registry (rather than read from a file). */
  readonly registered: boolean;
  /** Where its package came from, e.g. `the registered version churn@3` or `decision.json`. */
  readonly where: string;
  /** A registered version's policy in force (the server's, else the package's); null for a model file. */
  readonly inForce: PolicyInForce | null;
}

/**
 * A path that exists is a model file (with the decision.json beside it, if any); anything else is
 * a registered NAME, NAME@VERSION or NAME@ALIAS, whose version carries its decision package.
 */
async function resolveModel(arg: string, registry: string): Promise<ModelSource> {
  if (existsSync(arg) || /[\\/]|\.json$/i.test(arg)) {
    const model = await readModelFile(arg);
    const beside = readDecisionFileBeside(arg);
    return { model, pkg: beside?.pkg ?? null, label: arg, registered: false, where: beside?.path ?? 'no decision package', inForce: null };
  }
  const store = SqliteModelStore.open(registry);
  try {
    const version = store.get(usedRef(parseModelRef(arg), store));
    const model = loadModel(store.artifact(version.name, version.version));
    const label = `'${version.name}'@${version.version}`;
    const pkg = decisionPackageOf(version);
    return { model, pkg, label, registered: true, where: `the registered version ${formatRef({ name: version.name, version: version.version })}`, inForce: policyInForce(registry, version.name, pkg.policy, version.task) };
  } finally {
    store.close();
  }
}

/**
 * The policy the `decision` column follows: the one in force, or --threshold over it (recorded):
 * a binary threshold on the positive class's probability (0 to 1), a regression boundary, or an
 * anomaly score threshold.
 */
function decisionPolicy(model: FittedModel, registered: DecisionPolicy | null, threshold: number | undefined, overrides: SettingOverride[]): DecisionPolicy | null {
  if (threshold === undefined) return registered;
  if (model.task === 'regression') {
    const before = registered?.kind === 'number' ? registered.boundary : null;
    overrides.push({ field: 'policy.boundary', registered: before, used: threshold, flag: '--threshold' });
    return { kind: 'number', boundary: threshold, source: 'override' };
  }
  if (model.task === 'anomaly') {
    const before = registered?.kind === 'score-threshold' ? registered.threshold : null;
    overrides.push({ field: 'policy.threshold', registered: before, used: threshold, flag: '--threshold' });
    return { kind: 'score-threshold', threshold, flaggedShare: null, source: 'override' };
  }
  if (model.task !== 'binary') {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold applies to a binary classifier, a regression (its boundary) or an anomaly model (its score); this model's task is ${model.task}.`, {
      hint: 'Leave out --threshold: the decision follows the policy in force for this model.',
      location: { field: '--threshold' },
    });
  }
  if (!(threshold > 0 && threshold < 1)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold must be a probability between 0 and 1 for a binary model, got ${threshold}.`, { hint: 'For example --threshold 0.2.', location: { field: '--threshold' } });
  }
  const before = registered?.kind === 'threshold' ? registered : null;
  overrides.push({ field: 'policy.threshold', registered: before?.threshold ?? null, used: threshold, flag: '--threshold' });
  return { kind: 'threshold', threshold, positiveClass: before?.positiveClass ?? '', source: 'override' };
}

function parseThreshold(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new FramewiseError('INVALID_ARGUMENT', `--threshold must be a number, got '${text}'.`, { hint: 'For example --threshold 0.2 (binary), --threshold 150 (a regression boundary).', location: { field: '--threshold' } });
  }
  return value;
}

/** How many rows the decision counts, in the policy's words: decided positive, above the boundary, flagged. */
function decisionCount(policy: DecisionPolicy, counted: number, rows: number): string {
  const what = policy.kind === 'threshold' ? 'decided positive' : policy.kind === 'number' ? 'above the boundary' : policy.kind === 'score-threshold' ? 'flagged as anomalies' : null;
  return what === null ? '' : `: ${formatNumber(counted)} of ${formatNumber(rows)} rows ${what}`;
}

function countPositive(column: OutputColumn & { readonly positive: string }, rows: number): number {
  let n = 0;
  if (column.positive === '') return 0;
  for (let r = 0; r < rows; r++) if (column.at(r) === column.positive) n++;
  return n;
}

async function writeToStdout(write: (stream: Writable) => Promise<unknown>): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is no error.
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    process.stdout.destroy();
  };
  process.stdout.on('error', onError);
  try {
    await write(process.stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
  // The listener stays: a pipe may close after the last block was handed over.
}
