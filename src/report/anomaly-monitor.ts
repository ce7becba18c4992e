// The anomaly part of a monitoring report: the flagged share against the promise (overall and per
// window) and precision and recall at the threshold once labels arrive, as terminal lines and blocks.

import { type AnomalyWatch, FLAGGED_SHARE_ALPHA, FLAGGED_SHARE_RELATIVE_CHANGE } from '../monitor/anomaly-watch.js';
import type { Block } from './document.js';

const pct = (share: number): string => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-');
const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '-');

export function anomalyLines(a: AnomalyWatch): string[] {
  const p = a.performance;
  return [
    `  flagged     ${pct(a.current.share)} of ${a.current.rows.toLocaleString('en-US')} rows at score ${a.threshold}${a.promised === null ? '' : ` vs promised ${pct(a.promised.share)} [${pct(a.promised.low)}, ${pct(a.promised.high)}]${a.sameThreshold ? '' : ' (at another threshold)'}`}${a.promised !== null && !a.sameThreshold ? ', not compared: another threshold flags another share by design' : ` (p ${f3(a.current.pValue)})${a.current.changed ? ' — CHANGED' : ', stable'}`}`,
    p === null ? '  labels      none yet: precision and recall are measured once known anomalies arrive' : `  labelled    ${p.labelled} rows, ${p.knownAnomalies} known anomalies: precision ${f3(p.precision)}, recall ${f3(p.recall)}${p.promised === null ? '' : ` vs promised ${f3(p.promised.precision.mean)} and ${f3(p.promised.recall.mean)}`}${p.belowPromise.length > 0 ? ` — BELOW PROMISE: ${p.belowPromise.join(', ')}` : ''}`,
    ...(p?.value ? [`  value       ${p.value.perDecision.toFixed(2)} ${p.value.currency} per labelled decision${p.value.promised === null ? '' : ` vs promised ${p.value.promised.mean.toFixed(2)} [${p.value.promised.low.toFixed(2)}, ${p.value.promised.high.toFixed(2)}]`}`] : []),
  ];
}

export function anomalyBlocks(a: AnomalyWatch): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: 'Flagged rows against the promise' }];
  blocks.push({ kind: 'paragraph', text: `${a.summary}. A change counts when it is unlikely by chance (p below ${FLAGGED_SHARE_ALPHA}) and at least ${FLAGGED_SHARE_RELATIVE_CHANGE * 100}% of the promised share away from it${a.current.changed ? ': this window’s share has changed, so the data or the model has moved' : ''}.` });
  if (a.overTime.length > 0) blocks.push({ kind: 'table', headers: ['window start', 'rows', 'flagged', 'share', 'p', 'changed'], align: ['left', 'right', 'right', 'right', 'right', 'left'], rows: a.overTime.map((w) => [w.start, String(w.rows), String(w.flagged), pct(w.share), f3(w.pValue), w.changed ? 'yes' : 'no']), caption: 'Share flagged per rolling window' });
  const p = a.performance;
  if (p !== null) blocks.push({ kind: 'table', headers: ['metric', 'now', 'promised (held out)', '95% interval'], align: ['left', 'right', 'right', 'right'], rows: (['precision', 'recall'] as const).map((k) => [k, f3(p[k]), p.promised === null ? '-' : f3(p.promised[k].mean), p.promised === null ? '-' : `${f3(p.promised[k].low)} to ${f3(p.promised[k].high)}`]), caption: `At score ${a.threshold}, on ${p.labelled} labelled rows (${p.knownAnomalies} known anomalies)` });
  return blocks;
}
