// Predicts a frame a batch of rows at a time, so a model's working arrays (binned rows, raw
// scores) stay the size of one batch, each batch can be written out before the next is predicted,
// and a terminal shows the rows done; the batches join into one compact Prediction for the summary.

import type { ProgressSink } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import type { Frame } from '../data/frame.js';
import type { FittedModel, Prediction } from './estimator.js';

/** Rows per batch: large enough that per-batch overhead is lost in the work, small enough to stay a few MB. */
export const PREDICT_BATCH_ROWS = 50_000;

export interface PredictBatchesOptions {
  readonly batchRows?: number;
  readonly progress?: ProgressSink;
  /** Called with each batch's rows (a copy), its prediction and the frame row it starts at, in order. */
  readonly each?: (batch: Frame, prediction: Prediction, start: number) => Promise<void> | void;
}

/**
 * The model's prediction of every row of `frame`, made batch by batch. Row-wise models give the
 * same values as one call on the whole frame; the joined result holds numbers in typed arrays and
 * class names shared across rows, never a string made per row.
 */
export async function predictInBatches(model: FittedModel, frame: Frame, options: PredictBatchesOptions = {}): Promise<Prediction> {
  const n = frame.rowCount;
  const size = Math.max(1, Math.floor(options.batchRows ?? PREDICT_BATCH_ROWS));
  if (n <= size) {
    const prediction = model.predict(frame);
    await options.each?.(frame, prediction, 0);
    return prediction;
  }
  const progress = options.progress ?? silentProgress;
  const joined = new PredictionJoiner(n);
  progress.start('Predicting rows', n);
  try {
    for (let start = 0; start < n; start += size) {
      const end = Math.min(n, start + size);
      const batch = frame.take(Int32Array.from({ length: end - start }, (_, i) => start + i));
      const prediction = model.predict(batch);
      joined.add(prediction, start);
      await options.each?.(batch, prediction, start);
      progress.update(end);
    }
  } finally {
    progress.stop();
  }
  return joined.result();
}

/** Copies each batch's prediction into arrays sized for every row, allocated on the first batch. */
class PredictionJoiner {
  private joined: Prediction | null = null;

  constructor(private readonly rows: number) {}

  add(p: Prediction, start: number): void {
    const n = this.rows;
    this.joined ??= allocate(p, n);
    const j = this.joined;
    switch (p.kind) {
      case 'regression':
        (j as typeof p).values.set(p.values, start);
        return;
      case 'classification': {
        const t = j as typeof p;
        t.probabilities.set(p.probabilities, start * p.classes.length);
        const labels = t.labels as string[];
        for (let i = 0; i < p.labels.length; i++) labels[start + i] = p.labels[i]!;
        return;
      }
      case 'multilabel': {
        const t = j as typeof p;
        t.probabilities.set(p.probabilities, start * p.labels.length);
        const sets = t.sets as (readonly string[])[];
        for (let i = 0; i < p.sets.length; i++) sets[start + i] = p.sets[i]!;
        return;
      }
      case 'clustering':
        (j as typeof p).clusters.set(p.clusters, start);
        return;
      case 'anomaly': {
        const t = j as typeof p;
        t.scores.set(p.scores, start);
        t.isAnomaly.set(p.isAnomaly, start);
        return;
      }
    }
  }

  result(): Prediction {
    if (this.joined === null) throw new Error('no batch was predicted');
    return this.joined;
  }
}

function allocate(p: Prediction, n: number): Prediction {
  switch (p.kind) {
    case 'regression':
      return { kind: 'regression', values: new Float64Array(n) };
    case 'classification':
      return { kind: 'classification', classes: p.classes, labels: new Array<string>(n), probabilities: new Float64Array(n * p.classes.length) };
    case 'multilabel':
      return { kind: 'multilabel', labels: p.labels, probabilities: new Float64Array(n * p.labels.length), sets: new Array<readonly string[]>(n) };
    case 'clustering':
      return { kind: 'clustering', clusters: new Int32Array(n) };
    case 'anomaly':
      return { kind: 'anomaly', scores: new Float64Array(n), isAnomaly: new Uint8Array(n) };
  }
}
