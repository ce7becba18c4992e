// The anomaly part of the assessment on a terminal: the share flagged at the threshold, the score
// distribution, how stable the flagged set is, the closest one-feature rule and, with known
// anomalies, the held-out scores of the model and of the rule chosen on the training folds.

import type { AnomalyAssessment } from '../evaluate/anomaly-assessment.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import { renderTable } from './table.js';

export function renderAnomaly(x: AnomalyAssessment): string[] {
  const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  const s = x.scores;
  const out = [
    `Flagged rows (isolation forest, scores in (0, 1], higher is more unusual${x.labelled ? '' : '; no known anomalies, so no metric against truth'}):`,
    `  threshold ${f(x.threshold)} flags ${pct(x.flaggedShare)} of the rows (${x.shareSource === 'card' ? "the card's decision" : x.shareSource === 'known-anomalies' ? 'the share of known anomalies' : 'the default share'})`,
    `  scores: min ${f(s.min)}, median ${f(s.median)}, 90th percentile ${f(s.p90)}, 95th ${f(s.p95)}, 99th ${f(s.p99)}, max ${f(s.max)}`,
    `  stability: ${pct(x.stability.seeds.mean)} of the flagged rows stay flagged with other seeds (lowest ${pct(x.stability.seeds.min)}), ${pct(x.stability.subsamples.mean)} when grown on 80% of the rows (lowest ${pct(x.stability.subsamples.min)}); chance ${pct(x.stability.chance)}`,
    x.rule === null ? '  no numeric feature to compare a one-feature rule with' : `  closest one-feature rule: distance of '${x.rule.feature}' from its median flags ${pct(x.rule.agreement)} of the same rows at the same share`,
  ];
  const h = x.heldOut;
  if (h !== null) {
    out.push(`Held out (${h.folds} folds; ${pct(h.knownShare)} of rows are known anomalies; the rule is chosen on each training fold: ${h.rulesChosen.join(', ')}):`);
    const metrics = ['roc_auc', 'average_precision', 'precision', 'recall', 'flagged_share'];
    const cell = (m: Readonly<Record<string, { mean: number; low: number; high: number }>>, k: string): string => {
      const v = m[k];
      return v === undefined ? 'n/a' : `${f(v.mean)}${Number.isFinite(v.low) ? ` (${f(v.low)}–${f(v.high)})` : ''}`;
    };
    // Headers in people's words (ROC AUC, not roc_auc).
    const header = (m: string): string => metricInfo(m).label;
    out.push(renderTable([{ header: '' }, ...metrics.map((m) => ({ header: header(m), align: 'right' as const }))], [['isolation forest', ...metrics.map((m) => cell(h.model, m))], ['one-feature rule', ...metrics.map((m) => cell(h.rule, m))]]));
  }
  return out;
}
