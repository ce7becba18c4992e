// Webhook delivery against a real HTTP server on loopback: the JSON body, retries with backoff on
// 5xx, no retry on 4xx, a timeout on a silent receiver, and secrets kept out of every message.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { AlertTransition } from './alert-state.js';
import { alertLogLine, alertPayload, postJson, redactUrl, webhookTarget } from './webhook.js';

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
  readonly at: number;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** What the receiver answers next, by path: a status, or 'hang' to never answer. */
const script = new Map<string, (number | 'hang')[]>();
const hanging: ServerResponse[] = [];

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, contentType: req.headers['content-type'], authorization: req.headers.authorization, body: JSON.parse(text) as unknown, at: Date.now() });
      const next = script.get(path.split('?')[0]!)?.shift() ?? 200;
      if (next === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(next, { 'content-type': 'text/plain' }).end(next < 300 ? 'ok' : 'no');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

function reset(): void {
  received.length = 0;
  script.clear();
}

const transition: AlertTransition = {
  id: 7,
  kind: 'firing',
  model: { name: 'churn', version: 3 },
  outcome: { name: 'many-ood', metric: 'ood.rate', value: 0.3125, threshold: 0.2, direction: 'above', window: '1d', rows: 160, minRows: 1, state: 'breached', message: 'ood.rate is 0.3125, above the limit 0.2 (160 rows since 2026-11-19T12:00:00.000Z).' },
  at: '2026-11-20T12:00:00.000Z',
  breachedSince: '2026-11-20T12:00:00.000Z',
};

test('the alert arrives as the documented JSON body', async () => {
  reset();
  const result = await postJson(`${base}/hooks/alerts`, alertPayload(transition));
  assert.deepEqual(result, { ok: true, attempts: 1, status: 200, error: null });
  assert.equal(received.length, 1);
  assert.equal(received[0]!.contentType, 'application/json');
  assert.deepEqual(received[0]!.body, {
    kind: 'framewise.alert',
    version: 1,
    event: 'firing',
    id: 7,
    model: 'churn@3',
    modelName: 'churn',
    modelVersion: 3,
    rule: 'many-ood',
    metric: 'ood.rate',
    value: 0.3125,
    threshold: 0.2,
    direction: 'above',
    window: '1d',
    rows: 160,
    state: 'breached',
    message: transition.outcome.message,
    at: '2026-11-20T12:00:00.000Z',
    breachedSince: '2026-11-20T12:00:00.000Z',
    summary: "ALERT churn@3 rule 'many-ood': ood.rate is 0.3125, above the limit 0.2 over 1d (160 rows).",
  });
  assert.doesNotMatch(alertPayload(transition).summary, /https?:/);
  const resolved = alertPayload({ ...transition, kind: 'resolved', at: '2026-11-20T14:00:00.000Z', outcome: { ...transition.outcome, value: 0.01, state: 'ok' } });
  assert.equal(resolved.state, 'ok');
  assert.equal(resolved.summary, "RESOLVED churn@3 rule 'many-ood': ood.rate is 0.01, within the limit again (above 0.2 alerts); breached since 2026-11-20T12:00:00.000Z.");
  assert.equal(alertLogLine(transition), "2026-11-20T12:00:00.000Z framewise ALERT churn@3 rule 'many-ood': ood.rate is 0.3125, above the limit 0.2 (160 rows since 2026-11-19T12:00:00.000Z).");
});

test('a failing receiver is retried with growing waits until it takes the alert', async () => {
  reset();
  script.set('/flaky', [503, 502]);
  const result = await postJson(`${base}/flaky`, alertPayload(transition), { backoffMs: 100 });
  assert.deepEqual(result, { ok: true, attempts: 3, status: 200, error: null });
  assert.equal(received.length, 3);
  const first = received[1]!.at - received[0]!.at;
  const second = received[2]!.at - received[1]!.at;
  assert.ok(first >= 95 && second >= 195, `waits of ${first} and ${second} ms`);
});

test('a refusal (4xx) is not retried; every attempt failing returns the reason, never throws', async () => {
  reset();
  script.set('/bad', [400]);
  assert.deepEqual(await postJson(`${base}/bad`, {}, { backoffMs: 1 }), { ok: false, attempts: 1, status: 400, error: 'HTTP 400' });
  script.set('/down', [500, 500, 500]);
  assert.deepEqual(await postJson(`${base}/down`, {}, { backoffMs: 1 }), { ok: false, attempts: 3, status: 500, error: 'HTTP 500' });
  script.set('/limited', [429]);
  assert.equal((await postJson(`${base}/limited`, {}, { backoffMs: 1 })).attempts, 2, '429 is worth another try');
});

test('a receiver that never answers times out per attempt', async () => {
  reset();
  script.set('/silent', ['hang', 'hang']);
  const started = Date.now();
  const result = await postJson(`${base}/silent`, {}, { timeoutMs: 200, attempts: 2, backoffMs: 10 });
  const took = Date.now() - started;
  assert.equal(result.ok, false);
  assert.equal(result.attempts, 2);
  assert.equal(result.error, 'timed out');
  assert.ok(took >= 400 && took < 2000, `${took} ms`);
});

test('nobody listening: the error names the failure, not the secret in the URL', async () => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  probe.close();
  await once(probe, 'close');
  const url = `http://user:hunter2@127.0.0.1:${port}/services/T0/B0/s3cr3t?token=abc`;
  const result = await postJson(url, {}, { attempts: 2, backoffMs: 1 });
  assert.equal(result.ok, false);
  assert.equal(result.status, null);
  assert.match(result.error!, /ECONNREFUSED|fetch failed/);
  assert.doesNotMatch(result.error!, /hunter2|s3cr3t|token=abc/);
});

test('credentials in the URL go as a Basic Authorization header', async () => {
  reset();
  const result = await postJson(`${base.replace('http://', 'http://alerts:p%40ss@')}/auth?team=ops`, {});
  assert.equal(result.ok, true);
  assert.equal(received[0]!.path, '/auth?team=ops');
  assert.equal(received[0]!.authorization, `Basic ${Buffer.from('alerts:p@ss').toString('base64')}`);
});

test('a stop signal ends the retries at once', async () => {
  reset();
  script.set('/stop', [503, 503, 503]);
  const stop = new AbortController();
  const started = Date.now();
  const pending = postJson(`${base}/stop`, {}, { backoffMs: 5000, attempts: 3, signal: stop.signal });
  setTimeout(() => stop.abort(), 100);
  const result = await pending;
  assert.equal(result.ok, false);
  assert.equal(result.attempts, 1);
  assert.match(result.error!, /stopped/);
  assert.ok(Date.now() - started < 1000);
});

test('URLs in logs keep only scheme, host and port', () => {
  assert.equal(redactUrl('https://hooks.example.com/services/T0/B0/s3cr3t'), 'https://hooks.example.com/…');
  assert.equal(redactUrl('https://user:pw@alerts.example.com:8443/a?token=x'), 'https://alerts.example.com:8443/…?…');
  assert.equal(redactUrl('http://127.0.0.1:9000/'), 'http://127.0.0.1:9000');
  assert.equal(redactUrl('not a url'), '(an unparsable URL)');
});

test("the card's webhook, else the environment variable it names", () => {
  assert.deepEqual(webhookTarget({ webhook: 'https://a.example/x', webhookEnv: 'HOOK' }, { HOOK: 'https://b.example/y' }), { url: 'https://a.example/x', note: null });
  assert.deepEqual(webhookTarget({ webhookEnv: 'HOOK' }, { HOOK: ' https://b.example/y ' }), { url: 'https://b.example/y', note: null });
  assert.match(webhookTarget({ webhookEnv: 'HOOK' }, {}).note!, /webhookEnv HOOK, which is not set: alerts go to the log only/);
  assert.equal(webhookTarget({ webhookEnv: 'HOOK' }, { HOOK: 'ftp://x.example/' }).url, null);
  assert.doesNotMatch(webhookTarget({ webhookEnv: 'HOOK' }, { HOOK: 'secret-not-a-url' }).note!, /secret/);
  assert.deepEqual(webhookTarget({}, {}), { url: null, note: null });
  assert.deepEqual(webhookTarget(undefined, {}), { url: null, note: null });
});
