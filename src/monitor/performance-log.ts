// Reads a window of the server's prediction log (ids, times, inputs), the labels fed back for it
// (the latest per prediction wins; labels for ids never logged are counted, not used) and the
// decision threshold currently set for the model.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import { SERVE_DB_FILE } from '../serve/serve-db.js';

export interface LoggedRows {
  readonly ids: readonly string[];
  /** Prediction time of each row, ms since the epoch. */
  readonly times: Float64Array;
  /** Each row's logged input object as JSON text. */
  readonly inputs: readonly string[];
}

export interface FeedbackJoin {
  /** The label of each logged row (latest feedback), or null when none arrived. */
  readonly labels: readonly (string | null)[];
  /** Feedback rows for the window's predictions. */
  readonly feedbackRows: number;
  /** Feedback rows replaced by a later one for the same prediction. */
  readonly superseded: number;
  /** Feedback rows (since the window start) for prediction ids the log does not hold. */
  readonly unknownIds: number;
}

export function serveDbPath(registry: string): string {
  return join(registry, SERVE_DB_FILE);
}

function openLog(registry: string): Database.Database {
  const path = serveDbPath(registry);
  if (!existsSync(path)) {
    throw new FramewiseError('FILE_NOT_FOUND', `There is no prediction log in '${registry}'.`, { hint: 'Serve the model with `framewise serve --registry DIR` first, or pass --current FILE.', location: { file: path } });
  }
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** The logged predictions of one version since `since` (ISO), in time order. */
export function readLoggedRows(registry: string, name: string, version: number, since: string): LoggedRows {
  const db = openLog(registry);
  try {
    const rows = db.prepare(`SELECT id, at, inputs FROM predictions WHERE model = ? AND version = ? AND at >= ? AND inputs LIKE '{%' ORDER BY at, rowid`).all(name, version, since) as { id: string; at: string; inputs: string }[];
    if (rows.length === 0) {
      throw new FramewiseError('NO_DATA_ROWS', `The prediction log holds no predictions of '${name}'@${version} since ${since}.`, { hint: 'Pick an earlier --since, or check the model and version the server answered with.', location: { file: serveDbPath(registry) } });
    }
    return { ids: rows.map((r) => r.id), times: Float64Array.from(rows, (r) => Date.parse(r.at)), inputs: rows.map((r) => r.inputs) };
  } finally {
    db.close();
  }
}

/** Joins the feedback table to the window's prediction ids. */
export function joinFeedback(registry: string, name: string, version: number, since: string, ids: readonly string[]): FeedbackJoin {
  const db = openLog(registry);
  try {
    const rows = db
      .prepare('SELECT f.prediction_id AS id, f.label AS label FROM feedback f JOIN predictions p ON p.id = f.prediction_id WHERE p.model = ? AND p.version = ? AND p.at >= ? ORDER BY f.at, f.rowid')
      .all(name, version, since) as { id: string; label: string }[];
    const latest = new Map<string, string>();
    let superseded = 0;
    for (const r of rows) {
      if (latest.has(r.id)) superseded++;
      latest.set(r.id, r.label);
    }
    const unknownIds = db.prepare('SELECT COUNT(*) FROM feedback f WHERE f.at >= ? AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.id = f.prediction_id)').pluck().get(since) as number;
    return { labels: ids.map((id) => latest.get(id) ?? null), feedbackRows: rows.length, superseded, unknownIds };
  } finally {
    db.close();
  }
}

/** Notes a reader should see about the join: ignored and replaced feedback. */
export function feedbackNotes(join: FeedbackJoin): string[] {
  const notes: string[] = [];
  if (join.unknownIds > 0) notes.push(`${join.unknownIds} feedback row(s) name prediction ids the log does not hold; they were ignored.`);
  if (join.superseded > 0) notes.push(`${join.superseded} feedback row(s) were replaced by a later label for the same prediction (the latest label counts).`);
  return notes;
}

/**
 * The threshold the server applies now: the policy set for the model in serving.sqlite, else the
 * card's decision.threshold, else 0.5. Null for a policy that is not a threshold (top-k).
 */
export function currentThreshold(registry: string, name: string, cardThreshold: number | undefined): { readonly threshold: number | null; readonly source: 'policy' | 'card' | 'default' } {
  const path = serveDbPath(registry);
  if (existsSync(path)) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'policy'").get() !== undefined;
      const text = hasTable ? (db.prepare('SELECT policy FROM policy WHERE name = ?').pluck().get(name) as string | undefined) : undefined;
      if (text !== undefined) {
        const policy = JSON.parse(text) as { kind?: string; threshold?: number };
        return { threshold: policy.kind === 'threshold' && typeof policy.threshold === 'number' ? policy.threshold : null, source: 'policy' };
      }
    } finally {
      db.close();
    }
  }
  return cardThreshold === undefined ? { threshold: 0.5, source: 'default' } : { threshold: cardThreshold, source: 'card' };
}
