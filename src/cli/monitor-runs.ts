// Every `monitor` run kept, in the same layout as the brief's (core/run-folder.ts): each run's
// files go into OUT/runs/<UTC time>/, written whole, and are then copied to OUT itself, so
// OUT/monitor.html is always the newest run and no earlier run is ever written again.

import { closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { abandonRun, publishLatest, startRun } from '../core/run-folder.js';

export interface WrittenRun {
  /** The run's own folder, never written again. */
  readonly dir: string;
  /** The stable folder holding the newest run's files. */
  readonly latest: string;
}

/** Writes one run's files into `out/runs/<time>/` and copies them to `out` as the latest. */
export function writeRun(out: string, at: Date, files: readonly { readonly name: string; readonly content: string }[]): WrittenRun {
  const run = startRun(out, at);
  try {
    for (const file of files) {
      const path = join(run.dir, file.name);
      writeFileSync(path, file.content);
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  } catch (error) {
    abandonRun(run);
    throw error;
  }
  publishLatest(run);
  return { dir: run.dir, latest: out };
}
