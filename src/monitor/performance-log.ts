// Reads a window of the server's prediction log (ids, times, inputs and each decision as taken),
// the labels fed back for it (the latest per prediction wins; labels for ids never logged are
// counted, not used) and the policy in force: the one set on the server, else the registered package's.

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FramewiseError } from '../core/errors.js';
import type { CostMatrix, DecisionPolicy, PolicySource } from '../registry/decision-package.js';
import { policyInForce } from '../registry/policy-in-force.js';
import type { InputSignature } from '../learn/estimator.js';
import { PredictionLogReader, unreadableNote } from '../serve/log-reader.js';
import { SERVE_DB_FILE } from '../serve/serve-db.js';
import { type LoggedClassDecision, loggedClassDecisionOf } from './class-decisions-taken.js';
import { loggedInputsCheck } from './logged-row-check.js';

export interface LoggedRows {
  readonly ids: readonly string[];
  /** Prediction time of each row, ms since the epoch. */
  readonly times: Float64Array;
  /** Each row's logged input object as JSON text. */
  readonly inputs: readonly string[];
  /** Each row's decision as the server took it (a binary threshold decision), else null. */
  readonly decisions: readonly (LoggedDecision | null)[];
  /** Each row's multiclass decision as the server took it (expected-value or the served class), else null. */
  readonly classDecisions: readonly (LoggedClassDecision | null)[];
  /**
   * Logged rows since the window start that could not be read and were skipped: records of any
   * model whose bytes are missing or damaged, and this version's rows whose inputs do not fit its types.
   */
  readonly unreadable: number;
}

/** A binary decision as logged: the threshold it was taken at, the class it acts on and the class decided. */
export interface LoggedDecision {
  readonly threshold: number;
  readonly positiveClass: string;
  readonly label: string;
  /** Where the server's threshold came from (a package policy's source or `serving-policy`), when logged. */
  readonly source: string | null;
}

/** The threshold decision of a log line's `decision` member, or null for other decisions (or none). */
function thresholdDecisionOf(decision: unknown): LoggedDecision | null {
  if (typeof decision !== 'object' || decision === null) return null;
  const d = decision as { kind?: unknown; threshold?: unknown; positiveClass?: unknown; label?: unknown; source?: unknown };
  if (d.kind !== 'threshold' || typeof d.threshold !== 'number' || typeof d.positiveClass !== 'string' || typeof d.label !== 'string') return null;
  return { threshold: d.threshold, positiveClass: d.positiveClass, label: d.label, source: typeof d.source === 'string' ? d.source : null };
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

/**
 * The logged predictions of one version since `since` (ISO), in time order. With the version's
 * signature, a row whose inputs do not fit its types is skipped and counted (see logged-row-check.ts).
 */
export function readLoggedRows(registry: string, name: string, version: number, since: string, signature?: InputSignature): LoggedRows {
  const db = openLog(registry);
  const reader = new PredictionLogReader(db, registry);
  const fits = signature === undefined ? undefined : loggedInputsCheck(signature);
  let misfits = 0;
  try {
    const rows: { id: string; at: string; ms: number; inputs: string; decision: LoggedDecision | null; classDecision: LoggedClassDecision | null }[] = [];
    for (const entry of reader.entries(since)) {
      if (entry.model !== name || entry.version !== version) continue;
      // The reader yields whole JSON records only.
      const line = JSON.parse(entry.line) as { inputs: unknown; decision?: unknown };
      const inputs = line.inputs;
      if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs) || (fits !== undefined && !fits(inputs as Record<string, unknown>))) {
        misfits++;
        continue;
      }
      rows.push({ id: entry.id, at: entry.at, ms: Date.parse(entry.at), inputs: JSON.stringify(inputs), decision: thresholdDecisionOf(line.decision), classDecision: loggedClassDecisionOf(line.decision) });
    }
    const unreadable = reader.unreadable + misfits;
    if (rows.length === 0) {
      const skipped = unreadable === 0 ? '' : ` it could read (${unreadableNote(unreadable, 'the window')})`;
      throw new FramewiseError('NO_DATA_ROWS', `The prediction log holds no predictions of '${name}'@${version} since ${since}${skipped}.`, { hint: 'Pick an earlier --since, or check the model and version the server answered with.', location: { file: serveDbPath(registry) } });
    }
    // Batches are read in the order they began; rows of batches written side by side by two servers are put in time order here (a stable sort).
    rows.sort((a, b) => a.ms - b.ms);
    return { ids: rows.map((r) => r.id), times: Float64Array.from(rows, (r) => r.ms), inputs: rows.map((r) => r.inputs), decisions: rows.map((r) => r.decision), classDecisions: rows.map((r) => r.classDecision), unreadable };
  } finally {
    reader.close();
    db.close();
  }
}

/** Joins the feedback to the window's prediction ids. */
export function joinFeedback(registry: string, since: string, ids: readonly string[]): FeedbackJoin {
  const db = openLog(registry);
  const reader = new PredictionLogReader(db, registry);
  try {
    const window = new Set(ids);
    const latest = new Map<string, string>();
    let feedbackRows = 0;
    let superseded = 0;
    let unknownIds = 0;
    const known = new Map<string, boolean>();
    for (const f of db.prepare('SELECT prediction_id AS id, label, at FROM feedback ORDER BY at, rowid').iterate() as IterableIterator<{ id: string; label: string; at: string }>) {
      if (window.has(f.id)) {
        feedbackRows++;
        if (latest.has(f.id)) superseded++;
        latest.set(f.id, f.label);
      } else if (f.at >= since) {
        let logged = known.get(f.id);
        if (logged === undefined) known.set(f.id, (logged = reader.has(f.id)));
        if (!logged) unknownIds++;
      }
    }
    return { labels: ids.map((id) => latest.get(id) ?? null), feedbackRows, superseded, unknownIds };
  } finally {
    reader.close();
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

/** The decision policy monitoring values and counts decisions at, and where it came from. */
export interface MonitorPolicy {
  readonly kind: DecisionPolicy['kind'];
  /** The threshold on the positive class's probability (binary threshold policies), else null. */
  readonly threshold: number | null;
  readonly positiveClass: string | null;
  /** Regression: the boundary decisions are counted and valued at (moved on the server or registered); absent for other policies. */
  readonly boundary?: number | null;
  /** The package policy's source, or `serving` when a policy was set on the server. */
  readonly source: PolicySource;
  /** The policy and its source in words, e.g. "threshold 0.17 on 'yes' (the brief's threshold with the most value)". */
  readonly description: string;
  /** Multi-label: each label's threshold (label-thresholds policies only). */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** expected-value policies: the cost matrix each row is decided by, costMatrix[actual][decided] (absent for other kinds). */
  readonly costMatrix?: CostMatrix;
}

/**
 * The policy the server applies now: the one set for the model with `PUT /v1/models/NAME/policy`
 * (serving.sqlite, table `policy`), else the registered decision package's policy.
 */
export function currentPolicy(registry: string, name: string, packaged: DecisionPolicy, task?: string): MonitorPolicy {
  const inForce = policyInForce(registry, name, packaged, task);
  const p = inForce.policy;
  const positiveClass = p.kind === 'threshold' && p.positiveClass !== '' ? p.positiveClass : null;
  return { kind: p.kind, threshold: p.kind === 'threshold' ? p.threshold : null, positiveClass, ...(p.kind === 'number' ? { boundary: p.boundary } : {}), source: p.source, description: inForce.description, ...(p.kind === 'label-thresholds' ? { thresholds: p.thresholds } : {}), ...(p.kind === 'expected-value' ? { costMatrix: p.costMatrix } : {}) };
}
