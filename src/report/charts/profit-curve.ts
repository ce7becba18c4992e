// The profit curve: value of acting on the model at each decision threshold, with the best
// threshold and the card's fixed one marked, and the break-even line at zero.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, formatMoney, formatNumber, palette, sentence, type ChartLayout } from './theme.js';

type ProfitCurve = Extract<ChartSpec, { kind: 'profit-curve' }>;

export function profitCurveSpec(chart: ProfitCurve, layout: ChartLayout): TopLevelSpec {
  const points = chart.points.filter((p) => Number.isFinite(p.threshold) && Number.isFinite(p.value));
  const yTitle = sentence(chart.currency !== '' && !chart.yLabel.includes(chart.currency) ? `${chart.yLabel} (${chart.currency})` : chart.yLabel);
  const marks = [{ label: `Best threshold ${formatNumber(chart.best.threshold, '.2f')}: ${formatMoney(chart.best.value, chart.currency)}`, ...chart.best }];
  if (chart.fixed !== undefined) {
    marks.push({ label: `Card's threshold ${formatNumber(chart.fixed.threshold, '.2f')}: ${formatMoney(chart.fixed.value, chart.currency)}`, ...chart.fixed });
  }
  const domain = marks.map((m) => m.label);
  const colour = { field: 'label', type: 'nominal', title: null, scale: { domain, range: [palette.green, palette.vermillion].slice(0, marks.length) } } as const;
  const shape = { field: 'label', type: 'nominal', title: null, scale: { domain, range: ['circle', 'diamond'].slice(0, marks.length) } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Line chart of ${yTitle} against the decision threshold. ${domain.join('. ')}.`,
    title: chartTitle('What acting on the model is worth at each threshold', 'Dashed grey line: break-even', layout),
    width: layout.width,
    height: layout.narrow ? 200 : 260,
    config: { ...chartConfig, legend: { ...chartConfig.legend, direction: 'vertical', labelLimit: 400 } },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: palette.grey, strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
      {
        data: { values: points.map((p) => ({ threshold: p.threshold, value: p.value })) },
        mark: { type: 'line', color: palette.blue, strokeWidth: 2.5, interpolate: 'monotone' },
        encoding: {
          x: {
            field: 'threshold',
            type: 'quantitative',
            title: layout.narrow ? 'Decision threshold' : "Decision threshold (act when the model's score is at least this)",
            scale: { domain: [0, 1] },
            axis: { format: '.1f', tickCount: layout.narrow ? 5 : 10 },
          },
          y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: true, nice: true }, axis: { tickCount: 6 } },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5, opacity: 0.8 },
        encoding: { x: { field: 'threshold', type: 'quantitative' }, color: colour },
      },
      {
        data: { values: marks },
        mark: { type: 'point', filled: true, size: 140, opacity: 1, stroke: 'white', strokeWidth: 1.5 },
        encoding: { x: { field: 'threshold', type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, color: colour, shape },
      },
    ],
  };
}
