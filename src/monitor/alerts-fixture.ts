// Shared by the alert tests: a registry holding a small boosted model of the penguins' sex,
// registered with a card whose monitoring section the test writes, and current windows as CSV.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../core/paths.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { buildLineage } from '../registry/lineage.js';
import { registerFitted } from '../registry/register-model.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { ModelVersion } from '../registry/store.js';

export interface AlertRegistry {
  readonly dir: string;
  readonly version: ModelVersion;
  readonly frame: Frame;
}

/** The card text: the penguins' sex as target, `monitoring` (YAML lines, unindented) under it, then `extra` top-level YAML. */
export function alertCardText(monitoring: string, extra = ''): string {
  const body = monitoring
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `data:\n  file: penguins.csv\ntarget: sex\nmonitoring:\n${body}\n${extra.trim() === '' ? '' : `${extra.trim()}\n`}`;
}

/** Trains the model (10 rounds) on the 333 penguins with a known sex and registers it as 'sex' (champion). */
export async function alertRegistry(monitoring: string, extra = '', dir: string = mkdtempSync(join(tmpdir(), 'framewise-alerts-'))): Promise<AlertRegistry> {
  const { frame: all } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const sex = all.column('sex') as { codes: Int32Array };
  const frame = all.drop(['year']).take(Array.from({ length: all.rowCount }, (_, i) => i).filter((i) => sex.codes[i]! >= 0));
  const model = await new Gbdt({ max_iter: 10 }).fit(frame, 'sex');
  const card = alertCardText(monitoring, extra);
  const version = registerFitted({ dir, name: 'sex', model, lineage: buildLineage({ frame, model, framewiseVersion: '0.0.0', card }), trainingFrame: frame, force: false, by: 'test' });
  const store = SqliteModelStore.open(dir);
  try {
    store.setAlias('sex', 'champion', version.version, 'test', 'first model');
  } finally {
    store.close();
  }
  return { dir, version, frame };
}

/**
 * Writes the penguins CSV (rows with a known sex) to `path`, with `body_mass_g` raised by `shift`
 * grams in the first `shifted` rows: 4000 g puts a penguin far above any seen in training (6300 g).
 * Without labels the `sex` column is left out, as in a window before feedback arrives.
 */
export function writePenguinWindow(path: string, shifted: number, shift = 4000, withLabels = true): string {
  const lines = readFileSync(fromRoot('examples', 'penguins.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!;
  const keep = (cells: string[]): string[] => (withLabels ? cells : cells.filter((_, j) => j !== sexAt));
  const massAt = header.split(',').indexOf('body_mass_g');
  const sexAt = header.split(',').indexOf('sex');
  const rows = lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[sexAt] !== 'NA')
    .map((cells, i) => {
      if (i < shifted) cells[massAt] = String(Number(cells[massAt]) + shift);
      return keep(cells).join(',');
    });
  writeFileSync(path, `${keep(header.split(',')).join(',')}\n${rows.join('\n')}\n`);
  return path;
}
