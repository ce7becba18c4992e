// The confusion matrix as a heat map: each cell shaded by its share of the actual class, with
// the count and the share written in it, so errors read without relying on colour.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, type ChartLayout } from './theme.js';

type ConfusionMatrix = Extract<ChartSpec, { kind: 'confusion-matrix' }>;

export function confusionMatrixSpec(chart: ConfusionMatrix, layout: ChartLayout): TopLevelSpec {
  const n = chart.classes.length;
  const side = layout.narrow ? Math.min(layout.width, Math.max(160, n * 50)) : Math.min(layout.width - 120, Math.max(160, n * 72));
  const cell = side / n;
  // Count and share need about 36 px a cell; smaller cells show the count alone, tiny ones nothing.
  const roomy = cell >= 36;
  const fontSize = cell >= 52 ? 12 : roomy ? 10 : Math.min(11, Math.floor(cell * 0.42));
  const cells: { actual: string; predicted: string; count: number; share: number; label: string; dark: boolean }[] = [];
  chart.classes.forEach((actual, i) => {
    const row = chart.counts[i] ?? [];
    const total = row.reduce((sum, c) => sum + c, 0);
    chart.classes.forEach((predicted, j) => {
      const count = row[j] ?? 0;
      const share = total > 0 ? count / total : 0;
      // A few rows out of hundreds is not "0%": say "<1%" so a reader does not miss them.
      const percent = count > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`;
      const label = roomy ? `${count.toLocaleString('en-US')}\n${percent}` : count.toLocaleString('en-US');
      cells.push({ actual, predicted, count, share, label, dark: share > 0.55 });
    });
  });
  const sort = [...chart.classes];
  const textLayer = {
    mark: { type: 'text', fontSize, lineBreak: '\n', lineHeight: fontSize + 3 },
    encoding: {
      text: { field: 'label', type: 'nominal' },
      color: { field: 'dark', type: 'nominal', scale: { domain: [false, true], range: ['#1F2328', '#FFFFFF'] }, legend: null },
    },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Confusion matrix of ${n} classes; rows are the actual class, columns the predicted one.`,
    title: chartTitle('Where the model is right and wrong', 'Rows: actual class · columns: predicted · shade: share of the actual class', layout),
    width: side,
    height: side,
    config: { ...chartConfig, axis: { ...chartConfig.axis, grid: false, domain: false, ticks: false } },
    data: { values: cells },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort, title: 'Predicted', axis: { orient: 'top', labelAngle: n > 6 ? -45 : 0, labelLimit: n > 6 ? (layout.narrow ? 70 : 120) : Math.max(60, cell + 20) } },
      y: { field: 'actual', type: 'nominal', sort, title: 'Actual', axis: { labelLimit: layout.narrow ? 90 : 160 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            title: 'Share of actual class',
            // From near-white, so empty cells recede and the errors that matter stand out.
            scale: { domain: [0, 1], range: ['#F7FBFF', '#08519C'], interpolate: 'hcl' },
            legend: layout.narrow
              ? { format: '.0%', orient: 'bottom', direction: 'horizontal', gradientLength: Math.min(side, 160), titleLimit: 300 }
              : { format: '.0%', orient: 'right', direction: 'vertical', gradientLength: Math.min(side, 160), titleLimit: 300 },
          },
        },
      },
      ...(fontSize >= 9 ? [textLayer] : []),
    ],
  };
}
