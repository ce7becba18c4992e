// A version's artifact on disk: written to a temporary file, flushed to the disk, renamed into
// place and the folder flushed, so that once the call returns the file survives a crash; read
// back with its SHA-256 checked, and a damaged file named.

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FramewiseError } from '../core/errors.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `text` to `path` durably; returns its SHA-256. */
export function writeDurably(path: string, text: string): string {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    throw error;
  }
  syncFolder(folder);
  return sha256(text);
}

function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot flush a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads an artifact and checks it against the SHA-256 recorded at registration. */
export function readArtifact(path: string, expectedSha256: string, label: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FramewiseError('ARTIFACT_CORRUPT', `The artifact of ${label} ${missing ? 'is missing' : 'cannot be read'}: '${path}'${missing ? '' : ` (${(error as Error).message})`}.`, {
      hint: 'The registry folder was changed by hand or copied partly; restore the file from a backup, or register the model again as a new version.',
      location: { file: path },
      cause: error,
    });
  }
  const actual = sha256(text);
  if (actual !== expectedSha256) {
    throw new FramewiseError('ARTIFACT_CORRUPT', `The artifact of ${label} is damaged: '${path}' does not have the content registered (SHA-256 ${actual.slice(0, 12)}…, expected ${expectedSha256.slice(0, 12)}…).`, {
      hint: 'Restore the file from a backup, or register the model again as a new version.',
      location: { file: path },
    });
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new FramewiseError('ARTIFACT_CORRUPT', `The artifact of ${label} is not valid JSON: '${path}'.`, { hint: 'Restore the file from a backup.', location: { file: path }, cause: error });
  }
}
