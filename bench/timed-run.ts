// Runs the built CLI (or any program) under /usr/bin/time -v and returns its exit code, wall
// time and peak resident memory, for the benchmarks that measure whole commands.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBuild } from '../src/core/paths.js';

export interface TimedRun {
  readonly code: number;
  readonly wallSeconds: number;
  /** Peak resident set size of the process, MiB (`Maximum resident set size` of GNU time). */
  readonly peakMiB: number;
  readonly stdout: string;
  readonly stderr: string;
}

const cli = fromBuild('src', 'cli', 'main.js');

/** `framewise ARGS` in `cwd`, timed. */
export function timedCli(args: readonly string[], cwd: string): TimedRun {
  return timed(process.execPath, [cli, ...args], cwd);
}

/** Any program, timed by GNU time (its report goes to a file, so stderr stays the program's own). */
export function timed(program: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): TimedRun {
  const dir = mkdtempSync(join(tmpdir(), 'framewise-timed-'));
  const report = join(dir, 'time.txt');
  try {
    const result = spawnSync('/usr/bin/time', ['-v', '-o', report, program, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const text = readFileSync(report, 'utf8');
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(text);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    const wallSeconds = wall === null ? Number.NaN : Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
    return { code: result.status ?? -1, wallSeconds, peakMiB: rss === null ? Number.NaN : Number(rss[1]) / 1024, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last few lines of a failed run's stderr, for a results table cell. */
export function failure(run: TimedRun): string {
  const lines = run.stderr.trim().split('\n').filter((l) => l.startsWith('error:') || l.startsWith('hint:'));
  return `exit ${run.code}${lines.length > 0 ? `: ${lines.join(' ').replaceAll('|', '\\|').slice(0, 300)}` : ''}`;
}
