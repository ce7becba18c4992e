// Output files written whole or not at all: refuse to replace a file unless asked (--force),
// write next to it under a temporary name, then rename over the target in one step.

import { existsSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FramewiseError } from '../core/errors.js';

/** Throws when `path` exists and `force` is off, before any slow work begins. */
export function refuseToReplace(path: string, force: boolean, option = '--out'): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    throw new FramewiseError('INVALID_ARGUMENT', `${option} '${path}' is a folder.`, { hint: `Give a file path, e.g. ${option} ${join(path, 'model.json')}.`, location: { file: path } });
  }
  if (!force) {
    throw new FramewiseError('INVALID_ARGUMENT', `${option} '${path}' already exists.`, {
      hint: 'Pass --force to replace it, or choose another path.',
      location: { file: path, field: option },
    });
  }
}

/**
 * Runs `write` on a temporary file beside `path` and renames it into place, so a crash, an error
 * or Ctrl-C never leaves a half-written file at `path`. The temporary file is removed on failure.
 */
export async function writeAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const onSignal = (signal: NodeJS.Signals): void => {
    removeQuietlySync(temporary);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await mkdir(dirname(target), { recursive: true });
    await write(temporary);
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (error instanceof FramewiseError) {
      // Name the user's path, not the temporary one, in whatever the writer reported.
      if (!error.message.includes(temporary)) throw error;
      throw new FramewiseError(error.code, error.message.replaceAll(temporary, path), {
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        location: { ...error.location, file: path },
        cause: error,
      });
    }
    throw new FramewiseError('INVALID_ARGUMENT', `Cannot write '${path}': ${(error as Error).message}.`, {
      hint: 'Choose a path in a folder you can write to.',
      location: { file: path },
      cause: error,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function removeQuietlySync(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created.
  }
}
