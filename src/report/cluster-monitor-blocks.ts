// The monitoring report's groups for a clustering model: each cluster's share now and in training,
// the silhouette against the promise, and both per rolling window.

import type { MonitorResult } from '../monitor/monitor-run.js';
import type { Block } from './document.js';
import { num, pct } from './format.js';

export function clusterMonitorBlocks(result: MonitorResult): Block[] {
  const w = result.clusters;
  if (!w) return [];
  const s = w.silhouette;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'The groups against the promise' },
    {
      kind: 'table',
      headers: ['cluster', 'share in training', 'share now', 'rows now', 'change'],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: w.shares.map((c) => [c.cluster, pct(c.training), pct(c.current), num(c.rows), `${c.current >= c.training ? '+' : ''}${((c.current - c.training) * 100).toFixed(1)} points`]),
      caption: `Training shares from the ${w.sharesSource === 'promise' ? 'registered promise' : 'reference sample'}; chi-squared ${num(w.sharesTest.statistic)} on ${w.sharesTest.dof} degrees of freedom, p ${num(w.sharesTest.pValue)}: ${w.sharesShifted ? 'the shares have shifted' : 'no shift that matters'} (a shift needs p < 0.01 and one share moved by 5 points or more).`,
    },
    {
      kind: 'paragraph',
      text: s === null ? 'The silhouette was not measured on this window (one group, or too few rows).' : `Silhouette now ${num(s.mean)} (95% interval ${num(s.low)} to ${num(s.high)}, on ${num(s.sampledRows)} rows)${s.promised === null ? '' : ` against ${num(s.promised.mean)} promised (${num(s.promised.low)} to ${num(s.promised.high)})`}${s.belowPromise ? ': below the promise, the groups no longer fit the data as well' : ''}.`,
    },
  ];
  if (w.overTime.length > 0) {
    blocks.push({
      kind: 'table',
      headers: ['window start', 'rows', 'silhouette', ...w.shares.map((c) => `cluster ${c.cluster}`)],
      align: ['left', 'right', 'right', ...w.shares.map(() => 'right' as const)],
      rows: w.overTime.map((t) => [t.start.slice(0, 16).replace('T', ' '), num(t.rows), Number.isFinite(t.silhouette) ? num(t.silhouette) : '–', ...w.shares.map((c) => pct(t.shares[c.cluster] ?? 0))]),
      caption: `Cluster shares and silhouette per ${result.window.rolling} window`,
    });
  }
  return blocks;
}

/** The terminal summary's line on the groups. */
export function clusterMonitorLines(result: MonitorResult): string[] {
  const w = result.clusters;
  if (!w) return [];
  return [`  clusters    ${w.shares.map((c) => `${c.cluster}: ${pct(c.current)} (training ${pct(c.training)})`).join(', ')}${w.sharesShifted ? ' — SHIFTED' : ''}${w.silhouette === null ? '' : `; silhouette ${num(w.silhouette.mean)}${w.silhouette.promised === null ? '' : ` vs ${num(w.silhouette.promised.mean)} promised`}${w.silhouette.belowPromise ? ' — BELOW PROMISE' : ''}`}`];
}
