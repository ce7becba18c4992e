// `framewise init <data> --target COL`: writes a commented problem card with what was inferred.

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { loadFrame } from '../data/load.js';
import { initCardText } from '../frame/init-card.js';
import { addDataOptions, type DataFlags, loadOptionsFrom } from './data-options.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';

interface InitFlags extends DataFlags {
  readonly target?: string;
  readonly out: string;
  readonly force?: boolean;
}

export function initCommand(): Command {
  const command = new Command('init')
    .description('write a commented problem card (framewise.yaml) for a data file, ready to edit')
    .argument('<data>', 'the data file the problem is about')
    .option('--target <column>', 'the column to predict (leave out to look for groups)')
    .option('--out <file>', 'where to write the card', 'framewise.yaml')
    .option('--force', 'overwrite an existing card');
  addDataOptions(command);
  command.action(
    action(async (data: string, flags: InitFlags) => {
      if (existsSync(flags.out) && !flags.force) {
        throw new FramewiseError('INVALID_ARGUMENT', `'${flags.out}' already exists.`, { hint: 'Choose another --out, or pass --force to overwrite it.', location: { file: flags.out } });
      }
      const loaded = await loadFrame(data, { ...loadOptionsFrom(flags), progress: terminalProgress(), ...(flags.target === undefined ? {} : { requiredColumns: [flags.target] }) });
      const text = initCardText({ dataFile: data, cardPath: flags.out, frame: loaded.frame, target: flags.target ?? null, sql: flags.sql });
      writeFileSync(`${flags.out}.partial`, text);
      renameSync(`${flags.out}.partial`, flags.out);
      process.stdout.write(`Wrote ${flags.out}. Edit it, then run: framewise assess ${flags.out}\n`);
    }),
  );
  return command;
}
