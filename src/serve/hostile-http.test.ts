// Hostile HTTP against a running server: oversized headers, malformed URLs and request lines, slow
// headers, a flood of slow bodies while a normal client predicts, idle connections, requests
// during a drain, and protected routes without the token; each answer in the error shape.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { rmSync } from 'node:fs';
import { type PenguinRegistry, penguinRegistry, SEX_ROW } from './serve-fixtures.js';
import { type RunningServer, buildServer } from './server.js';

const TOKEN = 'a-token-of-thirty-two-characters';
const auth = { authorization: `Bearer ${TOKEN}` };
let reg: PenguinRegistry;
let server: RunningServer;
let port: number;
let base: string;

// Short limits, so the slow clients are cut within the test; nothing below asserts a duration (a
// test's timeout only turns a connection the server never cuts into a failure instead of a hang).
const limits = { headerTimeoutMs: 1000, requestTimeoutMs: 1500, idleTimeoutMs: 500, maxConnections: 400 };

before(async () => {
  reg = await penguinRegistry();
  server = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, pollMs: 50, logFlushMs: 20, limits });
  base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(base).port);
});

after(async () => {
  await server.close();
  reg.store.close();
  rmSync(reg.dir, { recursive: true, force: true });
});

interface RawReply {
  /** Everything the server sent before it closed the connection. */
  readonly text: string;
  readonly status: number | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON read in tests
  readonly body: any;
}

function parseRaw(text: string): RawReply {
  const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
  const at = text.indexOf('\r\n\r\n');
  let body: unknown;
  try {
    body = at < 0 ? undefined : JSON.parse(text.slice(at + 4));
  } catch {
    body = text.slice(at + 4);
  }
  return { text, status: status === undefined ? undefined : Number(status), body };
}

/** Opens a connection, lets `talk` write on it, and resolves with what came back once the server closes it. */
function raw(talk: (socket: Socket) => void): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => talk(socket));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    // Writes after the server cut the connection fail with EPIPE/ECONNRESET: expected here.
    socket.on('error', () => {});
    socket.on('close', () => resolve(parseRaw(text)));
  });
}

function assertShape(reply: RawReply, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text.slice(0, 300));
  assert.equal(reply.body.error.code, code);
  assert.equal(typeof reply.body.error.message, 'string');
  assert.deepEqual(Object.keys(reply.body).sort(), ['error']);
  for (const key of Object.keys(reply.body.error)) assert.ok(['code', 'message', 'hint', 'issues'].includes(key), `unexpected field ${key}`);
  assert.match(reply.text, /\r\ncontent-type: application\/json/i);
}

const predictBody = JSON.stringify({ row: SEX_ROW });

async function predict(): Promise<number> {
  const res = await fetch(`${base}/v1/models/sex/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: predictBody });
  await res.arrayBuffer();
  return res.status;
}

test('headers over 16 KiB are 431 HEADERS_TOO_LARGE in the error shape', async () => {
  const reply = await raw((s) => s.write(`GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`));
  assertShape(reply, 431, 'HEADERS_TOO_LARGE');
  assert.match(reply.body.error.hint, /JSON body/);
});

test('a malformed percent-encoding, an over-long path segment and a broken request line are 400 in the error shape', async () => {
  const badEncoding = await raw((s) => s.write('GET /v1/models/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  assertShape(badEncoding, 400, 'URL_INVALID');
  assert.match(badEncoding.body.error.message, /%E0%A4%A/);
  const badPost = await raw((s) => s.write(`POST /v1/models/%ZZ/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${predictBody.length}\r\nConnection: close\r\n\r\n${predictBody}`));
  assertShape(badPost, 400, 'URL_INVALID');
  const longName = await raw((s) => s.write(`GET /v1/models/${'m'.repeat(300)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
  assertShape(longName, 400, 'URL_INVALID');
  const badLine = await raw((s) => s.write('GET /v1/models two words HTTP/1.1\r\nHost: x\r\n\r\n'));
  assertShape(badLine, 400, 'REQUEST_INVALID');
  const badMethod = await raw((s) => s.write('G\u0001T / HTTP/1.1\r\nHost: x\r\n\r\n'));
  assertShape(badMethod, 400, 'REQUEST_INVALID');
  // The server is unharmed.
  assert.equal(await predict(), 200);
});

test('headers that never finish get 408 REQUEST_TIMEOUT and the connection is closed', { timeout: 120_000 }, async () => {
  const partial = await raw((s) => s.write('POST /v1/models/sex/predict HTTP/1.1\r\nHost: x\r\n'));
  assertShape(partial, 408, 'REQUEST_TIMEOUT');
  assert.match(partial.body.error.message, /headers/);
  assert.match(partial.body.error.hint, /--header-timeout/);
  // A connection that sends nothing at all is cut the same way.
  const silent = await raw(() => {});
  assertShape(silent, 408, 'REQUEST_TIMEOUT');
});

test('a flood of 100 slow or stalled bodies is cut with 408 while a normal client gets its predictions', { timeout: 120_000 }, async () => {
  const head = (length: number): string => `POST /v1/models/sex/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  let open = 0;
  const flood = Array.from({ length: 100 }, (_, i) => {
    open++;
    return raw((s) => {
      if (i % 2 === 0) {
        // A byte at a time: each byte resets no timer, as the whole request has its time.
        s.write(`${head(100_000)}{`);
        const drip = setInterval(() => (s.writable ? s.write(' ') : clearInterval(drip)), 50);
        s.once('close', () => clearInterval(drip));
      } else {
        // Most of a body, then nothing.
        s.write(`${head(200_000)}{"rows": [${'0,'.repeat(50_000)}`);
      }
    }).finally(() => open--);
  });
  // Meanwhile a normal client predicts, one request after the other, until the flood is gone.
  const statuses: number[] = [];
  while (statuses.length < 5 || open > 0) {
    statuses.push(await predict());
    if (statuses.length > 10_000) break;
  }
  const replies = await Promise.all(flood);
  assert.ok(statuses.length >= 5);
  assert.deepEqual([...new Set(statuses)], [200], 'every normal request answered 200 during the flood');
  for (const reply of replies) {
    assertShape(reply, 408, 'REQUEST_TIMEOUT');
    assert.match(reply.body.error.message, /body/);
    assert.match(reply.body.error.hint, /--request-timeout/);
  }
  // The cut requests are counted by their code.
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const counted = Number(/framewise_http_errors_total\{route="unmatched",code="REQUEST_TIMEOUT"\} (\d+)/.exec(metrics)?.[1]);
  assert.ok(counted >= 100, `${counted} timeouts counted`);
  assert.equal(await predict(), 200);
});

test('an idle keep-alive connection is closed by the server', { timeout: 120_000 }, async () => {
  const reply = await raw((s) => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
  // One answer, then the server closed the connection on its own (the client never asked it to).
  assert.equal(reply.status, 200);
  assert.equal(reply.text.split('HTTP/1.1 ').length - 1, 1);
  assert.match(reply.text, /keep-alive/i);
});

test('without the token, who promoted a model or changed its policy is withheld; with it, shown', async () => {
  reg.store.setAlias('sex', 'champion', 2, 'ops-person', 'better recall');
  reg.store.setAlias('sex', 'champion', 1, 'ops-person', 'back');
  const put = await fetch(`${base}/v1/models/sex/policy`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ threshold: 0.4, by: 'ana', why: 'more recall' }) });
  assert.equal(put.status, 200);
  const open = (await (await fetch(`${base}/v1/models/sex`)).json()) as { aliasHistory: { by: string }[]; policyHistory: { by: string }[] };
  const wrong = (await (await fetch(`${base}/v1/models/sex`, { headers: { authorization: 'Bearer nope' } })).json()) as typeof open;
  const shown = (await (await fetch(`${base}/v1/models/sex`, { headers: auth })).json()) as typeof open;
  assert.ok(open.aliasHistory.length >= 3 && open.policyHistory.length >= 1);
  for (const body of [open, wrong]) {
    assert.deepEqual([...new Set([...body.aliasHistory, ...body.policyHistory].map((h) => h.by))], ['withheld']);
    assert.ok(!JSON.stringify(body).includes('ops-person'));
  }
  assert.ok(shown.aliasHistory.some((h) => h.by === 'ops-person'));
  assert.equal(shown.policyHistory.at(-1)!.by, 'ana');
});

test('under --protect-predict, model descriptions, the OpenAPI document and metrics need the token; health and readiness do not', async () => {
  const guarded = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, protectPredict: true, limits });
  try {
    const g = await guarded.app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of ['/v1/models/sex', '/v1/models', '/metrics', '/openapi.json', '/v1/models/nope']) {
      for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }]) {
        const res = await fetch(g + path, { headers });
        assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'UNAUTHORIZED');
        assert.ok(!JSON.stringify(body).includes('sex'));
      }
      const withToken = await fetch(g + path, { headers: auth });
      assert.equal(withToken.status, path === '/v1/models/nope' ? 404 : 200, path);
      await withToken.arrayBuffer();
    }
    const doc = (await (await fetch(`${g}/openapi.json`, { headers: auth })).json()) as { paths: Record<string, { get?: { security?: unknown }; post?: { security?: unknown } }> };
    assert.deepEqual(doc.paths['/v1/models/{name}']!.get!.security, [{ bearer: [] }]);
    assert.deepEqual(doc.paths['/v1/models/sex/predict']!.post!.security, [{ bearer: [] }]);
    assert.equal(doc.paths['/healthz']!.get!.security, undefined);
    assert.equal((await fetch(`${g}/healthz`)).status, 200);
    assert.equal((await fetch(`${g}/readyz`)).status, 200);
  } finally {
    await guarded.close();
  }
});

test('requests arriving while the server drains get 503 SERVER_DRAINING in the error shape; the one in flight is answered', { timeout: 120_000 }, async () => {
  const draining = buildServer({ store: reg.store, dataDir: reg.dir, token: TOKEN, limits: { ...limits, requestTimeoutMs: 60_000, headerTimeoutMs: 60_000 } });
  const address = await draining.app.listen({ port: 0, host: '127.0.0.1' });
  const drainPort = Number(new URL(address).port);
  let closing: Promise<void> | undefined;
  const reply = await new Promise<string>((resolve) => {
    const s = connect(drainPort, '127.0.0.1', () => {
      // The first request is in flight (its body half sent) when the drain starts.
      // Once the server has its headers, the drain starts; then its body ends, and a second request follows on the same connection.
      draining.app.server.once('request', () => {
        closing = draining.close();
        s.write(`${predictBody.slice(10)}GET /v1/models/sex HTTP/1.1\r\nHost: x\r\n\r\n`);
      });
      s.write(`POST /v1/models/sex/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${predictBody.length}\r\n\r\n${predictBody.slice(0, 10)}`);
    });
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (text += d));
    s.on('error', () => {});
    s.on('close', () => resolve(text));
  });
  await closing;
  const answers = reply.split(/(?=HTTP\/1\.1 )/);
  assert.equal(answers.length, 2, reply);
  assert.equal(parseRaw(answers[0]!).status, 200);
  assert.equal(parseRaw(answers[0]!).body.predictions.length, 1);
  const refused = parseRaw(answers[1]!);
  assertShape(refused, 503, 'SERVER_DRAINING');
  assert.match(answers[1]!, /\r\nconnection: close/i);
});
