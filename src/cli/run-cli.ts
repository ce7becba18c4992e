// Runs the built CLI as a child process, as a user would, for the command tests.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fromBuild, fromRoot } from '../core/paths.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const cli = fromBuild('src', 'cli', 'main.js');

export function runCli(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: fromRoot(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 0, or fail showing what the command printed on stderr. */
export function assertSuccess(result: CliResult): void {
  assert.equal(result.code, 0, `exit ${result.code}\n${result.stderr}`);
}

/** A user's mistake: exit 2, a message and a hint, no stack trace. */
export function assertUserError(result: CliResult, ...patterns: RegExp[]): void {
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /^error: /m);
  assert.match(result.stderr, /^hint: /m);
  for (const pattern of patterns) assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}
