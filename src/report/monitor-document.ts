// A monitoring run as a document of blocks (verdict call-out, drift table, out-of-distribution
// table) that the Markdown and HTML renderers draw, and the one-screen terminal summary.

import type { Block, BriefDocument } from './document.js';
import type { FeatureDrift } from '../monitor/drift-report.js';
import type { MonitorResult } from '../monitor/monitor-run.js';

const pct = (share: number): string => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-');
const num = (value: number): string => (Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value * 100) / 100) : String(Number(value.toPrecision(3))));

function driftRow(f: FeatureDrift): string[] {
  return [f.name, f.test, num(f.result.statistic ?? f.result.value), f.result.pValue === undefined ? '-' : num(f.result.pValue), num(f.result.threshold), f.result.drifted ? 'drifted' : 'stable'];
}

export function monitorDocument(result: MonitorResult): BriefDocument {
  const { drift, ood, predictions, verdict } = result;
  const worrying = verdict.datasetDrifted || verdict.oodExceeded;
  const source = result.window.source === 'file' ? `file ${result.window.path}` : `prediction log since ${result.window.since}`;
  const blocks: Block[] = [
    { kind: 'callout', tone: worrying ? 'bad' : drift.driftedFeatures.length > 0 || verdict.predictionsDrifted ? 'warn' : 'good', text: verdict.summary },
    { kind: 'paragraph', text: `Reference: ${result.reference.rows} training rows (a seeded sample of ${result.reference.sourceRows}). Current window: ${result.window.rows} rows from the ${source}.` },
    { kind: 'heading', level: 2, text: 'Feature drift' },
    {
      kind: 'table',
      headers: ['feature', 'test', 'statistic', 'p-value', 'threshold', 'result'],
      rows: drift.features.map(driftRow),
      align: ['left', 'left', 'right', 'right', 'right', 'left'],
      caption: `${drift.driftedFeatures.length} of ${drift.features.length} features drifted (${pct(drift.driftedShare)}); the data set counts as drifted at ${pct(drift.datasetDriftShare)}.`,
    },
    ...(drift.skipped.length === 0 ? [] : [{ kind: 'list', items: drift.skipped.map((s) => `${s.name}: not tested, ${s.reason}`) } as const]),
    { kind: 'heading', level: 2, text: predictions.comparison === 'training-serving-skew' ? 'Training-serving skew (predictions)' : 'Prediction drift' },
    predictions.drift === null
      ? { kind: 'paragraph', text: `Not compared: ${predictions.note ?? 'no predictions'}.` }
      : { kind: 'table', headers: ['output', 'test', 'statistic', 'p-value', 'threshold', 'result'], rows: [driftRow(predictions.drift)], align: ['left', 'left', 'right', 'right', 'right', 'left'] },
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
      caption: `${ood.oodRows} of ${ood.rows} rows (${pct(ood.oodRate)}) have at least one out-of-distribution value; --fail-on ood fails above ${pct(ood.failRate)}.`,
    },
  ];
  return { title: `Monitoring ${result.model.name}@${result.model.version}`, subtitle: `${result.model.estimator} (${result.model.task}), ${result.createdAt.slice(0, 19).replace('T', ' ')} UTC`, blocks };
}

/** The terminal summary: the verdict, the drifted features and the worst OOD features. */
export function monitorSummary(result: MonitorResult, outDir: string): string {
  const { drift, ood, predictions } = result;
  const lines = [
    result.verdict.summary,
    `  window      ${result.window.rows} rows (${result.window.source === 'file' ? result.window.path : `prediction log since ${result.window.since}`}) vs ${result.reference.rows} training rows`,
    `  drift       ${drift.driftedFeatures.length}/${drift.features.length} features${drift.driftedFeatures.length > 0 ? `: ${drift.driftedFeatures.join(', ')}` : ''}${drift.datasetDrifted ? ' — DATA SET DRIFTED' : ''}`,
    `  ${predictions.comparison === 'training-serving-skew' ? 'skew      ' : 'predictions'} ${predictions.drift === null ? `not compared (${predictions.note})` : `${predictions.drift.test} ${num(predictions.drift.result.statistic ?? predictions.drift.result.value)}, ${predictions.drift.result.drifted ? 'drifted' : 'stable'}`}`,
    `  OOD         ${pct(ood.oodRate)} of rows${result.verdict.oodExceeded ? ` — ABOVE ${pct(ood.failRate)}` : ''}`,
  ];
  for (const f of ood.features.filter((x) => x.oodRows > 0 || x.missingJump).slice(0, 5)) {
    lines.push(`              ${f.name}: ${pct(f.oodRate)}${f.examples.length > 0 ? ` (e.g. ${f.examples.slice(0, 3).join(', ')})` : ''}${f.missingJump ? `, missing ${pct(f.trainingMissingShare)} → ${pct(f.currentMissingShare)}` : ''}`);
  }
  lines.push(`  report      ${outDir}/monitor.json, monitor.md, monitor.html`);
  return lines.join('\n');
}
