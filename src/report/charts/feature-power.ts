// Feature power: one bar per feature for its predictive power alone, and a second panel with
// the model's mean |SHAP| when known. Suspected leaks are flagged in colour and in words.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, formatNumber, numberFormat, palette, sentence, type ChartLayout } from './theme.js';

type FeaturePower = Extract<ChartSpec, { kind: 'feature-power' }>;

export function featurePowerSpec(chart: FeaturePower, layout: ChartLayout): TopLevelSpec {
  const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);
  const scoreFormat = numberFormat(chart.rows.map((r) => finite(r.score) ?? 0));
  const shapFormat = numberFormat(chart.rows.map((r) => finite(r.meanAbsShap) ?? 0));
  const rows = chart.rows.map((r, order) => {
    const score = finite(r.score);
    const shap = finite(r.meanAbsShap);
    // The leak warning sits after the value, where a long feature name cannot truncate it away.
    const scoreText = score === null ? '' : `${formatNumber(score, scoreFormat)}${r.leakSuspect ? (layout.narrow ? ' · leak?' : ' · possible leak') : ''}`;
    return {
      label: r.feature,
      order,
      score,
      shap,
      scoreText,
      shapText: shap === null ? '' : formatNumber(shap, shapFormat),
      kind: r.leakSuspect ? 'Suspected leak' : 'Feature',
    };
  });
  const withShap = rows.some((r) => r.shap !== null);
  const anyLeak = rows.some((r) => r.kind === 'Suspected leak');
  const height = Math.max(60, rows.length * 26);
  const y = { field: 'label', type: 'nominal', title: null, sort: { field: 'order', op: 'min', order: 'ascending' } } as const;
  const colour = {
    field: 'kind',
    type: 'nominal',
    title: null,
    scale: { domain: ['Feature', 'Suspected leak'], range: [palette.blue, palette.vermillion] },
    legend: anyLeak ? {} : null,
  } as const;
  const panel = (field: 'score' | 'shap', title: string, width: number, showLabels: boolean) => {
    return {
      width,
      height,
      encoding: {
        y: showLabels ? y : { ...y, axis: null },
        x: { field, type: 'quantitative' as const, title, scale: { zero: true, nice: true }, axis: { tickCount: layout.narrow ? 2 : 4, labelOverlap: 'greedy' as const, labelSeparation: 6 } },
      },
      layer: [
        { mark: { type: 'bar' as const, cornerRadiusEnd: 2, height: { band: 0.7 } }, encoding: { color: colour } },
        {
          mark: { type: 'text' as const, align: 'left' as const, dx: 4, fontSize: 11, color: palette.ink },
          encoding: { text: { field: field === 'score' ? 'scoreText' : 'shapText', type: 'nominal' as const } },
        },
      ],
    };
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Bar chart of ${rows.length} features by ${chart.metric}${anyLeak ? '; features marked "possible leak" may contain the answer' : ''}.`,
    title: chartTitle('Which columns carry signal', `Each feature scored alone by ${chart.metric}${withShap ? ', and its average effect inside the model' : ''}`, layout),
    config: { ...chartConfig, axis: { ...chartConfig.axis, labelLimit: layout.narrow ? 120 : 240 } },
    data: { values: rows },
  } as const;
  const alone = `${sentence(chart.metric)}, feature alone`;
  if (!withShap) return { ...base, ...panel('score', alone, layout.width - (layout.narrow ? 60 : 120), true) };
  const half = layout.narrow ? 78 : 190;
  return {
    ...base,
    spacing: 16,
    resolve: { scale: { y: 'shared' } },
    hconcat: [panel('score', layout.narrow ? 'Alone' : alone, half, true), panel('shap', layout.narrow ? 'Mean |SHAP|' : 'Mean |SHAP| in the model', half, false)],
  };
}
