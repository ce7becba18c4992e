// A monitoring run as a document of blocks (verdict call-out, the policy decisions are taken at,
// value against the promise first, then drift with decision drift, out-of-distribution inputs and
// performance against the promise) that the Markdown and HTML renderers draw, and the terminal summary.

import { anomalyBlocks, anomalyLines } from './anomaly-monitor.js';
import { clusterMonitorBlocks, clusterMonitorLines } from './cluster-monitor-blocks.js';
import type { Block, BriefDocument } from './document.js';
import type { FeatureDrift } from '../monitor/drift-report.js';
import { DRIFT_TESTS } from '../monitor/drift-tests.js';
import type { AlertReport } from '../monitor/alerts-run.js';
import type { MonitorResult } from '../monitor/monitor-run.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { monitorClassBlocks, monitorClassLines } from './monitor-class-blocks.js';
import { capitalized } from '../core/capitalize.js';

const pct = (share: number): string => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-');
const num = (value: number): string => (!Number.isFinite(value) ? '-' : Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value * 100) / 100) : String(Number(value.toPrecision(3))));

function driftRow(f: FeatureDrift): string[] {
  return [f.name, f.test, num(f.result.statistic ?? f.result.value), f.result.pValue === undefined ? '-' : num(f.result.pValue), num(f.result.threshold), f.result.drifted ? 'drifted' : 'stable'];
}

export function monitorDocument(result: MonitorResult, alerts: readonly AlertReport[] = []): BriefDocument {
  const { drift, ood, predictions, verdict } = result;
  const worrying = verdict.datasetDrifted || verdict.oodExceeded || verdict.belowPromise || verdict.valueBelowPromise;
  const source = result.window.source === 'file' ? `file ${result.window.path}` : `prediction log since ${result.window.since}`;
  const blocks: Block[] = [
    { kind: 'callout', tone: worrying ? 'bad' : drift.driftedFeatures.length > 0 || verdict.predictionsDrifted || verdict.decisionsDrifted ? 'warn' : 'good', text: verdict.summary },
    { kind: 'paragraph', text: (result.policy.loggedDescription ?? null) === null ? `Decisions are counted and valued at ${result.policy.description}.` : `Decisions are counted and valued as the server took them: ${result.policy.loggedDescription}. The policy in force now: ${result.policy.description}.` },
    { kind: 'paragraph', text: `Reference: ${result.reference.rows} training rows (a seeded sample of ${result.reference.sourceRows}). Current window: ${result.window.rows} rows from the ${source}.` },
    ...valueBlocks(result),
    { kind: 'heading', level: 2, text: 'Feature drift' },
    {
      kind: 'table',
      headers: ['feature', 'test', 'statistic', 'p-value', 'threshold', 'result'],
      rows: drift.features.map(driftRow),
      align: ['left', 'left', 'right', 'right', 'right', 'left'],
      stack: true,
      caption: `${drift.driftedFeatures.length} of ${drift.features.length} features drifted (${pct(drift.driftedShare)}); the data set counts as drifted at ${pct(drift.datasetDriftShare)}.`,
    },
    ...(drift.features.length === 0
      ? []
      : [
          {
            kind: 'chart',
            caption: 'Drift per feature: the tested value against its limit',
            chart: { kind: 'drift-per-feature', id: 'monitor-drift', rows: drift.features.map((f) => ({ feature: f.name, test: f.test, decision: DRIFT_TESTS[f.test].decision, value: f.result.value, threshold: f.result.threshold, drifted: f.result.drifted })) },
          } as const,
        ]),
    ...(drift.skipped.length === 0 ? [] : [{ kind: 'list', items: drift.skipped.map((s) => `${s.name}: not tested, ${s.reason}`) } as const]),
    { kind: 'heading', level: 2, text: predictions.comparison === 'training-serving-skew' ? 'Training-serving skew (predictions)' : 'Prediction drift' },
    predictions.drift === null
      ? { kind: 'paragraph', text: `Not compared: ${predictions.note ?? 'no predictions'}.` }
      : { kind: 'table', headers: ['output', 'test', 'statistic', 'p-value', 'threshold', 'result'], rows: [driftRow(predictions.drift)], align: ['left', 'left', 'right', 'right', 'right', 'left'], stack: true },
    ...decisionBlocks(result),
    { kind: 'heading', level: 2, text: 'Out-of-distribution inputs' },
    {
      kind: 'table',
      headers: ['feature', 'out of range', 'unseen categories', 'missing, never in training', 'OOD rate', 'missing (train → now)', 'examples'],
      rows: ood.features.map((f) => [
        f.absent ? `${f.name} (absent)` : f.name,
        String(f.outOfRange),
        String(f.unseenCategories),
        String(f.unexpectedMissing),
        pct(f.oodRate),
        `${pct(f.trainingMissingShare)} → ${pct(f.currentMissingShare)}${f.missingJump ? ' (jump)' : ''}`,
        f.examples.map(String).join(', '),
      ]),
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
      stack: true,
      caption: `${ood.oodRows} of ${ood.rows} rows (${pct(ood.oodRate)}) have at least one out-of-distribution value; --fail-on ood fails above ${pct(ood.failRate)}.`,
    },
    ...(result.oodOverTime.length < 2
      ? []
      : [
          {
            kind: 'chart',
            caption: `Out-of-distribution share per ${result.window.rolling} window`,
            chart: { kind: 'ood-over-time', id: 'monitor-ood', points: result.oodOverTime.map((w) => ({ start: w.start, rows: w.rows, oodRate: w.oodRate })), failRate: ood.failRate },
          } as const,
        ]),
    ...(result.anomaly === undefined ? [] : anomalyBlocks(result.anomaly)),
    ...clusterMonitorBlocks(result),
    ...performanceBlocks(result),
    ...monitorClassBlocks(result.performance?.classes, result.performance?.value?.decidedBy ?? null),
    ...alertBlocks(alerts),
    ...(result.notes.length === 0 ? [] : [{ kind: 'heading', level: 2, text: 'Notes' } as const, { kind: 'list', items: result.notes } as const]),
  ];
  return { title: `Monitoring ${result.model.name}@${result.model.version}`, subtitle: `${result.model.estimator} (${result.model.task}), ${result.createdAt.slice(0, 19).replace('T', ' ')} UTC`, blocks };
}

/** The terminal summary: the verdict, the drifted features and the worst OOD features. */
export function monitorSummary(result: MonitorResult, outDir: string, alerts: readonly AlertReport[] = [], latest: string | null = null): string {
  const { drift, ood, predictions } = result;
  const value = result.performance?.value ?? null;
  const decisions = predictions.decisions;
  const lines = [
    result.verdict.summary,
    ...(value === null
      ? []
      : [
          `  value       ${money(value.perDecision, value.currency)} per decision [${num(value.low)}, ${num(value.high)}]${value.promised === null ? ' (no value promised)' : ` vs promised ${money(value.promised.perDecision, value.currency)} [${num(value.promised.low)}, ${num(value.promised.high)}]`}${value.belowPromise ? ' — BELOW PROMISE' : ''}; ${money(value.total, value.currency)} in all`,
        ]),
    `  policy      ${result.policy.description}`,
    ...((result.policy.loggedDescription ?? null) === null ? [] : [`  decided     ${result.policy.loggedDescription}`]),
    ...(decisions === null ? [] : [`  decisions   ${pct(decisions.current.rate)} ${result.policy.boundary === undefined || result.policy.boundary === null ? 'positive' : `decided above ${result.policy.boundary}`} vs ${pct(decisions.reference.rate)} in the ${decisions.reference.source === 'promise' ? 'promise' : 'reference sample'} (p ${num(decisions.pValue)})${decisions.drifted ? ' — DRIFTED' : ', stable'}`]),
    `  window      ${result.window.rows.toLocaleString('en-US')} rows (${result.window.source === 'file' ? result.window.path : `prediction log since ${result.window.since}`}) vs ${result.reference.rows.toLocaleString('en-US')} training rows`,
    `  drift       ${drift.driftedFeatures.length}/${drift.features.length} features${drift.driftedFeatures.length > 0 ? `: ${drift.driftedFeatures.join(', ')}` : ''}${drift.datasetDrifted ? ' — DATA SET DRIFTED' : ''}`,
    `  ${predictions.comparison === 'training-serving-skew' ? 'skew       ' : 'predictions'} ${predictions.drift === null ? `not compared (${predictions.note})` : `${predictions.drift.test} ${num(predictions.drift.result.statistic ?? predictions.drift.result.value)}, ${predictions.drift.result.drifted ? 'drifted' : 'stable'}`}`,
    `  OOD         ${pct(ood.oodRate)} of rows${result.verdict.oodExceeded ? ` — ABOVE ${pct(ood.failRate)}` : ''}`,
  ];
  for (const f of ood.features.filter((x) => x.oodRows > 0 || x.missingJump).slice(0, 5)) {
    lines.push(`              ${f.name}: ${pct(f.oodRate)}${f.examples.length > 0 ? ` (e.g. ${f.examples.slice(0, 3).join(', ')})` : ''}${f.missingJump ? `, missing ${pct(f.trainingMissingShare)} → ${pct(f.currentMissingShare)}` : ''}`);
  }
  if (result.anomaly !== undefined) lines.push(...anomalyLines(result.anomaly));
  else lines.push(...clusterMonitorLines(result), ...performanceLines(result), ...monitorClassLines(result.performance?.classes));
  // Labels the monitor could not use change what every figure above is measured on: shown here, not only in the report.
  if ((result.performance?.unusableLabels ?? 0) > 0) for (const note of result.performance!.notes.filter((n) => n.includes('were left out'))) lines.push(`  labels      ${note}`);
  const breached = alerts.filter((a) => a.state === 'breached');
  if (alerts.length > 0) lines.push(`  alerts      ${breached.length === 0 ? `none of ${alerts.length} rule${alerts.length === 1 ? '' : 's'} breached` : breached.map((a) => `${a.name}${a.event === 'firing' ? ' (new)' : ' (still)'}`).join(', ')}`);
  lines.push(`  report      ${outDir}/monitor.json, monitor.md, monitor.html${latest === null ? '' : ` (newest run also in ${latest})`}`);
  return lines.join('\n');
}

const interval = (m: { value: number; low: number; high: number }): string => `${num(m.value)} [${num(m.low)}, ${num(m.high)}]`;
const money = (value: number, currency: string | null): string => `${currency === null ? '' : `${currency} `}${(Math.round(value * 100) / 100).toLocaleString('en-US')}`;

/** Fewer labelled rows than this in a rolling window: listed in the table, not drawn (too noisy). */
const MIN_CHART_ROWS = 10;

function promiseWord(id: string, value: number, promise: { low: number; high: number }, below: boolean): string {
  if (below) return 'below promise';
  const worse = metricInfo(id).higherIsBetter ? value < promise.low : value > promise.high;
  return worse ? 'worse, within the noise' : 'as promised';
}

/** Metrics to chart over time: the promised ones first, then the watched ones, at most three. */
function chartedMetrics(result: MonitorResult): string[] {
  const p = result.performance;
  if (p === null) return [];
  const ids = [...(p.mainMetric === undefined ? [] : [p.mainMetric]), ...Object.keys(p.promised), ...Object.keys(p.overall.metrics)].filter((id, i, all) => all.indexOf(id) === i && p.overall.metrics[id] !== undefined);
  return ids.slice(0, 3);
}

/** The performance section: against the promise, realised value, per-window table and charts. */
function performanceBlocks(result: MonitorResult): Block[] {
  const p = result.performance;
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Performance once labels arrived' }];
  if (p === null) {
    blocks.push({ kind: 'paragraph', text: 'Not measured yet: no labelled rows in this window (see the notes below).' });
    return blocks;
  }
  const below = p.belowPromise;
  blocks.push({
    kind: 'callout',
    tone: below.length > 0 ? 'bad' : Object.keys(p.promised).length === 0 ? 'neutral' : 'good',
    text:
      below.length > 0
        ? `Below the promise on ${p.labelled} labelled rows: ${below.map((id) => metricInfo(id).label).join(', ')} (the whole 95% interval is worse than the promised interval).`
        : Object.keys(p.promised).length === 0
          ? `Measured on ${p.labelled} labelled rows; registration promised no held-out figures to compare with.`
          : `As promised on ${p.labelled} labelled rows: no metric's interval lies wholly below the promised one.`,
  });
  blocks.push({
    kind: 'table',
    headers: ['metric', 'now [95% interval]', 'promised [interval]', 'result'],
    rows: Object.entries(p.overall.metrics).map(([id, m]) => {
      const promise = p.promised[id];
      return [metricInfo(id).label, interval(m), promise === undefined ? '-' : `${num(promise.mean)} [${num(promise.low)}, ${num(promise.high)}]`, promise === undefined ? '-' : promiseWord(id, m.value, promise, below.includes(id))];
    }),
    align: ['left', 'right', 'right', 'left'],
    stack: true,
    caption: `Over all ${p.overall.rows} labelled rows; intervals from ${p.labelled > 1 ? 'a seeded bootstrap' : 'one row'}. "Below promise": the upper end of the interval (lower end, for lower-is-better metrics) is past the promised interval; "worse, within the noise": the value is past it but the interval still reaches it.`,
  });
  const metrics = chartedMetrics(result);
  if (p.windows.length > 0 && metrics.length > 0) {
    const main = metrics[0]!;
    const shown = p.windows.slice(-30);
    blocks.push({
      kind: 'table',
      headers: ['window start', 'rows', `${metricInfo(main).label} [95%]`, 'value per decision'],
      rows: shown.map((w) => [w.start.replace('T', ' ').replace(':00.000Z', ''), String(w.rows), w.metrics[main] === undefined ? '-' : interval(w.metrics[main]!), w.valuePerDecision === null ? '-' : money(w.valuePerDecision, p.value?.currency ?? null)]),
      align: ['left', 'right', 'right', 'right'],
      stack: true,
      caption: `Rolling ${p.window} windows by prediction time${shown.length < p.windows.length ? ` (the last ${shown.length} of ${p.windows.length})` : ''}.`,
    });
    const drawn = p.windows.filter((w) => w.rows >= MIN_CHART_ROWS);
    const left = p.windows.length - drawn.length;
    if (drawn.length >= 2) {
      for (const id of metrics) {
        blocks.push({
          kind: 'chart',
          caption: `${capitalized(metricInfo(id).label)} per ${p.window} window against the promise${left > 0 ? ` (${left} window${left === 1 ? '' : 's'} with fewer than ${MIN_CHART_ROWS} labelled rows not drawn)` : ''}`,
          chart: {
            kind: 'performance-over-time',
            id: `monitor-performance-${id}`,
            metric: id,
            higherIsBetter: metricInfo(id).higherIsBetter,
            points: drawn.flatMap((w) => (w.metrics[id] === undefined ? [] : [{ start: w.start, rows: w.rows, ...w.metrics[id]! }])),
            promised: p.promised[id] ?? null,
          },
        });
      }
    }
  }
  if (p.notes.length > 0) blocks.push({ kind: 'list', items: p.notes });
  return blocks;
}

/** Terminal lines for performance: each promised metric now against its promise, and the value. */
function performanceLines(result: MonitorResult): string[] {
  const p = result.performance;
  if (p === null) return ['  performance not measured (no labelled rows)'];
  const ids = chartedMetrics(result);
  const lines = [`  performance ${p.labelled.toLocaleString('en-US')} labelled rows${p.belowPromise.length > 0 ? ` — BELOW PROMISE: ${p.belowPromise.map((id) => metricInfo(id).label).join(', ')}` : ''}`];
  for (const id of ids) {
    const promise = p.promised[id];
    lines.push(`              ${metricInfo(id).label} ${interval(p.overall.metrics[id]!)}${promise === undefined ? '' : ` vs promised ${num(promise.mean)} [${num(promise.low)}, ${num(promise.high)}]`}`);
  }
  const b = p.boundary;
  if (b !== undefined) {
    const share = (x: { value: number; low: number; high: number }): string => `${(100 * x.value).toFixed(1)}% [${(100 * x.low).toFixed(1)}, ${(100 * x.high).toFixed(1)}]`;
    const promised = b.promised === null ? (b.promisedAtOtherBoundary === null ? '' : ` (promise made at boundary ${b.promisedAtOtherBoundary}, not compared)`) : ` vs promised ${(100 * b.promised.sideAccuracy.mean).toFixed(1)}% on the truth's side`;
    lines.push(`              at boundary ${b.boundary}: ${share(b.aboveShare)} decided above, ${share(b.sideAccuracy)} on the truth's side${promised}${b.belowPromise ? ' — BELOW PROMISE' : ''}`);
  }
  return lines;
}

const ALERT_STATE_WORDS: Readonly<Record<AlertReport['state'], string>> = { breached: 'BREACHED', ok: 'ok', 'not-enough-data': 'not enough data', 'unknown-metric': 'not measured' };

/** The card's alert rules as judged on this window, and what was sent about each change. */
function alertBlocks(alerts: readonly AlertReport[]): Block[] {
  if (alerts.length === 0) return [];
  const sent = (a: AlertReport): string => (a.event === null ? '-' : `${a.event === 'firing' ? 'alert' : 'resolved'}: ${a.delivery ?? '-'}`);
  return [
    { kind: 'heading', level: 2, text: 'Alert rules' },
    {
      kind: 'table',
      headers: ['rule', 'metric', 'value', 'limit', 'state', 'sent this run'],
      rows: alerts.map((a) => [a.name, a.metric, a.value === null ? '-' : num(a.value), `${a.direction} ${num(a.threshold)}`, ALERT_STATE_WORDS[a.state], sent(a)]),
      align: ['left', 'left', 'right', 'right', 'left', 'left'],
      stack: true,
    },
    { kind: 'paragraph', text: 'A rule notifies once when it becomes breached and once when it recovers; a breach that continues is not sent again.' },
  ];
}

/** Value against the promise, first after the verdict: the breach, the figures and the chart over time. */
function valueBlocks(result: MonitorResult): Block[] {
  const p = result.performance;
  const v = p?.value ?? null;
  if (p === null || v === null) return [];
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Value against the promise' }];
  const now = `${money(v.perDecision, v.currency)} per decision [${num(v.low)}, ${num(v.high)}]`;
  const promise = v.promised === null ? null : `${money(v.promised.perDecision, v.currency)} [${num(v.promised.low)}, ${num(v.promised.high)}]`;
  blocks.push({
    kind: 'callout',
    tone: v.belowPromise ? 'bad' : promise === null ? 'neutral' : v.perDecision < (v.promised?.low ?? -Infinity) ? 'warn' : 'good',
    text: v.belowPromise
      ? `Value below promise: the decisions realised ${now} on ${p.labelled} labelled rows, against the promised ${promise}. The whole 95% interval lies under the promise's lower bound: the model now loses value the registration counted on.`
      : promise === null
        ? `The decisions realised ${now} on ${p.labelled} labelled rows; registration promised no value to compare with.`
        : v.perDecision < v.promised!.low
          ? `Below the promised ${promise}, within the noise: the decisions realised ${now} on ${p.labelled} labelled rows, an interval that still reaches the promise.`
          : `As promised: the decisions realised ${now} on ${p.labelled} labelled rows, against the promised ${promise}.`,
  });
  blocks.push({
    kind: 'table',
    headers: ['', 'per decision', '95% interval'],
    rows: [
      ['realised now', money(v.perDecision, v.currency), `${num(v.low)} to ${num(v.high)}`],
      ...(v.promised === null ? [] : [['promised', money(v.promised.perDecision, v.currency), `${num(v.promised.low)} to ${num(v.promised.high)}`]]),
    ],
    align: ['left', 'right', 'right'],
    stack: true,
    caption: `${money(v.total, v.currency)} over ${p.labelled} labelled decisions at ${result.policy.loggedDescription ?? result.policy.description}. Below promise: the realised interval's upper end is under the promised lower bound (judged from 30 labelled rows).`,
  });
  const drawn = p.windows.filter((w) => w.value !== null && w.rows >= MIN_CHART_ROWS);
  if (drawn.length >= 2) {
    const left = p.windows.filter((w) => w.value !== null).length - drawn.length;
    blocks.push({
      kind: 'chart',
      caption: `Realised value per decision per ${p.window} window against the promise${left > 0 ? ` (${left} window${left === 1 ? '' : 's'} with fewer than ${MIN_CHART_ROWS} labelled rows not drawn)` : ''}`,
      chart: {
        kind: 'value-over-time',
        id: 'monitor-value',
        currency: v.currency,
        points: drawn.map((w) => ({ start: w.start, rows: w.rows, value: w.value!.perDecision, low: w.value!.low, high: w.value!.high })),
        promised: v.promised,
      },
    });
  }
  return blocks;
}

/** Decision drift: the share of positive decisions at the policy threshold, now and in the reference. */
function decisionBlocks(result: MonitorResult): Block[] {
  const d = result.predictions.decisions;
  if (d === null) return [];
  return [
    {
      kind: 'table',
      headers: ['decisions', 'positive now', 'reference', 'z', 'p-value', 'result'],
      rows: [[`'${d.positiveClass}' at ${num(d.threshold)}`, `${pct(d.current.rate)} of ${d.current.rows}`, `${pct(d.reference.rate)} of ${d.reference.rows}`, num(d.statistic), num(d.pValue), d.drifted ? 'drifted' : 'stable']],
      align: ['left', 'right', 'right', 'right', 'right', 'left'],
      stack: true,
      caption: `Decision drift: the share of positive decisions at ${d.policy}, against the ${d.reference.source === 'promise' ? "promise's out-of-fold share" : "model's share on its training sample"}; two-proportion z-test, drifted at p < ${d.alpha}.`,
    },
  ];
}
