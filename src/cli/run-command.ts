// Runs a CLI action so that a user's mistake prints its message and hint (exit code 2) and
// only a genuine bug prints a stack trace (exit code 1).

import { FramewiseError } from '../core/errors.js';

export function reportError(error: unknown, stream: NodeJS.WriteStream = process.stderr): number {
  if (error instanceof FramewiseError && error.code !== 'INTERNAL') {
    stream.write(`error: ${error.message}\n`);
    if (error.hint) stream.write(`hint: ${error.hint}\n`);
    return 2;
  }
  if (error instanceof FramewiseError) {
    stream.write(`error: ${error.message}\n`);
    if (error.hint) stream.write(`hint: ${error.hint}\n`);
    return 1;
  }
  stream.write(`framewise hit an unexpected problem; please report it with the command you ran.\n`);
  stream.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Wraps an async action: sets process.exitCode instead of throwing. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}
