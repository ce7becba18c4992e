// The learning curve: cross-validated score as the training data grows, on a log scale when the
// sizes span an order of magnitude, so a leader sees whether more data would still help.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, numberFormat, palette, sentence, type ChartLayout } from './theme.js';

type LearningCurve = Extract<ChartSpec, { kind: 'learning-curve' }>;

export function learningCurveSpec(chart: LearningCurve, layout: ChartLayout): TopLevelSpec {
  const points = chart.points
    .filter((p) => Number.isFinite(p.trainingRows) && p.trainingRows > 0 && Number.isFinite(p.score))
    .map((p) => ({ trainingRows: p.trainingRows, score: p.score }))
    .sort((a, b) => a.trainingRows - b.trainingRows)
    // A label goes under a point that dips below its neighbours, so the line does not cross it.
    .map((p, i, all) => {
      const before = all[i - 1]?.score ?? p.score;
      const after = all[i + 1]?.score ?? p.score;
      return { ...p, below: p.score < before && p.score < after };
    });
  const sizes = points.map((p) => p.trainingRows);
  const logScale = sizes.length > 1 && Math.max(...sizes) / Math.min(...sizes) >= 8;
  const format = numberFormat(points.map((p) => p.score));
  // On a log scale the measured sizes are the only ticks worth reading; thin them on phones.
  const ticks = layout.narrow && sizes.length > 4 ? sizes.filter((_, i) => i % 2 === (sizes.length - 1) % 2) : sizes;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Line chart of ${chart.metric} against the number of training rows, ${points.length} points.`,
    title: chartTitle(`${sentence(chart.metric)} as the training data grows`, 'A curve still improving at the right means more data would help', layout),
    width: layout.width,
    height: layout.narrow ? 200 : 240,
    config: chartConfig,
    data: { values: points },
    encoding: {
      x: {
        field: 'trainingRows',
        type: 'quantitative',
        title: logScale ? 'Training rows (log scale)' : 'Training rows',
        scale: logScale ? { type: 'log', nice: false, domain: [Math.min(...sizes) * 0.85, Math.max(...sizes) * 1.15] } : { zero: false, nice: false, padding: 24 },
        axis: logScale ? { format: ',~d', values: ticks, grid: true } : { format: ',~d', tickCount: layout.narrow ? 4 : 6 },
      },
      y: { field: 'score', type: 'quantitative', title: sentence(chart.metric), scale: { zero: false, nice: true, padding: 12 }, axis: { tickCount: 5 } },
    },
    layer: [
      { mark: { type: 'line', color: palette.blue, strokeWidth: 2.5 } },
      { mark: { type: 'point', filled: true, size: 70, color: palette.blue, opacity: 1 } },
      {
        transform: [{ filter: '!datum.below' }],
        mark: { type: 'text', dy: -12, fontSize: 11, color: palette.ink },
        encoding: { text: { field: 'score', type: 'quantitative', format } },
      },
      {
        transform: [{ filter: 'datum.below' }],
        mark: { type: 'text', dy: 14, fontSize: 11, color: palette.ink },
        encoding: { text: { field: 'score', type: 'quantitative', format } },
      },
    ],
  };
}
