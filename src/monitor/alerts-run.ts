// From judged rules to people told: record each rule's state, and for each change (fired or
// resolved) write the log line and POST the webhook. `monitorAlerts` is the one call monitor makes.

import type { MonitoringSpec } from '../frame/card.js';
import { parseCard } from '../frame/card-file.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';
import type { ModelVersion } from '../registry/store.js';
import { decisionPackageOf } from '../registry/decision-package.js';
import { type AlertOutcome, evaluateAlerts, validateAlertRules, withDefaultRules } from './alerts.js';
import { type AlertEventKind, AlertStateStore, type AlertTransition, type DeliveryState } from './alert-state.js';
import type { MonitorResult } from './monitor-run.js';
import { alertLogLine, alertPayload, type PostOptions, postJson, redactUrl, webhookTarget } from './webhook.js';

/** A judged rule with what this run did about it: the event it raised (if any) and its delivery. */
export interface AlertReport extends AlertOutcome {
  readonly event: AlertEventKind | null;
  readonly delivery: Exclude<DeliveryState, 'pending'> | null;
}

export interface AlertRunOptions {
  /** Where alert lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** Where `webhookEnv` is looked up (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Webhook timeout, attempts, backoff, and a signal that stops retrying. */
  readonly post?: PostOptions;
  /** The time the evaluation counts as made (default: now). */
  readonly at?: Date;
}

const stderrLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * The monitoring section of the card a version was registered with, with the default
 * `value-below-promise` rule after the card's rules when its decision package promises a value
 * (undefined without a card, section or default). `framewise serve` judges these on its schedule.
 */
export function registeredMonitoring(version: Pick<ModelVersion, 'name' | 'version' | 'lineage' | 'task'>): MonitoringSpec | undefined {
  const text = version.lineage.card;
  const monitoring = text === null ? undefined : parseCard(text, `the card of '${version.name}'@${version.version}`).monitoring;
  return withDefaultRules(monitoring, decisionPackageOf(version));
}

/**
 * Records the outcomes of one evaluation and tells people about each change: a log line always,
 * and a POST to the webhook when one is set. Delivery failures are logged and recorded, never thrown.
 */
export async function notifyOutcomes(
  states: AlertStateStore,
  model: { readonly name: string; readonly version: number },
  outcomes: readonly AlertOutcome[],
  monitoring: MonitoringSpec | undefined,
  options: AlertRunOptions = {},
): Promise<AlertReport[]> {
  const log = options.log ?? stderrLine;
  const transitions = states.record(model, outcomes, options.at ?? new Date());
  const deliveries = new Map<string, { event: AlertEventKind; delivery: Exclude<DeliveryState, 'pending'> }>();
  if (transitions.length > 0) {
    const target = webhookTarget(monitoring, options.env ?? process.env);
    if (target.note !== null) log(`framewise alerts: ${target.note}.`);
    for (const t of transitions) deliveries.set(t.outcome.name, { event: t.kind, delivery: await deliver(states, t, target.url, log, options.post) });
  }
  return outcomes.map((o) => {
    const done = deliveries.get(o.name);
    return { ...o, event: done?.event ?? null, delivery: done?.delivery ?? null };
  });
}

async function deliver(states: AlertStateStore, t: AlertTransition, url: string | null, log: (line: string) => void, post: PostOptions | undefined): Promise<Exclude<DeliveryState, 'pending'>> {
  log(alertLogLine(t));
  if (url === null) {
    states.markDelivery(t.id, 'log-only', 0, null);
    return 'log-only';
  }
  const result = await postJson(url, alertPayload(t), post);
  if (result.ok) {
    states.markDelivery(t.id, 'delivered', result.attempts, null);
    return 'delivered';
  }
  log(`framewise alerts: the webhook ${redactUrl(url)} did not take alert ${t.id} (${t.model.name} rule '${t.outcome.name}') after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}: ${result.error ?? 'no reason given'}. It stays in the log and in alert_events.`);
  states.markDelivery(t.id, 'failed', result.attempts, result.error);
  return 'failed';
}

/**
 * The alerts of one `framewise monitor` run: the rules of `monitoring` (default: the card the
 * version was registered with) and the default `value-below-promise` rule (when the version's
 * decision package promises a value) judged on `result`, each change recorded in the registry's
 * serving database and notified once. Returns the judged rules for monitor.json's `alerts`; [] without rules.
 * A rule that can never resolve against the model is a CARD_INVALID error.
 */
export async function monitorAlerts(registry: string, result: MonitorResult, monitoring?: MonitoringSpec, options: AlertRunOptions = {}): Promise<AlertReport[]> {
  let spec = monitoring;
  let version: ModelVersion;
  const store = SqliteModelStore.open(registry);
  try {
    version = store.get({ name: result.model.name, version: result.model.version });
  } finally {
    store.close();
  }
  // The default value rule follows the card's own (it is already there when read from the registry).
  spec = withDefaultRules(spec ?? registeredMonitoring(version), decisionPackageOf(version));
  if (spec?.alerts === undefined || spec.alerts.length === 0) return [];
  validateAlertRules(spec, version, monitoring === undefined ? `the card of '${version.name}'@${version.version}` : 'the card');
  const outcomes = evaluateAlerts(spec, result);
  const states = AlertStateStore.open(registry);
  try {
    return await notifyOutcomes(states, { name: version.name, version: version.version }, outcomes, spec, options);
  } finally {
    states.close();
  }
}
