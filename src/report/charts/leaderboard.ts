// The leaderboard: each candidate's cross-validated score with its interval as an error bar,
// the non-ML bar set apart from the models by colour and by marker shape.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, numberFormat, palette, sentence, type ChartLayout } from './theme.js';

type Leaderboard = Extract<ChartSpec, { kind: 'leaderboard' }>;

export function leaderboardSpec(chart: Leaderboard, layout: ChartLayout): TopLevelSpec {
  const rows = chart.rows
    .filter((r) => Number.isFinite(r.mean))
    .map((r, order) => ({
      name: r.name,
      order,
      group: r.group === 'model' ? 'Model' : 'Non-ML bar',
      mean: r.mean,
      low: Number.isFinite(r.low) ? r.low : r.mean,
      high: Number.isFinite(r.high) ? r.high : r.mean,
    }));
  const format = numberFormat(rows.flatMap((r) => [r.low, r.high]));
  const groups = { domain: ['Non-ML bar', 'Model'] };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Dot chart of ${rows.length} candidates by ${chart.metric} with intervals: ${rows.map((r) => `${r.name} ${r.mean.toFixed(3)}`).join(', ')}.`,
    title: chartTitle(`Candidates by ${chart.metric}`, 'Dot: cross-validated mean · line: uncertainty interval', layout),
    width: layout.narrow ? layout.width - 90 : layout.width - 140,
    height: Math.max(60, rows.length * 30),
    config: { ...chartConfig, axis: { ...chartConfig.axis, labelLimit: layout.narrow ? 150 : 240 } },
    data: { values: rows },
    encoding: {
      y: { field: 'name', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } },
      color: { field: 'group', type: 'nominal', title: null, scale: { ...groups, range: [palette.orange, palette.blue] } },
    },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: {
          x: { field: 'low', type: 'quantitative', title: sentence(chart.metric), scale: { zero: false, nice: true }, axis: { tickCount: layout.narrow ? 3 : 5 } },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 110, opacity: 1, stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { field: 'mean', type: 'quantitative' },
          shape: { field: 'group', type: 'nominal', title: null, scale: { ...groups, range: ['square', 'circle'] } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 8, fontSize: 11, color: palette.ink },
        encoding: { x: { field: 'high', type: 'quantitative' }, text: { field: 'mean', type: 'quantitative', format }, color: { value: palette.ink } },
      },
    ],
  };
}
