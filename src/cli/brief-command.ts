// `framewise brief <card | data --target COL>`: the decision brief a leader reads in five
// minutes: brief.md, a self-contained brief.html, brief.json, the chosen model and its decision
// package (decision.json); with --register, the model and its package go into the registry.

import { moneyWithheld } from '../report/money-withheld.js';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { FramewiseError } from '../core/errors.js';
import { abandonRun, publishLatest, startRun } from '../core/run-folder.js';
import { saveModel } from '../learn/model-io.js';
import { type DataSettings, dataSettingsOf } from '../data/data-settings.js';
import { isCardPath } from '../frame/card-file.js';
import type { Problem } from '../frame/problem.js';
import { cardDataSettings, describePolicy } from '../registry/decision-package.js';
import { DECISION_FILE_NAME, decisionFileText } from '../registry/decision-file.js';
import { buildLineage } from '../registry/lineage.js';
import { checkModelName } from '../registry/model-ref.js';
import { registerFitted } from '../registry/register-model.js';
import { DEFAULT_REGISTRY_DIR } from '../registry/sqlite-store.js';
import { userInfo } from 'node:os';
import { writeAtomically, writeBriefFiles } from '../report/write-brief.js';
import { makeBrief } from '../report/make-brief.js';
import type { Brief } from '../report/brief-data.js';
import { verdictSettleLine } from '../report/settle-words.js';
import { DEFAULT_BUDGET_SECONDS } from '../evaluate/assess.js';
import { addDataOptions, loadOptionsFrom } from './data-options.js';
import { parseBudget, problemFromArguments, type ProblemFlags } from './problem-input.js';
import { action } from './run-command.js';
import { terminalProgress } from './terminal-progress.js';
import { framewiseVersion } from './version.js';

interface BriefFlags extends ProblemFlags {
  readonly out?: string;
  readonly budget?: string;
  readonly register?: string;
  readonly registry: string;
  readonly force?: boolean;
}

export function briefCommand(): Command {
  const command = new Command('brief')
    .description('assess the problem and write the decision brief (brief.md, brief.html, brief.json) and the chosen model')
    .argument('<input>', 'a problem card (framewise.yaml) or a data file with --target')
    .option('--target <column>', 'the column to predict (with a data file)')
    .option('--out <dir>', 'output folder (default: framewise-out/<name>): each run is kept in DIR/runs/<time>/ and copied to DIR as the latest')
    .option('--budget <seconds>', `time budget for the assessment (default: the card's assess.budgetSeconds, else ${DEFAULT_BUDGET_SECONDS})`)
    .option('--register <name>', 'also register the chosen model under NAME, with its lineage, metrics and verdict')
    .option('--registry <dir>', 'the registry folder for --register', DEFAULT_REGISTRY_DIR)
    .option('--force', 'with --register, register even if the columns differ from the latest version (recorded)');
  addDataOptions(command);
  command.action(
    action(async (input: string, flags: BriefFlags) => {
      const budget = parseBudget(flags.budget);
      if (flags.register !== undefined) checkModelName(flags.register);
      const progress = terminalProgress();
      const problem = await problemFromArguments(input, flags, progress);
      // Every run writes into a fresh folder of its own and is then copied to the output folder
      // as the latest, so an earlier brief and its model are never overwritten.
      const out = flags.out ?? join('framewise-out', problem.name);
      const folder = startRun(out);
      const dir = folder.dir;
      const modelPath = join(dir, 'model.json');
      let made: Awaited<ReturnType<typeof makeBrief>>;
      try {
        made = await makeBrief(problem, { ...(budget === undefined ? {} : { budgetSeconds: budget }), progress, modelPath, data: dataSettingsFor(input, flags, problem) });
        if (made.model) await saveModel(made.model, modelPath);
        // Beside the model, so `predict model.json` reads and decides as the brief did.
        if (made.model && made.decision) writeAtomically(join(dir, DECISION_FILE_NAME), decisionFileText(made.decision));
        await writeBriefFiles(made.brief, dir);
      } catch (error) {
        abandonRun(folder);
        throw error;
      }
      const { brief, model, run, decision } = made;
      const latest = publishLatest(folder);
      const shown = (file: string): string => {
        const path = latest.get(file) ?? join(dir, file);
        return relative(process.cwd(), path) || path;
      };
      const a = brief.assessment;
      const lines = [
        `${brief.name}: ${a.verdict.verdict}. ${a.verdict.headline}`,
        moneyLine(brief),
        decision ? `Decision: ${describePolicy(decision.policy)}.` : '',
        '',
        `Open the brief: ${shown('brief.html')}`,
        `  also ${shown('brief.md')}, ${shown('brief.json')}${model ? `, ${shown('model.json')} (framewise predict ${shown('model.json')} <data>)` : ''}`,
        `  this run is kept in ${relative(process.cwd(), dir) || dir}`,
      ].filter((l, i) => l !== '' || i === 3);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (flags.register !== undefined) {
        const entry = a.leaderboard.find((e) => e.id === brief.choice?.model);
        if (!model || !run.chosen || entry === undefined) {
          throw new FramewiseError('INVALID_ARGUMENT', `There is no model to register as '${flags.register}': ${a.verdict.settle?.missing === 'no-model' ? 'no model family was scored within the time budget, so the verdict is inconclusive' : `the brief chose none (${a.verdict.verdict})`}.`, {
            hint: a.verdict.settle?.missing === 'no-model' ? `Run the brief again with a larger budget${a.verdict.settle.budgetSuggestedSeconds === null ? ' (--budget)' : ` (--budget ${a.verdict.settle.budgetSuggestedSeconds} would fit at least one model family)`}; the brief was written and says what was missing.` : 'The brief was written; read it for why no model was trained.',
            location: { field: '--register' },
          });
        }
        // The promise (at the policy) is the version's metrics; the package carries the rest.
        const lineage = buildLineage({ frame: run.chosen.frame, model, framewiseVersion: framewiseVersion(), card: problem.cardText, seed: a.evaluation.seed, metrics: decision?.promise.metrics ?? entry.metrics, verdict: a.verdict.verdict, decision });
        const version = registerFitted({ dir: flags.registry, name: flags.register, model, lineage, decision, trainingFrame: run.chosen.frame, force: flags.force === true, by: userInfo().username });
        process.stdout.write(`Registered ${version.name}@${version.version} (${entry.name}) in ${flags.registry}${version.forcedReason === null ? '' : ` (${version.forcedReason})`}\n`);
        // The version is kept for comparison whatever the verdict; serving it is a decision the brief did not make.
        if (a.verdict.verdict === 'inconclusive') process.stdout.write(`  The brief's verdict is inconclusive: the evidence cannot decide whether ${version.name}@${version.version} is worth more than the non-ML bar, so it is kept for comparison and promoting it would go beyond what the brief shows. ${verdictSettleLine(a.verdict, a.data.labelledRows) ?? ''}\n`);
        else if (a.verdict.verdict !== 'use-ml') process.stdout.write(`  The brief's verdict is ${a.verdict.verdict}: ${version.name}@${version.version} is kept for comparison, and promoting it would go against the brief.\n`);
      }
    }),
  );
  return command;
}

/** The settings the problem's data was read with: the card's, or the data flags given with a data file. */
function dataSettingsFor(input: string, flags: BriefFlags, problem: Problem): DataSettings {
  return isCardPath(input) ? cardDataSettings(problem.card) : dataSettingsOf(loadOptionsFrom(flags));
}

/** The business answer in one line: what the model adds over the non-ML bar, or that it does not pay. */
export function moneyLine(brief: Brief): string {
  const withheld = moneyWithheld(brief);
  if (withheld !== null) return withheld;
  const b = brief.business;
  const net = b?.roi.netGainPerMonth;
  if (b === null || b === undefined || net === null || net === undefined) return '';
  const amount = `${Math.round(Math.abs(net)).toLocaleString('en-US')} ${b.currency}`.trim();
  if (net > 0) return `In money: ${amount} a month over ${b.bar.name} after running costs${b.roi.paybackMonths !== null ? `, build repaid in ${b.roi.paybackMonths.toFixed(1)} months` : ''}.`;
  return `In money it does not pay: ${amount} a month less than ${b.bar.name} after running costs, at the card's figures.`;
}
