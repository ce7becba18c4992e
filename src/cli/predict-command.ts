// `framewise predict <model> <data>`: loads a saved model and a data file read with the model's
// column types, and writes the rows with their predictions as CSV or JSON (stdout by default).

import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { FramewiseError } from '../core/errors.js';
import { type LoadedData, loadFrame, type LoadOptions } from '../data/load.js';
import type { SemanticType } from '../data/semantic-type.js';
import type { FittedModel } from '../learn/estimator.js';
import { readModelFile } from '../learn/model-io.js';
import { readTypeOf } from '../learn/signature.js';
import { refuseToReplace, writeAtomically } from './atomic-write.js';
import { addDataOptions, type DataFlags, loadOptionsFrom } from './data-options.js';
import { describePrediction, modelTarget, scoreAgainstTarget, unseenCategories } from './prediction-score.js';
import { action } from './run-command.js';
import { formatNumber } from './table.js';
import { terminalProgress } from './terminal-progress.js';
import { inputColumns, outputFormatFor, predictionColumns, writeRows, writeRowsToFile } from './write-predictions.js';

interface PredictFlags extends DataFlags {
  readonly out?: string;
  readonly force?: boolean;
}

export function predictCommand(): Command {
  const command = new Command('predict')
    .description('predict with a saved model: writes every input row with its prediction columns')
    .argument('<model>', 'a model file saved by `framewise train`')
    .argument('<data>', 'a CSV, TSV, Parquet, JSON (array of records) or NDJSON file with the columns the model was trained on')
    .option('--out <file>', 'write to this .csv or .json file instead of CSV on stdout')
    .option('--force', 'replace --out if it exists');
  addDataOptions(command);
  command.action(
    action(async (modelPath: string, dataPath: string, flags: PredictFlags) => {
      const format = flags.out === undefined ? 'csv' : outputFormatFor(flags.out);
      if (flags.out !== undefined) refuseToReplace(flags.out, flags.force === true);
      const started = performance.now();
      const model = await readModelFile(modelPath);
      const { frame } = await loadForModel(dataPath, loadOptionsFrom(flags), model);
      const prediction = model.predict(frame);
      const added = predictionColumns(prediction, frame.names);
      const columns = [...inputColumns(frame), ...added];
      if (flags.out === undefined) {
        await writeToStdout(format, columns, frame.rowCount);
        return;
      }
      const out = flags.out;
      await writeAtomically(out, (temporary) => writeRowsToFile(temporary, format, columns, frame.rowCount));
      const target = modelTarget(model);
      const score = target === undefined ? undefined : scoreAgainstTarget(prediction, frame, target, model);
      const lines = [
        `Predicted ${formatNumber(frame.rowCount)} rows of ${dataPath} with ${model.estimator} (${model.task}${target === undefined ? '' : `, target '${target}'`}) → ${out}`,
        `  columns    ${frame.columnCount} input columns, then ${added.map((c) => c.name).join(', ')}`,
        `  predicted  ${describePrediction(prediction)}`,
        ...(score === undefined ? [] : [`  vs '${target}' in the data: ${score}`]),
        ...unseenCategories(frame, model.signature).map((line, i) => `  ${i === 0 ? 'unseen    ' : '          '} ${line}`),
        `  time       ${((performance.now() - started) / 1000).toFixed(2)} s`,
      ];
      process.stderr.write(`${lines.join('\n')}\n`);
    }),
  );
  return command;
}

/**
 * Loads the data with each model column read as the type it had in training (so a column of
 * digits the model saw as categories stays categories). A model column the file lacks is left to
 * the model's own check, which names every mismatched column at once.
 */
async function loadForModel(path: string, options: LoadOptions, model: FittedModel): Promise<LoadedData> {
  const userTypes = options.types ?? {};
  const modelTypes: Record<string, SemanticType> = {};
  for (const feature of model.signature.features) if (userTypes[feature.name] === undefined) modelTypes[feature.name] = readTypeOf(feature);
  const load = (types: Readonly<Record<string, SemanticType>>): Promise<LoadedData> => loadFrame(path, { ...options, types: { ...types, ...userTypes }, progress: terminalProgress() });
  try {
    return await load(modelTypes);
  } catch (error) {
    const column = error instanceof FramewiseError ? error.location?.column : undefined;
    if (!(error instanceof FramewiseError) || column === undefined || modelTypes[column] === undefined) throw error;
    if (error.code === 'COLUMN_NOT_FOUND') return load({});
    if (error.code === 'TYPE_OVERRIDE_INVALID') {
      throw new FramewiseError('SCHEMA_MISMATCH', `'${path}' does not match the column types ${model.estimator} was trained on: ${error.message.replace(/\.$/, '')}, and the model learned '${column}' as ${modelTypes[column]}.`, {
        hint: `Clean that value (e.g. with --sql), or check that '${path}' is the data this model is meant for.`,
        location: { file: path, column, ...(error.location?.row === undefined ? {} : { row: error.location.row }) },
        cause: error,
      });
    }
    throw error;
  }
}

async function writeToStdout(format: 'csv' | 'json', columns: Parameters<typeof writeRows>[2], rows: number): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: that ends the output, it is no error.
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    process.stdout.destroy();
  };
  process.stdout.on('error', onError);
  try {
    await writeRows(process.stdout, format, columns, rows);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  }
  // The listener stays: a pipe may close after the last block was handed over.
}
