// The one error type framewise raises for anything a user can fix: a closed set of codes,
// a message that quotes the offending name or value, and a hint that says what to do.

export type ErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_EMPTY'
  | 'NO_DATA_ROWS'
  | 'UNKNOWN_FORMAT'
  | 'CSV_RAGGED_ROW'
  | 'CSV_UNTERMINATED_QUOTE'
  | 'CSV_INVALID'
  | 'JSON_INVALID'
  | 'PARQUET_INVALID'
  | 'SQL_INVALID'
  | 'SQL_REFUSED'
  | 'COLUMN_NOT_FOUND'
  | 'DUPLICATE_COLUMN'
  | 'TARGET_ALL_MISSING'
  | 'TYPE_OVERRIDE_INVALID'
  | 'CARD_INVALID'
  | 'INVALID_ARGUMENT'
  | 'INVALID_PARAMETER'
  | 'SCHEMA_MISMATCH'
  | 'MODEL_FORMAT'
  | 'REGISTRY_UNREADABLE'
  | 'ARTIFACT_CORRUPT'
  | 'REUSE_REFUSED'
  | 'MODEL_NOT_FOUND'
  | 'REQUEST_INVALID'
  | 'REQUEST_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'ROUTE_NOT_FOUND'
  | 'NO_USABLE_FEATURES'
  | 'TARGET_CONSTANT'
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  | 'URL_INVALID'
  | 'SERVER_DRAINING'
  | 'LOG_UNAVAILABLE'
  | 'NOT_READY'
  | 'PORT_IN_USE'
  | 'SERVE_DB_UNREADABLE'
  | 'INTERNAL';

/** Where in the user's input the problem is, as far as it is known. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;
  readonly field?: string;
}

export interface FramewiseErrorOptions {
  readonly hint?: string;
  readonly location?: ErrorLocation;
  readonly cause?: unknown;
}

export interface FramewiseErrorJson {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  readonly location?: ErrorLocation;
}

export class FramewiseError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, options: FramewiseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FramewiseError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }

  toJSON(): FramewiseErrorJson {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.location === undefined ? {} : { location: this.location }),
    };
  }
}

export function isFramewiseError(value: unknown): value is FramewiseError {
  return value instanceof FramewiseError;
}
