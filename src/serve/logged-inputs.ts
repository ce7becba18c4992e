// A prediction request's rows as the model read them, for the prediction log: a category is
// spelled as training decided (2, 2.0 and "2.0" of a number-coded column as "2"), a date-time
// as the ISO 8601 text of the instant read. Only requests where the model read some value
// differently from its JSON come here (ParsedRows.reread); the rest are logged as sent, and
// columns the model ignores are kept as they came.

import { type CategoryForm, categoryOf } from '../data/category-form.js';
import type { InputSignature } from '../learn/estimator.js';
import { categoryFormOfFeature, readTypeOf } from '../learn/signature.js';
import { isoTimeOf } from './request-values.js';

/** The value a feature's reader took from `value`, as JSON would carry it. */
function asRead(storage: string, form: CategoryForm, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (storage === 'categorical' && (typeof value === 'number' || typeof value === 'string')) return categoryOf(value, form);
  if (storage === 'datetime') {
    // Read as the request's validation read it (request-values.ts), so the log holds the instant the model saw.
    const read = typeof value === 'string' ? isoTimeOf(value) : undefined;
    const ms = read !== undefined ? ('ms' in read ? read.ms : Number.NaN) : typeof value === 'number' ? value : Number.NaN;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
  }
  return value;
}

/**
 * The body of a validated request (`{ row }` or `{ rows }`), encoded again with every feature's
 * value as the model read it; the shape (`row` or `rows`) is kept, so the log's writer cuts the
 * rows out of it as it does from any body.
 */
export function requestAsRead(body: unknown, signature: InputSignature, single: boolean): string {
  const b = body as { row?: unknown; rows?: unknown[] };
  const rows = single ? [b.row] : (b.rows ?? []);
  const storages = signature.features.map((f) => [f.name, readTypeOf(f), categoryFormOfFeature(f)] as const).filter(([, s]) => s === 'categorical' || s === 'datetime');
  const read = rows.map((row) => {
    const copy = { ...(row as Record<string, unknown>) };
    // Defined, not assigned: a feature named `__proto__` stays an own member.
    for (const [name, storage, form] of storages) if (Object.hasOwn(copy, name)) Object.defineProperty(copy, name, { value: asRead(storage, form, copy[name]), enumerable: true, writable: true, configurable: true });
    return copy;
  });
  return JSON.stringify(single ? { row: read[0] } : { rows: read });
}
