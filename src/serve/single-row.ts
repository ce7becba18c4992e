// A one-row request answered by a gradient boosting model straight from the request's column
// buffers: no frame check, no Prediction object, encoded by the same code as every other row.

import type { Frame } from '../data/frame.js';
import type { FittedModel } from '../learn/estimator.js';
import { FittedGbdt } from '../learn/gbdt/fitted-gbdt.js';
import { readTypeOf } from '../learn/signature.js';
import type { Policy } from './policy.js';
import { type EncodedRows, encodeRows } from './response-text.js';

/** Per model: its row buffers, or null when the model has no single-row entry point. */
interface RowPlan {
  readonly model: FittedGbdt;
  readonly values: Float64Array;
  readonly out: Float64Array;
  readonly labels: string[];
  /** The column kind predict accepts for each feature (as the signature check wants it). */
  readonly kinds: readonly string[];
}

const plans = new WeakMap<FittedModel, RowPlan | null>();

function planOf(model: FittedModel): RowPlan | null {
  let plan = plans.get(model);
  if (plan === undefined) {
    const features = model.signature.features;
    // The column kind each feature is stored as, which is the type a file column is read as.
    const kinds = features.map(readTypeOf);
    plan = model instanceof FittedGbdt ? { model, values: new Float64Array(features.length), out: new Float64Array(model.classes?.length ?? 1), labels: [''], kinds } : null;
    plans.set(model, plan);
  }
  return plan;
}

/**
 * Row 0 of `frame` (built by parseRows from the model's signature) read as predict would read it
 * into plan.values; false when the frame is laid out otherwise, which leaves it to predict.
 */
function readRow(plan: RowPlan, frame: Frame): boolean {
  const features = plan.model.signature.features;
  const columns = frame.columns;
  if (columns.length !== features.length) return false;
  const values = plan.values;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j]!;
    const f = features[j]!;
    // Anything predict would check and refuse (a text column among them) goes to predict, for its message.
    if (c.name !== f.name || c.kind !== plan.kinds[j]) return false;
    switch (c.kind) {
      case 'numeric':
      case 'datetime':
        values[j] = c.values[0]!;
        break;
      case 'boolean': {
        const v = c.values[0]!;
        values[j] = v < 0 ? Number.NaN : v;
        break;
      }
      case 'categorical': {
        // Codes index the training categories only when the column was built on that very list.
        if (c.dictionary !== f.categories) return false;
        const code = c.codes[0]!;
        values[j] = code < 0 ? Number.NaN : code;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

/**
 * The encoded result of a one-row frame when the model answers single rows directly, the same
 * text encodeRows gives for model.predict(frame); undefined to take the general path.
 */
export function encodeSingleRow(model: FittedModel, frame: Frame, policy: Policy | undefined, positiveIndex: number): EncodedRows | undefined {
  if (frame.rowCount !== 1) return undefined;
  const plan = planOf(model);
  if (plan === null || !readRow(plan, frame)) return undefined;
  const classes = plan.model.classes;
  // Top-k decisions of a multiclass model are written by the general encoder.
  if (classes !== undefined && classes.length > 2 && policy?.kind === 'top-k') return undefined;
  const index = plan.model.predictRowInto(plan.values, plan.out);
  if (plan.model.task === 'regression' || classes === undefined) return encodeRows({ kind: 'regression', values: plan.out }, 1, policy, positiveIndex);
  plan.labels[0] = classes[index]!;
  return encodeRows({ kind: 'classification', classes, labels: plan.labels, probabilities: plan.out }, 1, policy, positiveIndex);
}
