// `framewise brief <card | data --target COL>`: the decision brief a leader reads in five
// minutes: brief.md, a self-contained brief.html, brief.json, and the chosen model.

import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { saveModel } from '../learn/model-io.js';
import { writeBriefFiles } from '../report/write-brief.js';
import { makeBrief } from '../report/make-brief.js';
import { DEFAULT_BUDGET_SECONDS } from '../evaluate/assess.js';
import { addDataOptions } from './data-options.js';
import { problemFromArguments, type ProblemFlags } from './problem-input.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';

interface BriefFlags extends ProblemFlags {
  readonly out?: string;
  readonly budget: string;
}

export function briefCommand(): Command {
  const command = new Command('brief')
    .description('assess the problem and write the decision brief (brief.md, brief.html, brief.json) and the chosen model')
    .argument('<input>', 'a problem card (framewise.yaml) or a data file with --target')
    .option('--target <column>', 'the column to predict (with a data file)')
    .option('--out <dir>', 'output folder (default: framewise-out/<name>)')
    .option('--budget <seconds>', 'time budget for the assessment', String(DEFAULT_BUDGET_SECONDS));
  addDataOptions(command);
  command.action(
    action(async (input: string, flags: BriefFlags) => {
      const budget = Number(flags.budget);
      if (!(budget > 0)) {
        throw new FramewiseError('INVALID_ARGUMENT', `--budget must be a positive number of seconds, got '${flags.budget}'.`, { hint: 'For example --budget 60.', location: { field: '--budget' } });
      }
      const progress = terminalProgress();
      const problem = await problemFromArguments(input, flags, progress);
      const dir = flags.out ?? join('framewise-out', problem.name);
      mkdirSync(dir, { recursive: true });
      const modelPath = join(dir, 'model.json');
      const { brief, model } = await makeBrief(problem, { budgetSeconds: budget, progress, modelPath });
      if (model) await saveModel(model, modelPath);
      const paths = await writeBriefFiles(brief, dir);
      const a = brief.assessment;
      const lines = [
        `${brief.name}: ${a.verdict.verdict}. ${a.verdict.headline}`,
        brief.business?.roi.netGainPerMonth != null ? `Net value over the non-ML bar: ${Math.round(brief.business.roi.netGainPerMonth).toLocaleString('en-US')} ${brief.business.currency} a month${brief.business.roi.paybackMonths !== null ? `, build repaid in ${brief.business.roi.paybackMonths.toFixed(1)} months` : ''}.` : '',
        '',
        `Open the brief: ${relative(process.cwd(), paths.html) || paths.html}`,
        `  also ${relative(process.cwd(), paths.markdown)}, ${relative(process.cwd(), paths.json)}${model ? `, ${relative(process.cwd(), modelPath)} (framewise predict ${relative(process.cwd(), modelPath)} <data>)` : ''}`,
      ].filter((l, i) => l !== '' || i === 2);
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
  );
  return command;
}
