// Value against the promise over time: realised value per decision per rolling window with its
// bootstrap interval as a band, the promised value (dashed line, grey band) behind, and break-even.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { promiseLayers, windowLayers } from './over-time-layers.js';
import { chartConfig, chartTitle, numberFormat, palette, type ChartLayout } from './theme.js';

type ValueOverTime = Extract<ChartSpec, { kind: 'value-over-time' }>;

export function valueOverTimeSpec(chart: ValueOverTime, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.low) && Number.isFinite(p.high));
  const promised = chart.promised !== null && Number.isFinite(chart.promised.perDecision) ? chart.promised : null;
  const values = [0, ...points.flatMap((p) => [p.low, p.high]), ...(promised === null ? [] : [promised.low, promised.high])].filter(Number.isFinite);
  const format = numberFormat(values);
  const unit = chart.currency === null ? 'Value per decision' : `Value per decision (${chart.currency})`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Realised value per decision over ${points.length} windows${promised === null ? '' : `, against the promised ${promised.perDecision.toFixed(2)} [${promised.low.toFixed(2)}, ${promised.high.toFixed(2)}]`}.`,
    title: chartTitle('Value per decision over time', `Line: realised per window · blue band: its 95% interval${promised === null ? '' : ' · dashed line and grey band: the promise'} · red line: break-even`, layout),
    width: layout.width,
    height: layout.narrow ? 190 : 240,
    config: chartConfig,
    layer: [
      ...promiseLayers(promised === null ? null : { mean: promised.perDecision, low: promised.low, high: promised.high }, points, 0.2),
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: palette.vermillion, strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      ...windowLayers(points, unit, true, format, layout),
    ],
  } as TopLevelSpec;
}
