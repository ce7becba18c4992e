// Every `monitor` run kept: each run's files go into their own dated folder under --out, written
// whole (a hidden folder renamed into place), and `latest/` beside them is a whole copy of the
// newest run. A copy, not a symbolic link: links need extra rights on Windows and some file
// shares and zip tools drop them; a folder opens the same on every OS (DIR/latest/monitor.html).

import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LATEST_FOLDER = 'latest';

/** A folder name for a run at `at`: ISO time in UTC to the second, with `-` for `:` (Windows refuses colons), e.g. 2026-12-07T16-40-12Z. */
export function runFolderName(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}

export interface WrittenRun {
  /** The run's own folder, never written again. */
  readonly dir: string;
  /** The stable path to the newest run's files. */
  readonly latest: string;
}

/**
 * Writes one run's files into `out/<time>/` (with `-2`, `-3`, ... when a run of the same second
 * exists) and replaces `out/latest/` with a copy of it. Nothing in an earlier run's folder is touched.
 */
export function writeRun(out: string, at: Date, files: readonly { readonly name: string; readonly content: string }[]): WrittenRun {
  mkdirSync(out, { recursive: true });
  const stamp = runFolderName(at);
  const staging = join(out, `.${stamp}.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    for (const file of files) writeFileSync(join(staging, file.name), file.content);
    let dir = join(out, stamp);
    for (let n = 2; existsSync(dir); n++) dir = join(out, `${stamp}-${n}`);
    renameSync(staging, dir);
    return { dir, latest: publishLatest(out, dir) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Makes `out/latest/` a copy of `dir`: the copy is made under a hidden name and renamed into place,
 * so `latest/` never holds a mix of two runs (between the two renames it is briefly absent).
 */
function publishLatest(out: string, dir: string): string {
  const latest = join(out, LATEST_FOLDER);
  const fresh = join(out, `.${LATEST_FOLDER}.${process.pid}.tmp`);
  const old = join(out, `.${LATEST_FOLDER}.${process.pid}.old`);
  rmSync(fresh, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
  cpSync(dir, fresh, { recursive: true });
  if (existsSync(latest)) renameSync(latest, old);
  renameSync(fresh, latest);
  rmSync(old, { recursive: true, force: true });
  return latest;
}
