// Shared by the server tests: a registry folder with small models trained on the penguins example
// (species: multiclass boosting and a logistic regression; sex: two boosted versions, binary).

import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../core/paths.js';
import type { Frame } from '../data/frame.js';
import { loadFrame } from '../data/load.js';
import type { FittedModel } from '../learn/estimator.js';
import { Gbdt } from '../learn/gbdt/gbdt.js';
import { LogisticRegression } from '../learn/linear/logistic.js';
import { buildLineage } from '../registry/lineage.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import { PredictionLogReader } from './log-reader.js';
import { SERVE_DB_FILE } from './serve-db.js';

export interface PenguinRegistry {
  readonly dir: string;
  readonly store: SqliteModelStore;
  readonly frame: Frame;
}

function register(store: SqliteModelStore, name: string, frame: Frame, model: FittedModel): number {
  const json = model.toJSON() as ReturnType<FittedModel['toJSON']> & Record<string, unknown>;
  return store.register({ name, model: json, lineage: buildLineage({ frame, model, framewiseVersion: '0.0.0' }) }).version;
}

/** Trains and registers the models; `champion` aliases species@1 and sex@1. */
export async function penguinRegistry(): Promise<PenguinRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-'));
  const store = SqliteModelStore.open(dir, { create: true });
  const { frame } = await loadFrame(fromRoot('examples', 'penguins.csv'));
  const species = frame.drop(['year']);
  register(store, 'species', species, await new Gbdt({ max_iter: 15 }).fit(species, 'species'));
  const sexFrame = frame.drop(['year']).take(Array.from({ length: frame.rowCount }, (_, i) => i).filter((i) => frame.column('sex').kind !== 'categorical' || (frame.column('sex') as { codes: Int32Array }).codes[i]! >= 0));
  register(store, 'sex', sexFrame, await new Gbdt({ max_iter: 10 }).fit(sexFrame, 'sex'));
  register(store, 'sex', sexFrame, await new Gbdt({ max_iter: 30, learning_rate: 0.2 }).fit(sexFrame, 'sex'));
  const linear = frame.select(['species', 'bill_length_mm', 'bill_depth_mm']);
  register(store, 'species_linear', linear, await new LogisticRegression().fit(linear, 'species'));
  store.setAlias('species', 'champion', 1, 'test', 'first model');
  store.setAlias('sex', 'champion', 1, 'test', 'first model');
  store.setAlias('species_linear', 'champion', 1, 'test', 'first model');
  return { dir, store, frame };
}

/** A valid request row for the species model (Gentoo-like measurements). */
export const SPECIES_ROW = { island: 'Biscoe', bill_length_mm: 47.5, bill_depth_mm: 15.0, flipper_length_mm: 217, body_mass_g: 5200, sex: 'male' } as const;
/** A valid request row for the sex models. */
export const SEX_ROW = { species: 'Adelie', island: 'Dream', bill_length_mm: 36.0, bill_depth_mm: 17.0, flipper_length_mm: 185, body_mass_g: 3300 } as const;

/** The logged prediction with this id in the registry folder `dir`, waiting (a loaded machine may take a while) for the writer to reach it. */
export async function loggedPrediction(dir: string, id: string): Promise<Record<string, unknown> | undefined> {
  for (let tries = 0; tries < 100; tries++) {
    await new Promise((r) => setTimeout(r, 50));
    const db = new Database(join(dir, SERVE_DB_FILE), { readonly: true });
    const reader = new PredictionLogReader(db, dir);
    try {
      const entry = [...reader.entries()].find((e) => e.id === id);
      if (entry !== undefined) return JSON.parse(entry.line) as Record<string, unknown>;
    } finally {
      reader.close();
      db.close();
    }
  }
  return undefined;
}

/** A reply of the server as tests read it: the status and the parsed JSON body. */
export interface JsonReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response JSON read in tests
}

/** Sends `body` as JSON to `base + path` and reads the JSON reply. */
export async function jsonCall(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonReply> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? null : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
