// A reader that stops early (`framewise retrain --help | head -3`) closes the pipe under the CLI:
// the output ends there, with no stack trace and the command's own exit code.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fromBuild } from '../core/paths.js';

test('help written into a pipe closed by its reader ends quietly', async () => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const child = spawn(process.execPath, [fromBuild('src', 'cli', 'main.js'), 'retrain', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI has loaded, so its first write meets a pipe with no reader.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event|\n\s+at /);
  }
});
