// Performance over time: a metric per rolling window with its bootstrap interval as a band, and
// what registration promised (its mean as a line, its interval as a grey band) behind it.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { metricInfo } from '../../evaluate/task-metrics.js';
import { chartConfig, chartTitle, numberFormat, palette, sentence, type ChartLayout } from './theme.js';

type PerformanceOverTime = Extract<ChartSpec, { kind: 'performance-over-time' }>;

export function performanceOverTimeSpec(chart: PerformanceOverTime, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.value));
  const label = metricInfo(chart.metric).label;
  const values = [...points.flatMap((p) => [p.low, p.high]), ...(chart.promised === null ? [] : [chart.promised.low, chart.promised.high])].filter(Number.isFinite);
  const format = numberFormat(values);
  const promised = chart.promised !== null && Number.isFinite(chart.promised.mean) ? chart.promised : null;
  const first = points[0]?.start ?? '1970-01-01T00:00:00.000Z';
  const last = points.at(-1)?.start ?? first;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${sentence(label)} over ${points.length} windows${promised === null ? '' : `, against the promised ${promised.mean.toFixed(3)} [${promised.low.toFixed(3)}, ${promised.high.toFixed(3)}]`}.`,
    title: chartTitle(
      `${sentence(label)} over time`,
      `Line: per window · blue band: its 95% interval${promised === null ? '' : ' · dashed line and grey band: the promise at registration'}${chart.higherIsBetter ? '' : ' · lower is better'}`,
      layout,
    ),
    width: layout.width,
    height: layout.narrow ? 190 : 240,
    config: chartConfig,
    layer: [
      ...(promised === null
        ? []
        : [
            { data: { values: [{ from: first, to: last, low: Number.isFinite(promised.low) ? promised.low : promised.mean, high: Number.isFinite(promised.high) ? promised.high : promised.mean }] }, mark: { type: 'rect', color: palette.grey, opacity: 0.15 }, encoding: { x: { field: 'from', type: 'temporal' }, x2: { field: 'to' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
            { data: { values: [{ mean: promised.mean }] }, mark: { type: 'rule', color: palette.grey, strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
          ]),
      {
        data: { values: points },
        mark: { type: 'area', color: palette.sky, opacity: 0.35 },
        encoding: {
          x: { field: 'start', type: 'temporal', title: 'Window start (UTC)', axis: { tickCount: layout.narrow ? 3 : 6, labelAngle: 0 } },
          y: { field: 'low', type: 'quantitative', title: sentence(label), scale: { zero: false, nice: true }, axis: { format, tickCount: 5 } },
          y2: { field: 'high' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', color: palette.blue, strokeWidth: 2, point: { filled: true, size: 36, color: palette.blue } },
        encoding: {
          x: { field: 'start', type: 'temporal' },
          y: { field: 'value', type: 'quantitative' },
          tooltip: [{ field: 'start', type: 'temporal', title: 'window' }, { field: 'rows', type: 'quantitative' }, { field: 'value', type: 'quantitative', format }, { field: 'low', type: 'quantitative', format }, { field: 'high', type: 'quantitative', format }],
        },
      },
    ],
  } as TopLevelSpec;
}
