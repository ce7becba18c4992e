// Output folders that keep every run: each run writes into ROOT/runs/<UTC time>/ (a fresh folder,
// never an existing one), and when it is complete its files are copied to ROOT itself, so ROOT's
// own files are always the latest run whole while earlier runs stay untouched under ROOT/runs/.

import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { FramewiseError } from './errors.js';

/*
 * Why copies at ROOT rather than a `latest` symlink or a `latest/` folder: a symlink needs
 * privileges on Windows and breaks when ROOT is copied or zipped; a `latest/` folder would move
 * every path people already use (`framewise-out/<name>/brief.html`, `monitor/monitor.html`).
 * Copies work on any OS and keep those paths true; the files are small beside their value.
 */

/** The folder under ROOT that holds one folder per run. */
export const RUNS_FOLDER = 'runs';
/** ROOT's record of which run its own files were copied from, and which files those are. */
export const LATEST_FILE = 'latest.json';

export interface RunFolder {
  /** The folder given by the user (or the default), e.g. `framewise-out/churn`. */
  readonly root: string;
  /** This run's own folder, e.g. `framewise-out/churn/runs/2026-12-07T16-40-12Z`. */
  readonly dir: string;
  /** The folder's name: the run's start in UTC, safe in file names on every OS. */
  readonly id: string;
}

export interface LatestRecord {
  /** The run the files at ROOT were copied from, relative to ROOT (`runs/<id>`). */
  readonly run: string;
  readonly id: string;
  /** The files copied, relative to ROOT, with `/` separators. */
  readonly files: readonly string[];
}

/** `2026-12-07T16:40:12.345Z` → `2026-12-07T16-40-12Z`: sorts by time and has no `:` (refused on Windows). */
export function runId(at: Date): string {
  return `${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

/**
 * Makes a new, empty folder for one run under ROOT/runs/. Two runs started in the same second
 * get `…Z`, `…Z-2`, `…Z-3`: the folder is created exclusively, so a run never writes into another's.
 */
export function startRun(root: string, at: Date = new Date()): RunFolder {
  const runs = join(root, RUNS_FOLDER);
  try {
    mkdirSync(runs, { recursive: true });
  } catch (error) {
    throw new FramewiseError('INVALID_ARGUMENT', `Cannot create the output folder '${runs}': ${(error as Error).message}.`, {
      hint: 'Choose an --out folder you can write to.',
      location: { file: root, field: '--out' },
    });
  }
  const base = runId(at);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = join(runs, id);
    try {
      mkdirSync(dir);
      return { root, dir, id };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Copies every file of a finished run to its ROOT, each written whole (temporary name, fsync,
 * rename), removes files that the previous latest run had and this one does not (a stale
 * model.json must not sit beside a brief that chose no model), and records ROOT/latest.json last.
 * Returns the path at ROOT of each file, keyed by its path inside the run.
 */
export function publishLatest(run: RunFolder): ReadonlyMap<string, string> {
  const files = listFiles(run.dir);
  const previous = readLatest(run.root);
  const paths = new Map<string, string>();
  for (const file of files) {
    const target = join(run.root, file);
    mkdirSync(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${file.split('/').pop()}.${process.pid}.tmp`);
    copyFileSync(join(run.dir, file), temporary);
    syncFile(temporary);
    renameSync(temporary, target);
    paths.set(file, target);
  }
  for (const stale of previous?.files ?? []) {
    if (!paths.has(stale) && !stale.startsWith(`${RUNS_FOLDER}/`) && stale !== LATEST_FILE && !stale.split('/').includes('..')) rmSync(join(run.root, stale), { force: true });
  }
  const record: LatestRecord = { run: `${RUNS_FOLDER}/${run.id}`, id: run.id, files };
  const latest = join(run.root, LATEST_FILE);
  const temporary = join(run.root, `.${LATEST_FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  syncFile(temporary);
  renameSync(temporary, latest);
  return paths;
}

/** The record of ROOT's latest run, or null when ROOT has none (never written, or by an older version). */
export function readLatest(root: string): LatestRecord | null {
  const path = join(root, LATEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LatestRecord>;
    if (typeof parsed.run !== 'string' || typeof parsed.id !== 'string' || !Array.isArray(parsed.files)) return null;
    return { run: parsed.run, id: parsed.id, files: parsed.files.filter((f): f is string => typeof f === 'string') };
  } catch {
    // A damaged record only loses the stale-file clean-up; the runs themselves are intact.
    return null;
  }
}

/** The run folders under ROOT, oldest first. */
export function listRuns(root: string): RunFolder[] {
  const runs = join(root, RUNS_FOLDER);
  if (!existsSync(runs)) return [];
  return readdirSync(runs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(compareRunIds)
    .map((id) => ({ root, dir: join(runs, id), id }));
}

/** Orders `…Z`, `…Z-2`, `…Z-10` by time, then by their number. */
function compareRunIds(a: string, b: string): number {
  const [ta, na] = splitId(a);
  const [tb, nb] = splitId(b);
  return ta < tb ? -1 : ta > tb ? 1 : na - nb;
}

function splitId(id: string): [string, number] {
  const m = /^(.*Z)-(\d+)$/.exec(id);
  return m ? [m[1]!, Number(m[2])] : [id, 1];
}

/** Every file under `dir`, relative to it with `/` separators, skipping temporary files. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.tmp') && !entry.name.endsWith('.partial')) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes a run that failed before it was published: its files are partial, and no earlier run is touched. */
export function abandonRun(run: RunFolder): void {
  rmSync(run.dir, { recursive: true, force: true });
}
