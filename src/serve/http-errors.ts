// The one table that maps FramewiseError codes to HTTP statuses, and the error body every route
// answers with: code, message, hint and, for a rejected request, every issue by row and field.

import { type ErrorCode, FramewiseError } from '../core/errors.js';

/** One problem found in a request, located by row (when it is about a row) and field. */
export interface RequestIssue {
  readonly row?: number;
  readonly field: string;
  readonly problem: string;
}

// A code missing here (added by another stage later) answers 500 until it gets its line.
const STATUS: Readonly<Partial<Record<ErrorCode, number>>> = {
  FILE_NOT_FOUND: 500,
  FILE_UNREADABLE: 500,
  FILE_EMPTY: 500,
  NO_DATA_ROWS: 400,
  UNKNOWN_FORMAT: 400,
  CSV_RAGGED_ROW: 400,
  CSV_UNTERMINATED_QUOTE: 400,
  CSV_INVALID: 400,
  JSON_INVALID: 400,
  PARQUET_INVALID: 400,
  SQL_INVALID: 400,
  SQL_REFUSED: 400,
  COLUMN_NOT_FOUND: 400,
  DUPLICATE_COLUMN: 400,
  TARGET_ALL_MISSING: 400,
  TYPE_OVERRIDE_INVALID: 400,
  CARD_INVALID: 400,
  INVALID_ARGUMENT: 400,
  INVALID_PARAMETER: 400,
  SCHEMA_MISMATCH: 400,
  MODEL_FORMAT: 500,
  REGISTRY_UNREADABLE: 503,
  ARTIFACT_CORRUPT: 500,
  REUSE_REFUSED: 409,
  MODEL_NOT_FOUND: 404,
  REQUEST_INVALID: 400,
  REQUEST_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  ROUTE_NOT_FOUND: 404,
  NO_USABLE_FEATURES: 400,
  TARGET_CONSTANT: 400,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  URL_INVALID: 400,
  SERVER_DRAINING: 503,
  LOG_UNAVAILABLE: 503,
  NOT_READY: 503,
  PORT_IN_USE: 500,
  SERVE_DB_UNREADABLE: 503,
  INTERNAL: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** A FramewiseError that also carries the request's issues. */
export class RequestError extends FramewiseError {
  readonly issues: readonly RequestIssue[];
  constructor(code: ErrorCode, message: string, issues: readonly RequestIssue[], hint?: string) {
    super(code, message, hint === undefined ? {} : { hint });
    this.issues = issues;
  }
}

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly hint?: string;
    readonly issues?: readonly RequestIssue[];
  };
}

/** Fastify's own errors (bad JSON, body too large, wrong media type) as FramewiseErrors. */
function fromFastify(error: { code?: unknown; message?: unknown; statusCode?: unknown }): FramewiseError | undefined {
  const code = typeof error.code === 'string' ? error.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new FramewiseError('REQUEST_TOO_LARGE', 'The request body is larger than the server accepts.', {
      hint: 'Send fewer rows per request, or start the server with a larger --body-limit.',
    });
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new FramewiseError('REQUEST_INVALID', 'The request body must be JSON.', { hint: 'Send Content-Type: application/json.' });
  }
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new FramewiseError('REQUEST_INVALID', 'The request body is empty.', { hint: 'Send a JSON object.' });
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && (error as { statusCode?: unknown }).statusCode === 400)) {
    return new FramewiseError('REQUEST_INVALID', `The request body is not valid JSON: ${String(error.message)}`, { hint: 'Check the body with a JSON validator.' });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new FramewiseError('REQUEST_INVALID', String(error.message));
  }
  return undefined;
}

/** String.prototype.toWellFormed (ES2024, in Node 20) under the ES2023 library the build uses. */
const toWellFormed = (String.prototype as unknown as { toWellFormed: (this: string) => string }).toWellFormed;

/**
 * An error text as valid Unicode: a field name quoted from a request may hold a lone surrogate,
 * which strict JSON parsers refuse even as an escape, so the client could not read the error.
 */
function wellFormed(text: string): string {
  return toWellFormed.call(text);
}

/** The status and body for anything a handler threw; unknown errors become INTERNAL (no details leak). */
export function errorReply(error: unknown): { status: number; body: ErrorBody } {
  let fw: FramewiseError;
  if (error instanceof FramewiseError) fw = error;
  else {
    const mapped = typeof error === 'object' && error !== null ? fromFastify(error as { code?: unknown }) : undefined;
    fw = mapped ?? new FramewiseError('INTERNAL', 'The server hit an unexpected problem.');
  }
  const issues = fw instanceof RequestError ? fw.issues.map((i) => ({ ...i, field: wellFormed(i.field), problem: wellFormed(i.problem) })) : undefined;
  return {
    status: httpStatusOf(fw.code),
    body: {
      error: {
        code: fw.code,
        message: wellFormed(fw.message),
        ...(fw.hint === undefined ? {} : { hint: wellFormed(fw.hint) }),
        ...(issues === undefined ? {} : { issues }),
      },
    },
  };
}
