// Drift per feature: each feature's tested value against its own threshold, p-value tests (drift
// below the threshold, log scale) and distances (drift at or above it) in separate panels.

import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { chartConfig, chartTitle, palette, type ChartLayout } from './theme.js';

type DriftPerFeature = Extract<ChartSpec, { kind: 'drift-per-feature' }>;

/** The smallest p-value drawn: smaller ones sit at the axis's left end (their label says so). */
export const SMALLEST_DRAWN_P = 1e-6;

const status = { field: 'status', type: 'nominal', title: null, scale: { domain: ['drifted', 'stable'], range: [palette.vermillion, palette.blue] } } as const;

function panel(rows: DriftPerFeature['rows'], decision: 'p-value' | 'distance', layout: ChartLayout): Record<string, unknown> {
  const pValues = decision === 'p-value';
  const values = rows.map((r) => ({
    feature: r.feature,
    test: r.test,
    status: r.drifted ? 'drifted' : 'stable',
    value: pValues ? Math.max(SMALLEST_DRAWN_P, r.value) : r.value,
    threshold: r.threshold,
    label: `${r.test} ${pValues && r.value < SMALLEST_DRAWN_P ? `<${SMALLEST_DRAWN_P.toExponential(0)}` : Number(r.value.toPrecision(2))} (limit ${Number(r.threshold.toPrecision(2))})`,
  }));
  const top = Math.max(...values.map((v) => Math.max(v.value, v.threshold))) * 1.15;
  const x = pValues
    ? { type: 'quantitative', title: 'p-value (drift when below the limit), log scale', scale: { type: 'log', domain: [SMALLEST_DRAWN_P, 1] }, axis: { format: '~e', tickCount: layout.narrow ? 3 : 7 } }
    : { type: 'quantitative', title: 'distance (drift at or above the limit)', scale: { domain: [0, top], nice: true }, axis: { tickCount: layout.narrow ? 3 : 6 } };
  return {
    width: layout.narrow ? layout.width - 110 : layout.width - 150,
    height: Math.max(50, values.length * 26),
    data: { values },
    encoding: { y: { field: 'feature', type: 'nominal', title: null, sort: null } },
    layer: [
      { mark: { type: 'tick', color: palette.ink, thickness: 2, size: 18 }, encoding: { x: { field: 'threshold', ...x } } },
      { mark: { type: 'point', filled: true, size: 110, opacity: 1, stroke: 'white', strokeWidth: 1 }, encoding: { x: { field: 'value', type: 'quantitative' }, color: status, shape: { field: 'status', type: 'nominal', title: null, scale: { domain: ['drifted', 'stable'], range: ['diamond', 'circle'] } } } },
      ...(layout.narrow ? [] : [{ mark: { type: 'text', align: 'left', dx: 10, fontSize: 11, color: palette.ink }, encoding: { x: { value: layout.width - 150 }, text: { field: 'label' } } }]),
    ],
  };
}

export function driftPerFeatureSpec(chart: DriftPerFeature, layout: ChartLayout): TopLevelSpec {
  const rows = chart.rows.filter((r) => Number.isFinite(r.value) && Number.isFinite(r.threshold));
  const pRows = rows.filter((r) => r.decision === 'p-value');
  const dRows = rows.filter((r) => r.decision === 'distance');
  const panels = [...(pRows.length > 0 ? [panel(pRows, 'p-value', layout)] : []), ...(dRows.length > 0 ? [panel(dRows, 'distance', layout)] : [])];
  const drifted = rows.filter((r) => r.drifted).map((r) => r.feature);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Drift per feature: ${rows.length} features tested, ${drifted.length} drifted${drifted.length > 0 ? ` (${drifted.join(', ')})` : ''}.`,
    title: chartTitle('Drift per feature against each test\'s limit', 'Dot: the tested value · black tick: the limit · diamond: drifted', layout),
    config: { ...chartConfig, axis: { ...chartConfig.axis, labelLimit: layout.narrow ? 100 : 160 } },
    vconcat: panels.length > 0 ? panels : [panel([{ feature: '(none)', test: '-', decision: 'distance', value: 0, threshold: 0, drifted: false }], 'distance', layout)],
    resolve: { scale: { x: 'independent' } },
  } as unknown as TopLevelSpec;
}
