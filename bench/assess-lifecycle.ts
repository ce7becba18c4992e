// The rest of the lifecycle at scale, from a card as a user would run it on the known-answer
// table: brief, train, predict, monitor and retrain, each timed with its wall time and peak memory.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKnownAnswerTrain, KNOWN_ANSWER_TARGET } from './known-answer-data.js';
import { failure, timedCli, type TimedRun } from './timed-run.js';

export interface LifecycleStep {
  readonly step: string;
  readonly command: string;
  readonly run: TimedRun;
  /** One line of what the command said (its first line of output, or its error). */
  readonly said: string;
}

/** Every step on the `rows`-row table, in `work` (`onStep` hears the steps so far); the current window of monitor and retrain's new data is the same table. */
export async function runLifecycle(rows: number, work: string, onStep: (steps: readonly LifecycleStep[]) => void = () => undefined): Promise<LifecycleStep[]> {
  const file = await ensureKnownAnswerTrain(rows);
  const dir = join(work, `lifecycle-${rows}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const registry = join(dir, 'registry');
  const steps: LifecycleStep[] = [];
  const step = (name: string, args: string[], say: (run: TimedRun) => string): TimedRun => {
    process.stderr.write(`lifecycle, ${rows} rows: ${name}\n`);
    const run = timedCli(args, dir);
    steps.push({ step: name, command: `framewise ${args.join(' ')}`, run, said: run.code === 0 || (name === 'brief' && run.code === 2) ? say(run) : failure(run) });
    process.stderr.write(`${JSON.stringify({ step: name, code: run.code, wall: run.wallSeconds, peakMiB: run.peakMiB })}\n`);
    onStep(steps);
    return run;
  };
  const firstLine = (run: TimedRun): string => run.stdout.trim().split('\n')[0] ?? '';
  const lineWith = (text: string, pattern: RegExp): string => text.split('\n').find((l) => pattern.test(l))?.trim() ?? '';

  step('init', ['init', file, '--target', KNOWN_ANSWER_TARGET, '--out', 'framewise.yaml'], firstLine);
  const card = join(dir, 'framewise.yaml');
  writeFileSync(card, readFileSync(card, 'utf8').replace(/^goal: ""/m, 'goal: "flag the rows most likely to be 1"'));
  // brief registers its model when it chose one; train registers one either way, for the later steps.
  step('brief', ['brief', 'framewise.yaml', '--register', 'known', '--registry', registry], (r) => `${firstLine(r)}${r.code === 2 ? ' (no model to register)' : ''}`);
  const train = step('train', ['train', 'framewise.yaml', '--out', 'model.json', '--register', 'known', '--registry', registry], (r) => `${lineWith(r.stdout, /^\s+time\s/)}; ${lineWith(r.stdout, /^Registered/)}`);
  const version = /Registered known@(\d+)/.exec(train.stdout)?.[1];
  if (version === undefined) return steps;
  const ref = `known@${version}`;
  step('predict', ['predict', ref, file, '--registry', registry, '--out', 'predictions.csv'], (r) => lineWith(r.stderr, /^Predicted/));
  step('monitor', ['monitor', ref, '--registry', registry, '--current', file, '--out', 'monitor'], (r) => firstLine(r));
  step('retrain', ['retrain', ref, '--data', file, '--registry', registry, '--out', 'retrain'], (r) => firstLine(r));
  return steps;
}

export function lifecycleTable(steps: readonly LifecycleStep[], frameMiB: number): string {
  const lines = steps.map((s) => `| ${s.step} | \`${s.command.replaceAll('|', '\\|')}\` | ${s.run.code} | ${s.run.wallSeconds.toFixed(1)} | ${s.run.peakMiB.toFixed(0)} | ${(s.run.peakMiB / frameMiB).toFixed(2)} | ${s.said.replaceAll('|', '\\|').slice(0, 240)} |`);
  return `| step | command | exit | wall (s) | peak RSS (MiB) | peak / frame size | what it said |
| --- | --- | ---: | ---: | ---: | ---: | --- |
${lines.join('\n')}`;
}
