// `framewise log export`: the server's prediction log (with fed-back labels) as a Parquet file.

import { Command } from 'commander';
import { DEFAULT_REGISTRY_DIR } from '../registry/sqlite-store.js';
import { exportLog, parseSince } from '../serve/log-export.js';
import { unreadableNote } from '../serve/log-reader.js';
import { refuseToReplace, writeAtomically } from './atomic-write.js';
import { action } from './run-command.js';

interface ExportFlags {
  readonly registry: string;
  readonly since?: string;
  readonly out: string;
  readonly force?: boolean;
}

export function logCommand(): Command {
  const log = new Command('log').description("the prediction server's log");
  log.addCommand(
    new Command('export')
      .description('write logged predictions (inputs, outputs, decision, out-of-distribution flags, fed-back label) to Parquet')
      .option('--registry <dir>', 'the registry folder the server ran on', DEFAULT_REGISTRY_DIR)
      .option('--since <time>', 'only predictions at or after this ISO 8601 date or date-time')
      .requiredOption('--out <file>', 'the .parquet file to write')
      .option('--force', 'replace --out if it exists')
      .action(
        action(async (flags: ExportFlags) => {
          const since = flags.since === undefined ? undefined : parseSince(flags.since);
          refuseToReplace(flags.out, flags.force === true);
          let rows = 0;
          let unreadable = 0;
          await writeAtomically(flags.out, async (temporary) => {
            ({ rows, unreadable } = await exportLog(flags.registry, since, temporary));
          });
          process.stderr.write(`Exported ${rows} prediction${rows === 1 ? '' : 's'}${since === undefined ? '' : ` since ${since}`} → ${flags.out}\n`);
          if (unreadable > 0) process.stderr.write(`Warning: ${unreadableNote(unreadable, 'the export')}\n`);
        }),
      )
      .exitOverride(),
  );
  return log;
}
