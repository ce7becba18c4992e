// Value against the promise over time: realised value per decision per rolling window with its
// bootstrap interval as a band, the promised value (dashed line, grey band) behind, and break-even.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, numberFormat, palette, type ChartLayout } from './theme.js';

type ValueOverTime = Extract<ChartSpec, { kind: 'value-over-time' }>;

export function valueOverTimeSpec(chart: ValueOverTime, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.low) && Number.isFinite(p.high));
  const promised = chart.promised !== null && Number.isFinite(chart.promised.perDecision) ? chart.promised : null;
  const values = [0, ...points.flatMap((p) => [p.low, p.high]), ...(promised === null ? [] : [promised.low, promised.high])].filter(Number.isFinite);
  const format = numberFormat(values);
  const first = points[0]?.start ?? '1970-01-01T00:00:00.000Z';
  const last = points.at(-1)?.start ?? first;
  const unit = chart.currency === null ? 'Value per decision' : `Value per decision (${chart.currency})`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Realised value per decision over ${points.length} windows${promised === null ? '' : `, against the promised ${promised.perDecision.toFixed(2)} [${promised.low.toFixed(2)}, ${promised.high.toFixed(2)}]`}.`,
    title: chartTitle('Value per decision over time', `Line: realised per window · blue band: its 95% interval${promised === null ? '' : ' · dashed line and grey band: the promise'} · red line: break-even`, layout),
    width: layout.width,
    height: layout.narrow ? 190 : 240,
    config: chartConfig,
    layer: [
      ...(promised === null
        ? []
        : [
            { data: { values: [{ from: first, to: last, low: Number.isFinite(promised.low) ? promised.low : promised.perDecision, high: Number.isFinite(promised.high) ? promised.high : promised.perDecision }] }, mark: { type: 'rect', color: palette.grey, opacity: 0.2 }, encoding: { x: { field: 'from', type: 'temporal' }, x2: { field: 'to' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
            { data: { values: [{ mean: promised.perDecision }] }, mark: { type: 'rule', color: palette.grey, strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
          ]),
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: palette.vermillion, strokeWidth: 1 }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values: points },
        mark: { type: 'area', color: palette.sky, opacity: 0.35 },
        encoding: {
          x: { field: 'start', type: 'temporal', title: 'Window start (UTC)', axis: { tickCount: layout.narrow ? 3 : 6, labelAngle: 0 } },
          y: { field: 'low', type: 'quantitative', title: unit, scale: { zero: true, nice: true }, axis: { format, tickCount: 5 } },
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
