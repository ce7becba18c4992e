// The result of a retraining round as `retrain.json` holds it (documented in docs/retraining.md),
// and its one-screen summary in plain words with the promotion command to run if people agree.

import type { SettingOverride } from '../data/data-settings.js';
import type { ChallengerRun, Comparison } from './challenger.js';
import { verdictHeadline } from './retrain-advice.js';
import type { CategoryChange, RetrainData } from './retrain-data.js';
import type { HoldoutSplit } from './retrain-split.js';

export const RETRAIN_REPORT_VERSION = 1;

/** The decision policy both models were valued at: the champion's in force (the server's, else its registered one), or a flag's. */
export interface RetrainPolicyReport {
  /** `threshold` (two classes), or the package's kind for other tasks (`class`, `top-k`, `number`). */
  readonly kind: string;
  /** Two classes: the positive class's probability at or above which a model decides positive. */
  readonly threshold: number | null;
  readonly positiveClass: string | null;
  /** Where it came from: `brief-best-value`, `brief-best-f1`, `card-static`, `card`, `default`, `override` (--threshold) or `serving` (set on the server with PUT). */
  readonly source: string;
  /** In words, e.g. "threshold 0.2 on 'yes' (the card's decision)". */
  readonly description: string;
}

export interface RetrainReport {
  readonly kind: 'framewise.retrain';
  readonly version: typeof RETRAIN_REPORT_VERSION;
  readonly createdAt: string;
  readonly model: string;
  readonly registry: string;
  readonly champion: { readonly version: number; readonly estimator: string; readonly aliases: readonly string[] };
  readonly challenger: { readonly version: number; readonly alias: string; readonly forcedReason: string | null; readonly dataFingerprint: string };
  readonly data: { readonly file: string; readonly rows: number; readonly labelledRows: number; readonly unlabelledRows: number };
  /** What the challenger learned from, in words (never the champion's own training data). */
  readonly trainedOn: string;
  readonly split: Omit<HoldoutSplit, 'train' | 'test'> & { readonly trainRows: number; readonly testRows: number };
  readonly comparison: Comparison;
  /** The decision policy both models were valued and counted at (also the challenger's registered policy). */
  readonly policy: RetrainPolicyReport;
  /** Settings a command-line flag changed from the champion's registered ones (e.g. --threshold). */
  readonly overrides: readonly SettingOverride[];
  /** Categorical features and label values that differ from what the champion saw, and what was done about them. */
  readonly changes: { readonly features: readonly CategoryChange[]; readonly label: CategoryChange | null; readonly notes: readonly string[] };
  /** Compared rows that are rows the champion learned from (matched against its training sample); null when no sample was kept. */
  readonly trainingOverlap: TrainingOverlapReport | null;
  /** The command that makes the challenger the champion; promotion is always a person's step. */
  readonly promote: string;
}

/** How many compared rows the champion learned from: `likely` when they make the comparison favour it. */
export interface TrainingOverlapReport {
  readonly matched: number;
  readonly rows: number;
  /** The share that would match if every compared row were a training row (sample rows ÷ training rows). */
  readonly expectedIfAllTraining: number;
  readonly likely: boolean;
}

export interface ReportContext {
  readonly model: string;
  readonly registry: string;
  readonly dataPath: string;
  readonly loadedRows: number;
  readonly champion: { readonly version: number; readonly estimator: string; readonly aliases: readonly string[] };
  readonly challenger: { readonly version: number; readonly alias: string; readonly forcedReason: string | null; readonly dataFingerprint: string };
  readonly policy: RetrainPolicyReport;
  readonly overrides: readonly SettingOverride[];
  readonly trainingOverlap: TrainingOverlapReport | null;
}

export function buildRetrainReport(run: ChallengerRun, data: RetrainData, context: ReportContext): RetrainReport {
  const { train: _train, test: _test, ...split } = run.split;
  const rows = run.split.train.length.toLocaleString('en-US');
  const period = run.split.trainPeriod === null ? '' : ` (${run.split.trainPeriod.from} to ${run.split.trainPeriod.to})`;
  const part = run.split.how === 'time' ? `the earlier ${rows} rows` : `the other ${rows} rows`;
  const trainedOn = `${part} of ${context.dataPath}${period}, with the champion's learner and parameters; not the champion's own training data`;
  const registryFlag = registryFlagFor(context.registry);
  return {
    kind: 'framewise.retrain',
    version: RETRAIN_REPORT_VERSION,
    createdAt: new Date().toISOString(),
    model: context.model,
    registry: context.registry,
    champion: context.champion,
    challenger: context.challenger,
    data: { file: context.dataPath, rows: context.loadedRows, labelledRows: data.rows, unlabelledRows: data.unlabelled },
    trainedOn,
    split: { ...split, trainRows: run.split.train.length, testRows: run.split.test.length },
    comparison: run.comparison,
    policy: context.policy,
    overrides: context.overrides,
    changes: { features: data.features, label: data.label, notes: changeNotes(data) },
    trainingOverlap: context.trainingOverlap,
    promote: `framewise models promote ${context.model} ${context.challenger.version} --alias champion${registryFlag} --why ${shellWord(`retrained on ${context.dataPath}`)}`,
  };
}

/** What each category change means for the two models, one line each. */
export function changeNotes(data: RetrainData): string[] {
  const notes: string[] = [];
  for (const c of data.features) {
    if (c.added.length > 0) notes.push(`'${c.column}' has values the champion never saw: ${listValues(c.added)}. The champion reads them as missing; the challenger learned them, so its input accepts them as categories.`);
    if (c.absent.length > 0) notes.push(`'${c.column}' has no rows with ${c.absent.map((v) => `'${v}'`).join(', ')} in the new data; the challenger keeps them as known categories but learned nothing about them.`);
  }
  const l = data.label;
  if (l !== null) {
    if (l.added.length > 0) notes.push(`The label '${l.column}' has classes the champion never predicts: ${listValues(l.added)}; its rows count against the champion.`);
    if (l.absent.length > 0) notes.push(`The new data has no rows of class ${l.absent.map((v) => `'${v}'`).join(', ')}; the challenger cannot predict ${l.absent.length === 1 ? 'it' : 'them'}.`);
  }
  return notes;
}

/** The one-screen summary a person reads before deciding to promote. */
export function renderRetrainSummary(r: RetrainReport): string {
  const c = r.comparison;
  const lines: string[] = [];
  lines.push(`${r.model}: ${verdictHeadline(c.advice.verdict)}.`);
  const o = r.trainingOverlap;
  // Rows the champion learned from flatter it: said before any number it flatters.
  if (o?.likely) lines.push(`  WARNING     ${o.matched.toLocaleString('en-US')} of the ${o.rows.toLocaleString('en-US')} compared rows are rows ${r.model}@${r.champion.version} learned from, so the comparison favours it; retrain on data that came after its training data.`);
  lines.push(`  champion    ${r.model}@${r.champion.version} (${r.champion.estimator}${r.champion.aliases.length > 0 ? `, ${r.champion.aliases.join(', ')}` : ''})`);
  const period = r.split.trainPeriod === null ? '' : ` (${r.split.trainPeriod.from} to ${r.split.trainPeriod.to})`;
  lines.push(`  challenger  ${r.model}@${r.challenger.version} (alias '${r.challenger.alias}'): the champion's learner and parameters, trained only on the ${r.split.how === 'time' ? 'earlier' : 'other'} ${r.split.trainRows.toLocaleString('en-US')} new rows${period}`);
  lines.push(`  compared    on ${r.split.description}: ${r.split.testRows.toLocaleString('en-US')} rows, the same rows for both`);
  if (r.data.unlabelledRows > 0) lines.push(`  left out    ${r.data.unlabelledRows.toLocaleString('en-US')} rows without a label`);
  lines.push(`  policy      ${r.policy.description}`);
  for (const o of r.overrides) lines.push(`  override    ${overrideText(o)}`);
  const main = c.metrics.find((m) => m.metric === c.mainMetric)!;
  lines.push(`  ${pad(main.label)}champion ${num(main.champion)}, challenger ${num(main.challenger)}: lift ${signed(c.lift.value)} (95% interval ${signed(c.lift.low)} to ${signed(c.lift.high)})`);
  for (const m of c.metrics.filter((x) => x.metric !== c.mainMetric).slice(0, 2)) lines.push(`  ${pad(m.label)}champion ${num(m.champion)}, challenger ${num(m.challenger)}`);
  const v = c.value;
  if (v !== null) {
    const cur = v.currency === '' ? '' : ` ${v.currency}`;
    lines.push(`  value       per decision ${num(v.championPerDecision)} vs ${num(v.challengerPerDecision)}${cur}: gain ${signed(v.gainPerDecision.value)} (95% ${signed(v.gainPerDecision.low)} to ${signed(v.gainPerDecision.high)}); ${v.rule}`);
    if (v.gainPerMonth !== null) lines.push(`  a month     ${signedMoney(v.gainPerMonth.value)}${cur} over ${money(v.decisionsPerMonth!)} decisions (95% ${signedMoney(v.gainPerMonth.low)} to ${signedMoney(v.gainPerMonth.high)})`);
    if (v.paybackMonths !== null) lines.push(`  payback     a ${money(v.retrainingCost!)}${cur} round repays in ${months(v.paybackMonths.atEstimate)} (${months(v.paybackMonths.atLowerBound)} at the lower bound); the rule: within ${c.advice.horizonMonths} months at the lower bound`);
  }
  if (c.advice.basis === 'metric') lines.push(`  basis       the metric only: ${c.advice.metricOnlyBecause}`);
  for (const note of r.changes.notes.slice(0, 3)) lines.push(`  note        ${note}`);
  if (r.challenger.forcedReason !== null) lines.push(`  FORCED      ${r.challenger.forcedReason}`);
  lines.push(`Why: ${c.advice.reason}`);
  lines.push(`${c.advice.verdict === 'retrain' ? 'To promote it, if you agree' : 'Promotion is not advised; to promote it anyway'}: ${r.promote}`);
  return `${lines.join('\n')}\n`;
}

/** One override in words; a setting the registered version leaves unset is said so, not printed as null. */
export function overrideText(o: SettingOverride): string {
  const registered = o.registered === null || o.registered === undefined ? '(unset in the registered version)' : `instead of the registered ${JSON.stringify(o.registered)}`;
  return `${o.flag}: ${o.field} ${JSON.stringify(o.used)} ${registered}`;
}

function listValues(values: readonly { readonly value: string; readonly rows: number }[]): string {
  const shown = values.slice(0, 5).map((v) => `'${v.value}' (${v.rows.toLocaleString('en-US')} row${v.rows === 1 ? '' : 's'})`);
  return `${shown.join(', ')}${values.length > 5 ? ` and ${values.length - 5} more` : ''}`;
}

function pad(label: string): string {
  return label.length >= 11 ? `${label} ` : label.padEnd(12);
}

function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(4)).toString();
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return `${x > 0 ? '+' : ''}${num(x)}`;
}

function money(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

function signedMoney(x: number): string {
  return `${x > 0 ? '+' : ''}${money(x)}`;
}

function months(m: number | null): string {
  if (m === null) return 'never';
  return m === 0 ? 'no time' : m < 0.1 ? 'under 0.1 months' : `${m.toFixed(1)} months`;
}

/** ` --registry DIR` for a promote command printed to copy, or nothing for the default folder. */
export function registryFlagFor(registry: string): string {
  return registry === '.framewise' ? '' : ` --registry ${shellWord(registry)}`;
}

/** A word the shell reads back unchanged. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
