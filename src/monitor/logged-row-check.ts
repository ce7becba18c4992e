// Whether a logged row's inputs can be read with the model's types: monitoring reads the window's
// inputs as one table, where a single value of the wrong kind (a date an older server logged as
// "+275760-09-13T00:00:00.000Z", a string for a number) would refuse the whole window. Such rows
// are skipped and counted with the log's unreadable records instead.

import type { InputSignature } from '../learn/estimator.js';
import { readTypeOf } from '../learn/signature.js';
import { EARLIEST_TIME_MS, isoTimeOf, LATEST_TIME_MS } from '../serve/request-values.js';

/** Whether a value fits the type a feature is read as (null, or absent, for missing). */
function fits(storage: ReturnType<typeof readTypeOf>, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (storage) {
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'categorical':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'text':
      return typeof value === 'string';
    case 'datetime': {
      if (typeof value !== 'string') return false;
      const read = isoTimeOf(value);
      return 'ms' in read && read.ms >= EARLIEST_TIME_MS && read.ms <= LATEST_TIME_MS;
    }
  }
}

/** A check of logged inputs against a signature, its per-feature types worked out once. */
export function loggedInputsCheck(signature: InputSignature): (inputs: Record<string, unknown>) => boolean {
  const features = signature.features.map((f) => [f.name, readTypeOf(f)] as const);
  return (inputs) => {
    for (const [name, storage] of features) if (!fits(storage, Object.hasOwn(inputs, name) ? inputs[name] : undefined)) return false;
    return true;
  };
}
