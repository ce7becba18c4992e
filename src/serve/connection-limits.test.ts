// The limits as Node and Fastify take them, and what each connection-level error answers.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import Fastify from 'fastify';
import { clientErrorOf, rawErrorResponse } from './client-errors.js';
import { connectionLimitsOf, DEFAULT_CONNECTION_LIMITS, fastifyTimeoutOptions } from './connection-limits.js';
import { errorReply } from './http-errors.js';

test('long timeouts are accepted by Node (header time above its own 300 s request default), a header timeout over the request one is cut to it', async () => {
  const long = connectionLimitsOf({ headerTimeoutMs: 400_000, requestTimeoutMs: 600_000 });
  const options = fastifyTimeoutOptions(long);
  const server = createServer(options.http);
  assert.equal(server.headersTimeout, 400_000);
  assert.equal(server.requestTimeout, 600_000);
  const app = Fastify(options);
  await app.ready();
  assert.equal(app.server.requestTimeout, 600_000);
  assert.equal(app.server.headersTimeout, 400_000);
  assert.equal(app.server.keepAliveTimeout, DEFAULT_CONNECTION_LIMITS.idleTimeoutMs);
  await app.close();
  assert.equal(connectionLimitsOf({ headerTimeoutMs: 20_000, requestTimeoutMs: 5_000 }).headerTimeoutMs, 5_000);
  // Timeouts are checked a few times per shortest timeout, at most once a second.
  assert.equal(fastifyTimeoutOptions(DEFAULT_CONNECTION_LIMITS).http.connectionsCheckingInterval, 1000);
  assert.equal(fastifyTimeoutOptions(connectionLimitsOf({ headerTimeoutMs: 500, requestTimeoutMs: 1000 })).http.connectionsCheckingInterval, 100);
});

test("each error Node's parser reports answers its code and status; a vanished client gets nothing", () => {
  const limits = connectionLimitsOf({ headerTimeoutMs: 2000, requestTimeoutMs: 7000 });
  const cases: [string, boolean, string, number, RegExp][] = [
    ['ERR_HTTP_REQUEST_TIMEOUT', false, 'REQUEST_TIMEOUT', 408, /headers did not arrive within 2 s/],
    ['ERR_HTTP_REQUEST_TIMEOUT', true, 'REQUEST_TIMEOUT', 408, /body did not arrive within 7 s/],
    ['HPE_HEADER_OVERFLOW', false, 'HEADERS_TOO_LARGE', 431, /16 KiB/],
    ['HPE_INVALID_URL', false, 'URL_INVALID', 400, /URL/],
    ['HPE_INVALID_METHOD', false, 'REQUEST_INVALID', 400, /HPE_INVALID_METHOD/],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', true, 'REQUEST_TOO_LARGE', 413, /chunk extensions/],
  ];
  for (const [code, headersDone, expected, status, message] of cases) {
    const error = clientErrorOf({ code }, headersDone, limits);
    assert.ok(error !== undefined, code);
    const reply = errorReply(error);
    assert.equal(reply.status, status, code);
    assert.equal(reply.body.error.code, expected, code);
    assert.match(reply.body.error.message, message, code);
    assert.ok(reply.body.error.hint !== undefined, code);
  }
  assert.equal(clientErrorOf({ code: 'ECONNRESET' }, false, limits), undefined);
  const text = rawErrorResponse(431, { error: { code: 'HEADERS_TOO_LARGE', message: 'é' } });
  assert.match(text, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  // The length counts bytes, not characters.
  assert.match(text, /Content-Length: 53\r\n/);
  assert.match(text, /Connection: close\r\n\r\n\{"error"/);
});
