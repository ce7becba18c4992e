// `framewise serve` as an operator runs it: a port already taken is a clear error with exit 2,
// and the command ends instead of waiting on the log writer it had started.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fromBuild, fromRoot } from '../core/paths.js';

test('a port already in use is refused by name with a hint, exit 2, and the command ends', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as { port: number }).port;
  try {
    const dir = mkdtempSync(join(tmpdir(), 'framewise-serve-'));
    const trained = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'train', fromRoot('examples', 'penguins.csv'), '--target', 'species', '--model', 'linear', '--out', join(dir, 'm.json'), '--register', 'penguins', '--registry', join(dir, '.framewise')], { encoding: 'utf8' });
    assert.equal(trained.status, 0, trained.stderr);
    const r = spawnSync(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'serve', '--registry', join(dir, '.framewise'), '--port', String(port)], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, FRAMEWISE_TOKEN: 'serve-test-token' } });
    assert.equal(r.signal, null, 'the command ended by itself');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: Port ${port} on 127\\.0\\.0\\.1 is already in use\\.`, 'm'));
    assert.match(r.stderr, /^hint: .*--port/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  } finally {
    taken.close();
  }
});
