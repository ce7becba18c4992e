// `framewise serve`'s limits from the command line: the timeout and connection flags reach the
// server, refused values are usage errors, and a short token is warned about at start-up.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fromBuild } from '../core/paths.js';
import { SqliteModelStore } from '../registry/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-limits-'));
SqliteModelStore.open(dir, { create: true }).close();
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const main = fromBuild('src', 'cli', 'main.js');

async function serve(extra: readonly string[], token: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [main, 'serve', '--registry', dir, '--port', '0', ...extra], { env: { ...process.env, FRAMEWISE_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  while (!/serving on http:\/\/[^:]+:(\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, port: Number(/serving on http:\/\/[^:]+:(\d+)/.exec(out)![1]), output: () => out };
}

/** Connects, writes `text`, and resolves with what came back once the server closed the connection. */
function raw(port: number, text: string, connected?: () => void): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(text);
      connected?.();
    });
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', () => {});
    s.on('close', () => resolve(got));
  });
}

test('the timeout and connection flags reach the server; a short token is warned about', { timeout: 120_000 }, async () => {
  const { child, port, output } = await serve(['--header-timeout', '0.5', '--request-timeout', '1', '--idle-timeout', '0.5', '--max-connections', '2'], 'short');
  assert.match(output(), /^warning: the token is 5 characters long, short enough to guess; use 16 or more/m);
  // Two connections that never finish their headers fill the server; a third is closed unanswered.
  let connected = 0;
  const held = [raw(port, 'GET /healthz HTTP/1.1\r\n', () => connected++), raw(port, 'GET /healthz HTTP/1.1\r\n', () => connected++)];
  while (connected < 2) await new Promise((r) => setTimeout(r, 10));
  // The server accepts them on its own turn: give it one before knocking again.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'), '');
  // Both are cut with 408 at the header timeout given on the command line.
  for (const reply of await Promise.all(held)) {
    assert.match(reply, /^HTTP\/1\.1 408 /);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'REQUEST_TIMEOUT');
    assert.match(body.error.message, /within 0\.5 s/);
  }
  // Then there is room again.
  assert.match(await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 /);
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
});

test('a long enough token starts without a warning; refused limits are usage errors', async () => {
  const { child, output } = await serve([], 'a-token-of-thirty-two-characters');
  child.kill('SIGTERM');
  await once(child, 'exit');
  assert.doesNotMatch(output(), /warning/);
  for (const [flags, message] of [
    [['--header-timeout', '0'], /--header-timeout must be a number of seconds above 0/],
    [['--idle-timeout', 'soon'], /--idle-timeout must be a number of seconds above 0/],
    [['--max-connections', '0'], /--max-connections must be an integer ≥ 1/],
    [['--header-timeout', '20', '--request-timeout', '10'], /--header-timeout \(20 s\) is longer than --request-timeout \(10 s\)/],
  ] as const) {
    const r = spawnSync(process.execPath, [main, 'serve', '--registry', dir, '--port', '0', ...flags], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, FRAMEWISE_TOKEN: '' } });
    assert.equal(r.status, 2, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});
