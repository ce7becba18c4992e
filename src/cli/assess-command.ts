// `framewise assess <card | data --target COL>`: is ML the right tool, and does the data hold
// up? Writes assessment.json and prints a readable summary (or the JSON with --json).

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { assess, DEFAULT_BUDGET_SECONDS } from '../evaluate/assess.js';
import { addDataOptions } from './data-options.js';
import { parseBudget, problemFromArguments, type ProblemFlags } from './problem-input.js';
import { renderAssessment } from './render-assessment.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';

interface AssessFlags extends ProblemFlags {
  readonly out?: string;
  readonly json?: boolean;
  readonly budget?: string;
}

export function assessCommand(): Command {
  const command = new Command('assess')
    .description('check the data, measure each feature, set the non-ML bar, compare models on the same folds, and give a verdict')
    .argument('<input>', 'a problem card (framewise.yaml) or a data file with --target')
    .option('--target <column>', 'the column to predict (with a data file)')
    .option('--out <dir>', 'folder for assessment.json (default: framewise-out/<name>)')
    .option('--json', 'print assessment.json instead of the summary')
    .option('--budget <seconds>', `time budget for the whole assessment (default: the card's assess.budgetSeconds, else ${DEFAULT_BUDGET_SECONDS})`);
  addDataOptions(command);
  command.action(
    action(async (input: string, flags: AssessFlags) => {
      const budget = parseBudget(flags.budget);
      const progress = terminalProgress();
      const problem = await problemFromArguments(input, flags, progress);
      const { assessment } = await assess(problem, { ...(budget === undefined ? {} : { budgetSeconds: budget }), progress });
      const dir = flags.out ?? join('framewise-out', problem.name);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'assessment.json');
      writeFileSync(`${path}.partial`, `${JSON.stringify(assessment, null, 2)}\n`);
      renameSync(`${path}.partial`, path);
      if (flags.json) process.stdout.write(`${JSON.stringify(assessment, null, 2)}\n`);
      else process.stdout.write(`${renderAssessment(assessment)}\nWrote ${path}\n`);
    }),
  );
  return command;
}
