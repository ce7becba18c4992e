// Once per breach: each (model, rule)'s last judged state kept in the registry's serving database,
// so only ok→breached fires and breached→ok resolves, across restarts and processes.

import { openServeDb, type ServeDb } from '../serve/serve-db.js';
import type { AlertOutcome } from './alerts.js';

export type AlertEventKind = 'firing' | 'resolved';
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'log-only';

/** A change of a rule's state worth telling someone about. */
export interface AlertTransition {
  /** Row id in `alert_events`. */
  readonly id: number;
  readonly kind: AlertEventKind;
  readonly model: { readonly name: string; readonly version: number };
  readonly outcome: AlertOutcome;
  readonly at: string;
  /** When the breach began (for a resolution, the breach that ended). */
  readonly breachedSince: string;
}

export interface AlertStateRow {
  readonly model: string;
  readonly rule: string;
  readonly state: 'ok' | 'breached';
  readonly version: number;
  readonly since: string;
  readonly checkedAt: string;
  readonly value: number | null;
}

export interface AlertEventRow {
  readonly id: number;
  readonly at: string;
  readonly model: string;
  readonly version: number;
  readonly rule: string;
  readonly kind: AlertEventKind;
  readonly value: number | null;
  readonly message: string;
  readonly delivery: DeliveryState;
  readonly attempts: number;
  readonly deliveryError: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS alert_state (
    model TEXT NOT NULL, rule TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('ok', 'breached')),
    version INTEGER NOT NULL, since TEXT NOT NULL, checked_at TEXT NOT NULL, value REAL,
    PRIMARY KEY (model, rule));
  CREATE TABLE IF NOT EXISTS alert_events (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, model TEXT NOT NULL, version INTEGER NOT NULL, rule TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('firing', 'resolved')), metric TEXT NOT NULL, value REAL, threshold REAL NOT NULL,
    direction TEXT NOT NULL, rule_window TEXT NOT NULL, rows INTEGER NOT NULL, message TEXT NOT NULL, breached_since TEXT NOT NULL,
    delivery TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, delivery_error TEXT);
  CREATE INDEX IF NOT EXISTS alert_events_model ON alert_events(model, rule, id);
`;

interface StateRecord {
  state: 'ok' | 'breached';
  since: string;
}

/** The alert tables in `<registry>/serving.sqlite`, shared by `framewise serve` and `framewise monitor`. */
export class AlertStateStore {
  private constructor(private readonly db: ServeDb) {
    db.exec(SCHEMA);
  }

  /**
   * Opens (creating when needed) the serving database of a registry folder, with the server's own
   * tables too: a file made by `monitor` alone must read as an empty prediction log, not a broken one.
   * WAL and a busy timeout let the server write its log to the same file meanwhile.
   */
  static open(registry: string): AlertStateStore {
    return new AlertStateStore(openServeDb(registry));
  }

  /**
   * Records one evaluation of a model's rules and returns the transitions to notify: a rule that
   * turns breached fires once; a breached rule that turns ok resolves; a rule that cannot be
   * judged (too few rows, unknown metric) keeps its state. The read and write are one IMMEDIATE
   * transaction, so two processes judging the same rule never both fire.
   */
  record(model: { readonly name: string; readonly version: number }, outcomes: readonly AlertOutcome[], at: Date = new Date()): AlertTransition[] {
    const when = at.toISOString();
    const read = this.db.prepare('SELECT state, since FROM alert_state WHERE model = ? AND rule = ?');
    const upsert = this.db.prepare(
      `INSERT INTO alert_state (model, rule, state, version, since, checked_at, value) VALUES (@model, @rule, @state, @version, @since, @at, @value)
       ON CONFLICT(model, rule) DO UPDATE SET state = excluded.state, version = excluded.version, since = excluded.since, checked_at = excluded.checked_at, value = excluded.value`,
    );
    const touch = this.db.prepare('UPDATE alert_state SET checked_at = ? WHERE model = ? AND rule = ?');
    const insertEvent = this.db.prepare(
      `INSERT INTO alert_events (at, model, version, rule, kind, metric, value, threshold, direction, rule_window, rows, message, breached_since)
       VALUES (@at, @model, @version, @rule, @kind, @metric, @value, @threshold, @direction, @window, @rows, @message, @breachedSince)`,
    );
    const run = this.db.transaction((): AlertTransition[] => {
      const transitions: AlertTransition[] = [];
      for (const outcome of outcomes) {
        const previous = read.get(model.name, outcome.name) as StateRecord | undefined;
        if (outcome.state !== 'breached' && outcome.state !== 'ok') {
          if (previous !== undefined) touch.run(when, model.name, outcome.name);
          continue;
        }
        const changed = previous === undefined || previous.state !== outcome.state;
        const since = changed ? when : previous.since;
        upsert.run({ model: model.name, rule: outcome.name, state: outcome.state, version: model.version, since, at: when, value: outcome.value });
        // A first judgement of ok is the quiet start, not a recovery.
        const kind: AlertEventKind | null = outcome.state === 'breached' ? (changed ? 'firing' : null) : previous?.state === 'breached' ? 'resolved' : null;
        if (kind === null) continue;
        const breachedSince = kind === 'firing' ? when : previous!.since;
        const id = Number(
          insertEvent.run({
            at: when,
            model: model.name,
            version: model.version,
            rule: outcome.name,
            kind,
            metric: outcome.metric,
            value: outcome.value,
            threshold: outcome.threshold,
            direction: outcome.direction,
            window: outcome.window,
            rows: outcome.rows,
            message: outcome.message,
            breachedSince,
          }).lastInsertRowid,
        );
        transitions.push({ id, kind, model: { name: model.name, version: model.version }, outcome, at: when, breachedSince });
      }
      return transitions;
    });
    return run.immediate();
  }

  /** Notes how an event's delivery went (the event itself is never sent again). */
  markDelivery(id: number, delivery: Exclude<DeliveryState, 'pending'>, attempts: number, error: string | null): void {
    this.db.prepare('UPDATE alert_events SET delivery = ?, attempts = ?, delivery_error = ? WHERE id = ?').run(delivery, attempts, error, id);
  }

  /** The current state of each rule of a model (or of all models). */
  states(model?: string): AlertStateRow[] {
    const sql = `SELECT model, rule, state, version, since, checked_at AS checkedAt, value FROM alert_state${model === undefined ? '' : ' WHERE model = ?'} ORDER BY model, rule`;
    return (model === undefined ? this.db.prepare(sql).all() : this.db.prepare(sql).all(model)) as AlertStateRow[];
  }

  /** The alert history, oldest first. */
  events(model?: string): AlertEventRow[] {
    const sql = `SELECT id, at, model, version, rule, kind, value, message, delivery, attempts, delivery_error AS deliveryError FROM alert_events${model === undefined ? '' : ' WHERE model = ?'} ORDER BY id`;
    return (model === undefined ? this.db.prepare(sql).all() : this.db.prepare(sql).all(model)) as AlertEventRow[];
  }

  close(): void {
    this.db.close();
  }
}
