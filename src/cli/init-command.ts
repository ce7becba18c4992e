// `framewise init <data> --target COL`: writes a commented problem card with what was inferred and
// every data flag it was given, so the card reads the same frame as init did.

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { suggestionHint } from '../core/suggest.js';
import type { Task } from '../core/task.js';
import { loadFrame } from '../data/load.js';
import { TASKS } from '../frame/card.js';
import { initCardText, timeCandidates } from '../frame/init-card.js';
import { addDataOptions, type DataFlags, loadOptionsFrom } from './data-options.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';

interface InitFlags extends DataFlags {
  readonly target?: string;
  readonly time?: string;
  readonly task?: string;
  readonly out: string;
  readonly force?: boolean;
}

export function initCommand(): Command {
  const command = new Command('init')
    .description('write a commented problem card (framewise.yaml) for a data file, ready to edit')
    .argument('<data>', 'the data file the problem is about')
    .option('--target <column>', 'the column to predict (leave out to look for groups)')
    .option('--time <column>', 'the date or time column at which each prediction is made (init lists the candidates)')
    .option('--task <task>', `the kind of problem, when not the one inferred (${TASKS.join(', ')}); e.g. anomaly for a file without a target`)
    .option('--out <file>', 'where to write the card', 'framewise.yaml')
    .option('--force', 'overwrite an existing card');
  addDataOptions(command);
  command.action(
    action(async (data: string, flags: InitFlags) => {
      if (existsSync(flags.out) && !flags.force) {
        throw new FramewiseError('INVALID_ARGUMENT', `'${flags.out}' already exists.`, { hint: 'Choose another --out, or pass --force to overwrite it.', location: { file: flags.out } });
      }
      const options = loadOptionsFrom(flags);
      // `--target a,b,c` names several label columns (multi-label).
      const targets = flags.target === undefined ? [] : flags.target.includes(',') ? flags.target.split(',').map((t) => t.trim()).filter((t) => t !== '') : [flags.target];
      const required = [...targets, flags.time].filter((c): c is string => c !== undefined);
      const loaded = await loadFrame(data, { ...options, progress: terminalProgress(), ...(required.length === 0 ? {} : { requiredColumns: required }) });
      const frame = loaded.frame;
      if (flags.time !== undefined && !frame.has(flags.time)) {
        throw new FramewiseError('COLUMN_NOT_FOUND', `--time '${flags.time}' is not a column of '${data}'.`, { hint: suggestionHint(flags.time, frame.names), location: { file: data, field: '--time', column: flags.time } });
      }
      const text = initCardText({
        dataFile: data,
        cardPath: flags.out,
        frame,
        target: targets.length === 0 ? null : targets.length === 1 ? targets[0]! : targets,
        // Only the flags the user gave: a default written into the card would read as a choice.
        data: {
          ...(options.sql === undefined ? {} : { sql: options.sql }),
          ...(options.format === undefined ? {} : { format: options.format }),
          ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
          ...(options.header === false ? { header: false } : {}),
          ...(options.missing === undefined ? {} : { missing: options.missing }),
          ...(options.types === undefined || Object.keys(options.types).length === 0 ? {} : { types: options.types }),
        },
        ...(flags.time === undefined ? {} : { time: flags.time }),
        ...(flags.task === undefined ? {} : { task: taskFlag(flags.task) }),
      });
      writeFileSync(`${flags.out}.partial`, text);
      renameSync(`${flags.out}.partial`, flags.out);
      if (flags.time === undefined) {
        const candidates = timeCandidates(frame);
        // Which date is the moment of prediction is a fact about the business, not the data: ask, never guess.
        if (candidates.length > 0) {
          process.stderr.write(
            `Date/time columns: ${candidates.join(', ')}. Which one is the moment each prediction is made? ` +
              `Uncomment 'time:' in ${flags.out} with it, or run init again with --time ${candidates[0]!}.\n`,
          );
        }
      }
      process.stdout.write(`Wrote ${flags.out}. Edit it, then run: framewise assess ${flags.out}\n`);
    }),
  );
  return command;
}

/** The --task flag as a task, refused with the choices when it is none. */
function taskFlag(value: string): Task {
  const task = TASKS.find((t) => t === value);
  if (task === undefined) {
    throw new FramewiseError('INVALID_ARGUMENT', `--task '${value}' is not a kind of problem.`, { hint: `Choose one of ${TASKS.join(', ')}, or leave --task out to infer it.`, location: { field: '--task' } });
  }
  return task;
}
