// The assessment benchmark on the known-answer tables (bench/known-answer-data.ts): for each size,
// `framewise assess` at the default budget (wall against the budget, the models scored, each
// stage's rows, peak memory, the verdict against the known answer), then `framewise brief` for
// the chosen model, scored on the held-out file beside XGBoost trained on every row in the same run.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../src/core/paths.js';
import { rocAuc } from '../src/evaluate/metrics/ranking.js';
import { ensureKnownAnswerTest, ensureKnownAnswerTrain, KNOWN_ANSWER_TARGET, KNOWN_ANSWER_VERDICT } from './known-answer-data.js';
import { failure, timedCli, type TimedRun } from './timed-run.js';

interface Stage {
  readonly stage: string;
  readonly rows: number;
  readonly of: number;
  readonly how?: string | null;
  readonly spentSeconds?: number;
  readonly plannedSeconds?: number | null;
  readonly trainingRows?: number;
}

interface AssessmentJson {
  readonly evaluation: { readonly budgetSeconds: number; readonly elapsedSeconds: number; readonly folds: number };
  readonly verdict: { readonly verdict: string; readonly headline: string };
  readonly leaderboard: readonly { readonly name: string; readonly foldsRun: number; readonly metrics: Record<string, { readonly mean: number }> }[];
  readonly choice?: { readonly model: string } | null;
  readonly warnings: readonly string[];
  /** Written by the budget planner: each stage with the rows it used. */
  readonly stages?: readonly Stage[];
  readonly data?: { readonly rows: number };
}

export interface KnownAnswerRow {
  readonly rows: number;
  readonly assess: TimedRun;
  readonly assessment: AssessmentJson | null;
  readonly brief: TimedRun;
  /** ROC AUC of the brief's model on the held-out file; null when the brief chose no model. */
  readonly heldOut: number | null;
  readonly peer: { readonly name: string; readonly auc: number; readonly fitSeconds: number; readonly loadSeconds: number; readonly maxRssBytes: number } | null;
}

const peerScript = fromRoot('bench', 'peers', 'xgb_known_answer.py');

/** ROC AUC of `proba_<positive>` against the label in a predictions CSV written by `framewise predict`. */
export function heldOutAuc(predictions: string, positive = '1'): number {
  const lines = readFileSync(predictions, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const label = header.indexOf(KNOWN_ANSWER_TARGET);
  const score = header.indexOf(`proba_${positive}`);
  if (label < 0 || score < 0) throw new Error(`${predictions} lacks '${KNOWN_ANSWER_TARGET}' or 'proba_${positive}'`);
  const y = new Int32Array(lines.length - 1);
  const s = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    y[i - 1] = cells[label] === positive ? 1 : 0;
    s[i - 1] = Number(cells[score]);
  }
  return rocAuc(y, s).value;
}

/** Runs every size in `sizes` (rows), working in `work`; `peer` false skips XGBoost; `onRow` hears the rows so far after each size. */
export async function runKnownAnswer(sizes: readonly number[], work: string, peer: boolean, onRow: (rows: readonly KnownAnswerRow[]) => void = () => undefined): Promise<KnownAnswerRow[]> {
  const test = await ensureKnownAnswerTest();
  const out: KnownAnswerRow[] = [];
  for (const rows of sizes) {
    const file = await ensureKnownAnswerTrain(rows);
    const dir = join(work, `known-answer-${rows}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`known answer, ${rows} rows: assess\n`);
    const assess = timedCli(['assess', file, '--target', KNOWN_ANSWER_TARGET, '--out', join(dir, 'assess')], dir);
    const assessmentPath = join(dir, 'assess', 'assessment.json');
    const assessment = existsSync(assessmentPath) ? (JSON.parse(readFileSync(assessmentPath, 'utf8')) as AssessmentJson) : null;
    process.stderr.write(`known answer, ${rows} rows: brief\n`);
    const brief = timedCli(['brief', file, '--target', KNOWN_ANSWER_TARGET, '--out', join(dir, 'brief')], dir);
    const model = join(dir, 'brief', 'model.json');
    let heldOut: number | null = null;
    if (brief.code === 0 && existsSync(model)) {
      const predictions = join(dir, 'held-out-predictions.csv');
      const predict = timedCli(['predict', model, test, '--out', predictions, '--force'], dir);
      if (predict.code === 0) heldOut = heldOutAuc(predictions);
      else process.stderr.write(`predict on the held-out file failed: ${failure(predict)}\n`);
    }
    let peerRun: KnownAnswerRow['peer'] = null;
    if (peer) {
      process.stderr.write(`known answer, ${rows} rows: XGBoost on every row\n`);
      try {
        peerRun = JSON.parse(execFileSync('/usr/bin/python3', [peerScript, file, test, '1'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } })) as KnownAnswerRow['peer'];
      } catch (error) {
        process.stderr.write(`XGBoost peer failed: ${(error as Error).message}\n`);
      }
    }
    out.push({ rows, assess, assessment, brief, heldOut, peer: peerRun });
    onRow(out);
    process.stderr.write(`${JSON.stringify({ rows, assessWall: assess.wallSeconds, assessPeakMiB: assess.peakMiB, verdict: assessment?.verdict.verdict, briefWall: brief.wallSeconds, heldOut, peer: peerRun?.auc })}\n`);
  }
  return out;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** The stages a planner wrote (rows of all, how drawn), else what the assessment says of its rows. */
function stageText(a: AssessmentJson): string {
  if (a.stages !== undefined && a.stages.length > 0) {
    return a.stages
      .map((s) => `${s.stage} ${s.rows === s.of ? `all ${n(s.rows)}` : `${n(s.rows)} of ${n(s.of)}${s.how ? ` (${s.how})` : ''}`}${s.trainingRows === undefined ? '' : `, trains on ${n(s.trainingRows)}`}${s.spentSeconds === undefined ? '' : `, ${s.spentSeconds.toFixed(1)} s`}${s.plannedSeconds == null ? '' : ` of ${s.plannedSeconds.toFixed(1)} planned`}`)
      .join('; ');
  }
  return `no stage list in assessment.json: every stage on all ${n(a.data?.rows ?? Number.NaN)} rows, ${a.evaluation.folds} folds`;
}

function modelsText(a: AssessmentJson): string {
  const scored = a.leaderboard.map((m) => `${m.name} (${m.foldsRun} folds${m.metrics['roc_auc'] === undefined ? '' : `, ROC AUC ${m.metrics['roc_auc'].mean.toFixed(3)}`})`);
  // "gradient boosting was not tried: the time budget ran out before it could start; raise …" → name and reason.
  const skipped = a.warnings.map((w) => /^(.*) was not tried: ([^;]*)/.exec(w)).filter((m) => m !== null);
  const reasons = [...new Set(skipped.map((m) => m[2]!))];
  const notTried = reasons.map((reason) => `not tried: ${skipped.filter((m) => m[2] === reason).map((m) => m[1]).join(', ')} (${reason})`);
  return [scored.length === 0 ? 'none scored' : scored.join(', '), ...notTried].join('; ');
}

export function knownAnswerTable(rows: readonly KnownAnswerRow[]): string {
  const lines = rows.map((r) => {
    const a = r.assessment;
    if (a === null) return `| ${n(r.rows)} | ${failure(r.assess)} | | | | ${r.assess.peakMiB.toFixed(0)} | | | | | |`;
    const budget = a.evaluation.budgetSeconds;
    const outside = r.assess.wallSeconds - a.evaluation.elapsedSeconds;
    const verdict = a.verdict.verdict;
    const right = verdict === KNOWN_ANSWER_VERDICT ? 'right' : 'WRONG';
    const chosen = r.heldOut === null ? `no model (${r.brief.code === 0 ? verdict : failure(r.brief)})` : r.heldOut.toFixed(4);
    const peer = r.peer === null ? 'not run' : `${r.peer.auc.toFixed(4)} (fit ${r.peer.fitSeconds.toFixed(0)} s)`;
    return `| ${n(r.rows)} | ${budget} | ${r.assess.wallSeconds.toFixed(1)} (${(r.assess.wallSeconds / budget).toFixed(2)} × budget) | ${a.evaluation.elapsedSeconds.toFixed(1)} | ${outside.toFixed(1)} | ${r.assess.peakMiB.toFixed(0)} | ${verdict} (${right}) | ${modelsText(a)} | ${stageText(a)} | ${r.brief.wallSeconds.toFixed(1)} s, ${r.brief.peakMiB.toFixed(0)} MiB | ${chosen} | ${peer} |`;
  });
  return `| rows × 20 features | budget (s) | assess wall (s) | assessment's own elapsed (s) | rest of the run: load, write (s) | assess peak RSS (MiB) | verdict (known: ${KNOWN_ANSWER_VERDICT}) | models scored | rows per stage | brief (wall, peak) | chosen model's held-out ROC AUC | XGBoost on every row, held-out ROC AUC |
| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | ---: | ---: |
${lines.join('\n')}`;
}
