// Performance over time: a metric per rolling window with its bootstrap interval as a band, and
// what registration promised (its mean as a line, its interval as a grey band) behind it.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { metricInfo } from '../../evaluate/task-metrics.js';
import { promiseLayers, windowLayers } from './over-time-layers.js';
import { chartConfig, chartTitle, numberFormat, sentence, type ChartLayout } from './theme.js';

type PerformanceOverTime = Extract<ChartSpec, { kind: 'performance-over-time' }>;

export function performanceOverTimeSpec(chart: PerformanceOverTime, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.value));
  const label = metricInfo(chart.metric).label;
  const values = [...points.flatMap((p) => [p.low, p.high]), ...(chart.promised === null ? [] : [chart.promised.low, chart.promised.high])].filter(Number.isFinite);
  const format = numberFormat(values);
  const promised = chart.promised !== null && Number.isFinite(chart.promised.mean) ? chart.promised : null;
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
    layer: [...promiseLayers(promised, points, 0.15), ...windowLayers(points, sentence(label), false, format, layout)],
  } as TopLevelSpec;
}
