#!/usr/bin/env node
// The framewise command line: a thin layer over the library, one file per command.

import { Command, CommanderError } from 'commander';
import { assessCommand } from './assess-command.js';
import { briefCommand } from './brief-command.js';
import { initCommand } from './init-command.js';
import { inspectCommand } from './inspect-command.js';
import { modelsCommand } from './models-command.js';
import { monitorCommand } from './monitor-command.js';
import { predictCommand } from './predict-command.js';
import { retrainCommand } from './retrain-command.js';
import { serveCommand } from './serve-command.js';
import { logCommand } from './log-command.js';
import { trainCommand } from './train-command.js';
import { framewiseVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command('framewise')
    .description('From a business question to a monitored model, and whether ML is the right tool at all.')
    .version(framewiseVersion(), '-V, --version', 'print the framewise version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(inspectCommand().exitOverride());
  program.addCommand(trainCommand().exitOverride());
  program.addCommand(predictCommand().exitOverride());
  program.addCommand(initCommand().exitOverride());
  program.addCommand(assessCommand().exitOverride());
  program.addCommand(briefCommand().exitOverride());
  program.addCommand(serveCommand().exitOverride());
  program.addCommand(logCommand().exitOverride());
  program.addCommand(modelsCommand().exitOverride());
  program.addCommand(monitorCommand().exitOverride());
  program.addCommand(retrainCommand().exitOverride());
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; a usage mistake exits with 2, commander has printed it.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
}

// A reader that stops early (`framewise retrain --help | head`) closes the pipe: that ends the
// output, it is not a failure to report with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

await main(process.argv);
