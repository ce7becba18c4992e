// Why the brief's headline metric is not the task's usual one (PR AUC for rare positives), with
// the usual one (ROC AUC) beside it for every candidate, so a reader who knows ROC AUC can compare.

import type { Assessment, CandidateScore } from '../evaluate/assessment.js';
import { besideMetric } from '../evaluate/main-metric.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import type { Block } from './document.js';

const f3 = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '–');

/** The reason and the side-by-side table; nothing when the assessment keeps the task's usual metric. */
export function mainMetricBlocks(a: Assessment): Block[] {
  const reason = a.evaluation.mainMetricReason ?? null;
  const main = a.evaluation.mainMetric;
  const beside = besideMetric(main);
  if (reason === null && beside === null) return [];
  const blocks: Block[] = [];
  if (reason !== null) blocks.push({ kind: 'paragraph', text: reason });
  if (beside !== null) {
    const candidates: CandidateScore[] = [...a.baselines, ...a.leaderboard];
    blocks.push({
      kind: 'table',
      headers: ['candidate', metricInfo(main).label, metricInfo(beside).label],
      align: ['left', 'right', 'right'],
      rows: candidates.map((c) => [c.name, f3(c.metrics[main]?.mean), f3(c.metrics[beside]?.mean)]),
      caption: `${metricInfo(main).label} (${metricInfo(main).explain}) decides; ${metricInfo(beside).label} is shown beside it, out of fold on the same rows.`,
    });
  }
  return blocks;
}

