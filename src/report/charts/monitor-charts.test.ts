// The monitoring charts drawn from a seattle-weather monitoring run's numbers: SVG without
// vega-lite warnings, wide and narrow, with the limits, the promise and the drifted features shown.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MonitorChartSpec } from '../document.js';
import { renderChartSvg } from './render-chart.js';
import { narrowLayout, palette, wideLayout } from './theme.js';

const drift: MonitorChartSpec = {
  kind: 'drift-per-feature',
  id: 'monitor-drift',
  rows: [
    { feature: 'temp_max', test: 'ks', decision: 'p-value', value: 3.2e-9, threshold: 0.05, drifted: true },
    { feature: 'wind', test: 'ks', decision: 'p-value', value: 0.41, threshold: 0.05, drifted: false },
    { feature: 'season', test: 'chi_squared', decision: 'p-value', value: 0.0021, threshold: 0.05, drifted: true },
    { feature: 'weather_today', test: 'jensen_shannon', decision: 'distance', value: 0.195, threshold: 0.1, drifted: true },
    { feature: 'month', test: 'wasserstein', decision: 'distance', value: 0.0459, threshold: 0.1, drifted: false },
  ],
};
const months = ['2015-01-01', '2015-01-31', '2015-03-02', '2015-04-01', '2015-05-01', '2015-05-31'].map((d) => `${d}T00:00:00.000Z`);
const ood: MonitorChartSpec = { kind: 'ood-over-time', id: 'monitor-ood', failRate: 0.05, points: months.map((start, i) => ({ start, rows: 30, oodRate: [0, 0, 0.0333, 0, 0.1, 0][i]! })) };
const auc = [0.532, 0.701, 0.76, 0.5, 0.808, 0.644];
const performance: MonitorChartSpec = {
  kind: 'performance-over-time',
  id: 'monitor-performance-roc_auc',
  metric: 'roc_auc',
  higherIsBetter: true,
  points: months.map((start, i) => ({ start, rows: 30, value: auc[i]!, low: auc[i]! - 0.2, high: Math.min(1, auc[i]! + 0.18) })),
  promised: { mean: 0.762, low: 0.673, high: 0.851 },
};

const perDecision = [12.1, 11.4, 9.8, 3.2, -8.7, -22.9];
const value: MonitorChartSpec = {
  kind: 'value-over-time',
  id: 'monitor-value',
  currency: 'USD',
  points: months.map((start, i) => ({ start, rows: 400, value: perDecision[i]!, low: perDecision[i]! - 3.1, high: perDecision[i]! + 2.9 })),
  promised: { perDecision: 12.38, low: 10.9, high: 13.8 },
};

test('each monitoring chart renders wide and narrow without vega-lite warnings', async () => {
  for (const chart of [drift, ood, performance, value]) {
    for (const layout of [wideLayout, narrowLayout]) {
      const drawn = await renderChartSvg(chart, `Caption of ${chart.id}`, layout);
      assert.deepEqual(drawn.warnings, [], `${chart.kind}: ${drawn.warnings.join('; ')}`);
      assert.match(drawn.svg, /^<svg [^>]*viewBox="0 0 [\d.]+ [\d.]+"/);
      assert.ok(drawn.width > 150 && drawn.height > 100, `${chart.kind} ${drawn.width}x${drawn.height}`);
      assert.ok(drawn.width <= (layout.narrow ? 400 : 800), `${chart.kind} is ${drawn.width}px wide`);
    }
  }
});

test('drift per feature: both kinds of test in their own panel, drifted features marked, tiny p-values labelled', async () => {
  const svg = (await renderChartSvg(drift, 'drift')).svg;
  for (const f of ['temp_max', 'wind', 'season', 'weather_today', 'month']) assert.ok(svg.includes(`>${f}</text>`), f);
  assert.ok(svg.includes('p-value (drift when below the limit), log scale'));
  assert.ok(svg.includes('distance (drift at or above the limit)'));
  assert.ok(svg.includes('>ks &lt;1e-6 (limit 0.05)</text>'), 'a p-value past the axis says so');
  assert.ok(svg.includes('jensen_shannon 0.2 (limit 0.1)'));
  assert.ok(svg.includes(palette.vermillion) && svg.includes(palette.blue));
});

test('OOD over time marks the windows above the limit; performance over time shows the promise', async () => {
  const o = (await renderChartSvg(ood, 'ood')).svg;
  assert.ok(o.includes('dashed line: the 5% limit of --fail-on ood'));
  assert.ok(o.includes('>10%</text>'), 'percent axis');
  assert.equal((o.match(new RegExp(palette.vermillion, 'g')) ?? []).length >= 2, true, 'limit line and the window above it');
  const p = (await renderChartSvg(performance, 'performance')).svg;
  assert.ok(p.includes('ROC AUC over time'));
  assert.ok(p.includes('dashed line and grey band: the promise at registration'));
  assert.ok(p.includes(palette.sky) && p.includes(palette.grey));
  const noPromise = (await renderChartSvg({ ...performance, promised: null }, 'performance')).svg;
  assert.ok(!noPromise.includes('grey band'));
});

test('value over time: realised per window with its band, the promise behind, break-even marked, in the currency', async () => {
  const v = (await renderChartSvg(value, 'value')).svg;
  assert.ok(v.includes('Value per decision over time'));
  assert.ok(v.includes('Value per decision (USD)'));
  assert.ok(v.includes('dashed line and grey band: the promise'));
  assert.ok(v.includes(palette.sky) && v.includes(palette.grey) && v.includes(palette.vermillion) && v.includes(palette.blue));
  assert.ok(v.includes('>−20</text>') || v.includes('>-20</text>') || v.includes('−20.0') || v.includes('-20.0'), 'the axis reaches the losses');
  const noPromise = (await renderChartSvg({ ...value, promised: null }, 'value')).svg;
  assert.ok(!noPromise.includes('grey band'));
});
