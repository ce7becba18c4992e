// The assessment as a reader sees it on a terminal: the verdict first, then the checks, the
// features, the bar and the models, each in a few lines.

import { sampleLines } from '../report/stage-samples.js';
import type { Assessment, CandidateScore } from '../evaluate/assessment.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { besideMetric } from '../evaluate/main-metric.js';
import { renderAnomaly } from './render-anomaly.js';
import { intervalCell, missingIntervals } from '../report/interval-cell.js';
import { verdictSettleLine } from '../report/settle-words.js';
import { formatNumber, renderTable } from './table.js';

const MARK = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

export function renderAssessment(a: Assessment): string {
  const main = a.evaluation.mainMetric;
  const info = metricInfo(main);
  const out: string[] = [];
  // Without a target (groups, anomalies) no row is labelled: say rows, not labelled rows.
  const unsupervised = a.framing.task === 'clustering' || a.framing.task === 'anomaly';
  out.push(`${a.name}: ${a.framing.task} (${a.framing.reason}); ${formatNumber(a.data.labelledRows)} ${unsupervised ? 'rows' : 'labelled rows'}, ${a.framing.features.length} features`);
  out.push('');
  out.push(`VERDICT: ${a.verdict.verdict}. ${a.verdict.headline}`);
  out.push(wrap(a.verdict.reason, 100, '  '));
  const settle = verdictSettleLine(a.verdict, a.data.labelledRows);
  if (settle !== null) out.push(settle);
  out.push('');
  out.push('Is the data ready?');
  for (const c of a.readiness) out.push(wrap(`${MARK[c.status]} ${c.title}: ${c.message}`, 100, '       ').replace(/^ {7}/, ''));
  out.push('');
  // Each feature alone is scored in its own metric (ROC AUC even where PR AUC heads the assessment).
  const power = metricInfo(a.featurePower[0]?.singleFeatureScore.metric ?? main);
  if (a.featurePower.length > 0) out.push(`Feature power (${power.label} of the best rule on each feature alone, ${a.evaluation.folds > 1 ? `${a.evaluation.folds}-fold ${a.evaluation.foldKind}` : 'measured once on all rows'}):`);
  if (a.featurePower.length > 0) out.push(
    renderTable(
      [{ header: 'feature' }, { header: 'power' }, { header: power.label, align: 'right' }, { header: 'AMI', align: 'right' }, { header: 'rule' }],
      a.featurePower.map((f) => [f.feature + (a.leakSuspects.some((s) => s.feature === f.feature) ? ' (leak?)' : ''), f.verdict, f.singleFeatureScore.mean.toFixed(3), f.adjustedMutualInformation.toFixed(3), truncate(f.rule, 60)]),
    ),
  );
  out.push('');
  out.push(`The bar and the models (${info.label}: ${info.explain}):`);
  if (a.evaluation.mainMetricReason) out.push(wrap(a.evaluation.mainMetricReason, 100, '  '));
  const beside = besideMetric(main);
  const rows = [...a.baselines.map((b) => ['bar', b]), ...a.leaderboard.map((m) => ['model', m])] as [string, CandidateScore][];
  out.push(
    renderTable(
      [{ header: '' }, { header: 'candidate' }, { header: info.label, align: 'right' }, { header: '95% interval', align: 'right' }, ...(beside === null ? [] : [{ header: metricInfo(beside).label, align: 'right' as const }]), { header: 'fit s', align: 'right' }, { header: 'predict s', align: 'right' }],
      rows.map(([kind, c]) => {
        // A candidate can lack the main metric (a rule without one): shown as n/a, never a crash.
        const m = c.metrics[main];
        return [kind, truncate(c.name + (c.cutShort ? ` (${c.foldsRun} of ${a.evaluation.folds} folds)` : ''), 48), m !== undefined && Number.isFinite(m.mean) ? m.mean.toFixed(3) : 'n/a', m === undefined ? 'n/a' : intervalCell(c, main, a.evaluation.folds, '–'), ...(beside === null ? [] : [Number.isFinite(c.metrics[beside]?.mean ?? Number.NaN) ? c.metrics[beside]!.mean.toFixed(3) : 'n/a']), (c.fitSeconds ?? c.fitPredictSeconds).toFixed(2), c.predictSeconds == null ? '–' : c.predictSeconds.toFixed(3)];
      }),
    ),
  );
  out.push(...sampleLines(a));
  if (a.anomaly) out.push('', ...renderAnomaly(a.anomaly));
  const lift = a.lift.overBestBaseline ?? a.lift.overPrior;
  const noInterval = missingIntervals([...a.baselines, ...a.leaderboard], main);
  if (noInterval !== null) out.push(noInterval);
  if (a.choice) out.push(wrap(`Model put forward: ${a.choice.reason}`, 100, '  ').replace(/^ {2}/, ''));
  if (lift) out.push(`Lift of the model put forward over the ${a.lift.overBestBaseline ? 'best baseline' : 'prior'}: ${lift.value.toFixed(3)} (${(100 * lift.level).toFixed(1)}% interval ${lift.low.toFixed(3)} to ${lift.high.toFixed(3)}; minimum that matters ${a.verdict.minimumLift}).`);
  const v = a.verdict.value;
  if (v) {
    const money = (x: number | null, digits = 2): string => (x === null ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    out.push('');
    out.push(`In money (${v.currency || 'value'} per decision on the same ${formatNumber(v.rows)} out-of-fold rows; the verdict is decided on ${a.verdict.basis ?? 'metric'}):`);
    out.push(
      renderTable(
        [{ header: '' }, { header: 'approach' }, { header: 'per decision', align: 'right' }, { header: 'per month', align: 'right' }],
        [
          ['model', truncate(`${v.model.name}${v.runningCostPerDecision === null ? '' : ' (after running costs)'}`, 60), money(v.model.afterRunningCost), money(v.decisionsPerMonth === null ? null : v.model.afterRunningCost * v.decisionsPerMonth, 0)],
          ...v.bars.map((x) => [x.id === v.bar.id ? 'bar' : '', truncate(x.kind === 'nothing' ? `doing nothing: ${x.description}` : `${x.name}${x.description && x.kind !== 'prior' ? ` ("${x.description}")` : ''}`, 60), money(x.perDecision), money(x.perMonth, 0)]),
        ],
      ),
    );
  }
  if (a.learningCurve && a.learningCurve.points.length > 0) {
    out.push(`Learning curve (${info.label}): ${a.learningCurve.points.map((p) => `${Math.round(p.share * 100)}% → ${p.score.toFixed(3)}`).join(', ')}; more data likely helps: ${a.learningCurve.moreDataLikelyHelps}.`);
  }
  for (const w of a.warnings) out.push(`note: ${w}`);
  out.push(`(${a.evaluation.elapsedSeconds.toFixed(1)} s of a ${a.evaluation.budgetSeconds} s budget)`);
  return `${out.join('\n')}\n`;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim().length > 0) {
      lines.push(line);
      line = indent;
    }
    line += (line.trim().length > 0 ? ' ' : '') + w;
  }
  lines.push(line);
  return lines.join('\n');
}
