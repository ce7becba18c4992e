// An alert as the JSON a webhook receives and as the line the log gets, and its delivery: POST
// with a timeout and a few retries with backoff; a failure is returned and logged, never thrown.

import type { MonitoringSpec } from '../frame/card.js';
import { shortNumber } from './alerts.js';
import type { AlertTransition } from './alert-state.js';

export const ALERT_PAYLOAD_VERSION = 1;

/** The body POSTed to the webhook (docs/alerts.md documents each field). */
export interface AlertPayload {
  readonly kind: 'framewise.alert';
  readonly version: typeof ALERT_PAYLOAD_VERSION;
  /** `firing` when a rule turns breached, `resolved` when it turns ok again. */
  readonly event: 'firing' | 'resolved';
  /** The event's id in the registry's alert history. */
  readonly id: number;
  /** `name@version`. */
  readonly model: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly rule: string;
  readonly metric: string;
  readonly value: number | null;
  readonly threshold: number;
  readonly direction: 'above' | 'below';
  readonly window: string;
  readonly rows: number;
  readonly state: 'breached' | 'ok';
  readonly message: string;
  readonly at: string;
  readonly breachedSince: string;
  /** One line for a chat message: plain text, no links. */
  readonly summary: string;
}

export function alertSummary(t: AlertTransition): string {
  const o = t.outcome;
  const head = `${t.kind === 'firing' ? 'ALERT' : 'RESOLVED'} ${t.model.name}@${t.model.version} rule '${o.name}'`;
  if (t.kind === 'firing') return `${head}: ${o.metric} ${o.value === null ? 'has no value' : `is ${shortNumber(o.value)}`}, ${o.direction} the limit ${shortNumber(o.threshold)} over ${o.window} (${o.rows} rows).`;
  return `${head}: ${o.metric} ${o.value === null ? 'is back' : `is ${shortNumber(o.value)}`}, within the limit again (${o.direction} ${shortNumber(o.threshold)} alerts); breached since ${t.breachedSince}.`;
}

export function alertPayload(t: AlertTransition): AlertPayload {
  const o = t.outcome;
  return {
    kind: 'framewise.alert',
    version: ALERT_PAYLOAD_VERSION,
    event: t.kind,
    id: t.id,
    model: `${t.model.name}@${t.model.version}`,
    modelName: t.model.name,
    modelVersion: t.model.version,
    rule: o.name,
    metric: o.metric,
    value: o.value,
    threshold: o.threshold,
    direction: o.direction,
    window: o.window,
    rows: o.rows,
    state: t.kind === 'firing' ? 'breached' : 'ok',
    message: o.message,
    at: t.at,
    breachedSince: t.breachedSince,
    summary: alertSummary(t),
  };
}

/** The line the log gets for every alert, webhook or not: the judgement with the window it covers. */
export function alertLogLine(t: AlertTransition): string {
  const head = `${t.at} framewise ${t.kind === 'firing' ? 'ALERT' : 'RESOLVED'} ${t.model.name}@${t.model.version} rule '${t.outcome.name}'`;
  return t.kind === 'firing' ? `${head}: ${t.outcome.message}` : `${head}: ${t.outcome.message} Breached since ${t.breachedSince}.`;
}

/**
 * A URL fit for a log: scheme, host and port only. Userinfo and query strings hold credentials,
 * and so do the paths of many chat webhooks, so the path shows as `/…`.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname !== '/' && parsed.pathname !== '' ? '/…' : '';
    return `${parsed.protocol}//${parsed.host}${path}${parsed.search !== '' ? '?…' : ''}`;
  } catch {
    return '(an unparsable URL)';
  }
}

export interface WebhookTarget {
  /** The URL to POST to, or null for log-only alerts. */
  readonly url: string | null;
  /** A problem worth logging (e.g. the named environment variable is unset), never holding the URL. */
  readonly note: string | null;
}

/** The card's `webhook`, else the URL in the environment variable `webhookEnv` names. */
export function webhookTarget(monitoring: MonitoringSpec | undefined, env: Readonly<Record<string, string | undefined>> = process.env): WebhookTarget {
  if (monitoring?.webhook !== undefined) return { url: monitoring.webhook, note: null };
  const name = monitoring?.webhookEnv;
  if (name === undefined) return { url: null, note: null };
  const value = env[name]?.trim();
  if (value === undefined || value === '') return { url: null, note: `the card names webhookEnv ${name}, which is not set: alerts go to the log only` };
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { url: null, note: `${name} does not hold an http(s) URL: alerts go to the log only` };
  } catch {
    return { url: null, note: `${name} does not hold a URL: alerts go to the log only` };
  }
  return { url: value, note: null };
}

export interface PostOptions {
  /** Per attempt (default 5 s). */
  readonly timeoutMs?: number;
  /** Attempts in all (default 3). */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled each time after (default 500 ms). */
  readonly backoffMs?: number;
  /** Stops waiting and retrying (e.g. the server shutting down). */
  readonly signal?: AbortSignal;
}

export interface PostResult {
  readonly ok: boolean;
  readonly attempts: number;
  /** The last HTTP status, when there was an answer. */
  readonly status: number | null;
  /** What went wrong, with no URL in it. */
  readonly error: string | null;
}

export const WEBHOOK_TIMEOUT_MS = 5000;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Whether another attempt may succeed: no answer, a timeout, 408, 429 or a server error. */
function retryable(status: number | null): boolean {
  return status === null || status === 408 || status === 429 || status >= 500;
}

function describe(error: unknown, url: string): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const text = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : `${error.message}${cause}`) : String(error);
  // Errors rarely quote the URL, but a secret in it must never reach a log.
  return text.split(url).join(redactUrl(url));
}

/** fetch refuses URLs with credentials: `user:password@` becomes a Basic Authorization header. */
function withBasicAuth(url: string): { target: string; headers: Record<string, string> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { target: url, headers: {} };
  }
  if (parsed.username === '' && parsed.password === '') return { target: url, headers: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { target: parsed.toString(), headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}

/** POSTs `body` as JSON; resolves with how it went and never rejects. */
export async function postJson(url: string, body: unknown, options: PostOptions = {}): Promise<PostResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let status: number | null = null;
  let error: string | null = null;
  let made = 0;
  const text = JSON.stringify(body);
  const { target, headers } = withBasicAuth(url);
  const stopped = (): boolean => options.signal?.aborted === true;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep((options.backoffMs ?? 500) * 2 ** (i - 1), options.signal);
    if (stopped()) break;
    made++;
    try {
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal === undefined ? [] : [options.signal])];
      const res = await fetch(target, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'framewise-alerts' }, body: text, signal: AbortSignal.any(signals), redirect: 'error' });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: made, status, error: null };
      error = `HTTP ${res.status}`;
    } catch (caught) {
      status = null;
      error = describe(caught, url);
    }
    if (!retryable(status)) break;
  }
  return { ok: false, attempts: made, status, error: stopped() ? `${error === null ? 'not sent' : error}; stopped` : error };
}
