// Out-of-distribution rate over time: the share of rows with any out-of-range, unseen or
// unexpectedly missing value, per rolling window, against the level `--fail-on ood` trips at.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, palette, type ChartLayout } from './theme.js';

type OodOverTime = Extract<ChartSpec, { kind: 'ood-over-time' }>;

export function oodOverTimeSpec(chart: OodOverTime, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.oodRate)).map((p) => ({ start: p.start, rows: p.rows, rate: p.oodRate, over: p.oodRate > chart.failRate ? 'above the limit' : 'within' }));
  const top = Math.max(chart.failRate * 2, ...points.map((p) => p.rate));
  const above = points.filter((p) => p.over !== 'within').length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Out-of-distribution share over ${points.length} windows; ${above} above the ${(chart.failRate * 100).toFixed(0)}% limit.`,
    title: chartTitle('Out-of-distribution rows over time', `Share of rows per window · dashed line: the ${(chart.failRate * 100).toFixed(0)}% limit of --fail-on ood`, layout),
    width: layout.width,
    height: layout.narrow ? 180 : 220,
    config: chartConfig,
    layer: [
      { data: { values: [{ limit: chart.failRate }] }, mark: { type: 'rule', color: palette.vermillion, strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'limit', type: 'quantitative' } } },
      {
        data: { values: points },
        mark: { type: 'line', color: palette.blue, strokeWidth: 2, point: { filled: true, size: 40, color: palette.blue } },
        encoding: {
          x: { field: 'start', type: 'temporal', title: 'Window start (UTC)', axis: { tickCount: layout.narrow ? 3 : 6, labelAngle: 0 } },
          y: { field: 'rate', type: 'quantitative', title: 'Out-of-distribution share', scale: { domain: [0, Math.min(1, top * 1.1)] }, axis: { format: '.0%', tickCount: 5 } },
          tooltip: [{ field: 'start', type: 'temporal', title: 'window' }, { field: 'rows', type: 'quantitative' }, { field: 'rate', type: 'quantitative', format: '.1%' }],
        },
      },
      { data: { values: points.filter((p) => p.over !== 'within') }, mark: { type: 'point', filled: true, size: 90, color: palette.vermillion, shape: 'diamond' }, encoding: { x: { field: 'start', type: 'temporal' }, y: { field: 'rate', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
