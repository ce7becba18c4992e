// Prediction drift and training-serving skew: the model's outputs on its training sample set
// against its outputs on the current window (a data file, or the inputs the server answered).

import type { ProgressSink } from '../core/progress.js';
import { predictInBatches } from '../learn/predict-batches.js';
import type { Column } from '../data/column.js';
import type { Frame } from '../data/frame.js';
import type { FittedModel, Prediction } from '../learn/estimator.js';
import { type FeatureDrift, predictionDrift } from './drift-report.js';

export interface PredictionComparison {
  /** The drift test on the outputs, or null when the model could not predict one side. */
  readonly drift: FeatureDrift | null;
  /** Why there is no test, when there is none. */
  readonly note: string | null;
}

/** The output the drift test compares: scores for numbers and anomalies, predicted classes for classes. */
function outputColumn(prediction: Prediction): Column | null {
  switch (prediction.kind) {
    case 'regression':
      return { kind: 'numeric', name: 'prediction', values: prediction.values };
    case 'classification': {
      const dictionary = [...prediction.classes];
      const index = new Map(dictionary.map((c, i) => [c, i]));
      const codes = Int32Array.from(prediction.labels, (l) => index.get(l) ?? -1);
      return { kind: 'categorical', name: 'prediction', codes, dictionary };
    }
    case 'clustering': {
      const dictionary = [...new Set(prediction.clusters)].sort((a, b) => a - b).map(String);
      const index = new Map(dictionary.map((c, i) => [c, i]));
      return { kind: 'categorical', name: 'prediction', codes: Int32Array.from(prediction.clusters, (c) => index.get(String(c)) ?? -1), dictionary };
    }
    case 'anomaly':
      // The anomaly score, tested as a number: the flagged share at the threshold is watched in anomaly-watch.ts.
      return { kind: 'numeric', name: 'score', values: prediction.scores };
    default:
      return null;
  }
}

/** The model's predictions on a frame, or why it could not make them. */
export type Predicted = { readonly prediction: Prediction; readonly error: null } | { readonly prediction: null; readonly error: string };

export function predictSafely(model: FittedModel, frame: Frame): Predicted {
  try {
    return { prediction: model.predict(frame), error: null };
  } catch (error) {
    return { prediction: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** predictSafely a batch of rows at a time: a window of millions of rows keeps the model's working arrays small and shows its progress. */
export async function predictSafelyInBatches(model: FittedModel, frame: Frame, progress: ProgressSink): Promise<Predicted> {
  try {
    return { prediction: await predictInBatches(model, frame, { progress }), error: null };
  } catch (error) {
    return { prediction: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function outputOf(predicted: Predicted): { column: Column | null; error: string | null } {
  if (predicted.prediction === null) return { column: null, error: predicted.error };
  const column = outputColumn(predicted.prediction);
  return column === null ? { column: null, error: 'its kind of output has no drift test' } : { column, error: null };
}

/** Tests the outputs already made on both sides with the default test for their kind. */
export function compareOutputs(reference: Predicted, current: Predicted, currentRows: number): PredictionComparison {
  if (currentRows === 0) return { drift: null, note: 'the current window has no rows' };
  const ref = outputOf(reference);
  if (ref.column === null) return { drift: null, note: `the model could not predict its reference sample: ${ref.error}` };
  const cur = outputOf(current);
  if (cur.column === null) return { drift: null, note: `the model could not predict the current rows: ${cur.error}` };
  try {
    return { drift: predictionDrift(ref.column, cur.column), note: null };
  } catch (error) {
    return { drift: null, note: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the model on both frames and tests its outputs with the default test for their kind. */
export function comparePredictions(model: FittedModel, reference: Frame, current: Frame): PredictionComparison {
  if (current.rowCount === 0) return { drift: null, note: 'the current window has no rows' };
  return compareOutputs(predictSafely(model, reference), predictSafely(model, current), current.rowCount);
}
