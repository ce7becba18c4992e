// Each chart kind drawn from the seattle-weather sample: a scalable SVG with its labels and
// numbers, no vega-lite warnings, the same bytes every time, and user text escaped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChartSpec } from '../document.js';
import { sampleBrief } from '../fixtures/sample-brief.js';
import { chartSlug, renderChartSvg } from './render-chart.js';
import { textWidth } from './text-width.js';
import { narrowLayout, palette, wideLayout, wrapLines } from './theme.js';

const charts = sampleBrief().blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : []));
const byKind = <K extends ChartSpec['kind']>(kind: K): Extract<ChartSpec, { kind: K }> =>
  charts.find((c) => c.kind === kind) as Extract<ChartSpec, { kind: K }>;

test('the sample holds one chart of every kind', () => {
  assert.deepEqual(charts.map((c) => c.kind).sort(), ['confusion-matrix', 'feature-power', 'leaderboard', 'learning-curve', 'profit-curve']);
});

test('every chart renders to a scalable SVG with a title and no vega-lite warnings, wide and narrow', async () => {
  for (const chart of charts) {
    for (const layout of [wideLayout, narrowLayout]) {
      const drawn = await renderChartSvg(chart, `Caption of ${chart.id}`, layout);
      assert.deepEqual(drawn.warnings, [], `${chart.kind}: ${drawn.warnings.join('; ')}`);
      assert.match(drawn.svg, /^<svg [^>]*viewBox="0 0 [\d.]+ [\d.]+"/, chart.kind);
      assert.match(drawn.svg, new RegExp(`<title id="[^"]+">Caption of ${chart.id}</title>`));
      assert.ok(drawn.width > 150 && drawn.height > 100, `${chart.kind} ${drawn.width}x${drawn.height}`);
      // The narrow drawing must fit a phone without shrinking its text much.
      if (layout.narrow) assert.ok(drawn.width <= 400, `${chart.kind} narrow is ${drawn.width}px wide`);
      else assert.ok(drawn.width <= 800, `${chart.kind} wide is ${drawn.width}px wide`);
    }
  }
});

test('labels, formatted numbers and the colour-blind-safe palette appear in the charts', async () => {
  const svg = async (kind: ChartSpec['kind']): Promise<string> => (await renderChartSvg(byKind(kind), kind)).svg;
  const leaderboard = await svg('leaderboard');
  for (const name of ['Random forest', 'Most frequent class']) assert.ok(leaderboard.includes(`>${name}</text>`), name);
  assert.ok(leaderboard.includes('>0.859</text>'), 'mean of the best candidate, three decimals');
  assert.ok(leaderboard.includes(palette.orange) && leaderboard.includes(palette.blue));

  const power = await svg('feature-power');
  assert.ok(power.includes('>0.847 · possible leak</text>'), 'leak named in words, not only in colour');
  assert.ok(power.includes(palette.vermillion));
  assert.ok(power.includes('Mean |SHAP| in the model'));

  const profit = await svg('profit-curve');
  assert.ok(profit.includes('Best threshold 0.40: $5,043'), 'best threshold and its value in the legend');
  assert.ok(profit.includes("Card&#39;s threshold 0.50: $5,036") || profit.includes("Card's threshold 0.50: $5,036"));
  assert.ok(profit.includes('>5,000</text>'), 'money axis with thousands separators');

  const learning = await svg('learning-curve');
  assert.ok(learning.includes('Training rows (log scale)'));
  assert.ok(learning.includes('>1,168</text>'));

  const confusion = await svg('confusion-matrix');
  for (const c of ['drizzle', 'fog', 'rain', 'snow', 'sun']) assert.ok(confusion.includes(`>${c}</text>`), c);
  assert.ok(confusion.includes('>591</tspan>') && confusion.includes('>92%</tspan>'), 'count and share written in the cell');
  assert.ok(confusion.includes('>&lt;1%</tspan>'), 'a handful of rows shows as <1%, not 0%');
});

test('the same chart gives the same bytes, whatever was drawn before it', async () => {
  // Feature power has clip paths, which vega numbers from a counter shared by all views.
  const first = await renderChartSvg(byKind('feature-power'), 'x');
  for (const other of charts) await renderChartSvg(other, 'y');
  const again = await renderChartSvg(byKind('feature-power'), 'x');
  assert.equal(again.svg, first.svg);
  const ids = [...first.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
  assert.ok(ids.length > 2 && ids.every((id) => id.startsWith('fw-feature-power-')), ids.join(' '));
  assert.equal(new Set(ids).size, ids.length);
  for (const ref of first.svg.matchAll(/url\(#([^)]+)\)/g)) assert.ok(ids.includes(ref[1] as string), `dangling reference ${ref[1]}`);
  const narrow = await renderChartSvg(byKind('feature-power'), 'x', narrowLayout);
  assert.ok(!narrow.svg.includes('id="fw-feature-power-1"'), 'narrow drawing ids differ from the wide one');
});

test('names from users\' files are escaped in the SVG', async () => {
  const evil = '<script>alert("x")</script> & co';
  const chart: ChartSpec = {
    kind: 'feature-power',
    id: 'Power / "quoted"',
    metric: 'AUC',
    rows: [
      { feature: evil, score: 0.71, leakSuspect: false },
      { feature: 'ok', score: 0.52, leakSuspect: true },
    ],
  };
  const drawn = await renderChartSvg(chart, `Caption with ${evil}`);
  assert.equal(drawn.slug, 'power-quoted');
  assert.ok(!drawn.svg.includes('<script'), 'no raw script tag');
  assert.ok(drawn.svg.includes('&lt;script&gt;'), 'the name is drawn as text');
  assert.equal(chartSlug('***'), 'chart');
});

test('missing or non-finite points are left out instead of breaking the chart', async () => {
  const chart: ChartSpec = {
    kind: 'learning-curve',
    id: 'lc',
    metric: 'RMSE',
    points: [
      { trainingRows: 50, score: Number.NaN },
      { trainingRows: 100, score: 12.5 },
      { trainingRows: 400, score: 9.25 },
    ],
  };
  const drawn = await renderChartSvg(chart, 'lc');
  assert.deepEqual(drawn.warnings, []);
  assert.ok(!drawn.svg.includes('NaN'));
  assert.ok(drawn.svg.includes('>9.25</text>'));
});

test('a confusion matrix with many classes keeps its numbers legible on a phone', async () => {
  const classes = Array.from({ length: 10 }, (_, i) => `class ${i}`);
  const counts = classes.map((_, i) => classes.map((_, j) => (i === j ? 150 + i : (i * 3 + j * 5) % 11)));
  const chart: ChartSpec = { kind: 'confusion-matrix', id: 'cm', classes, counts };
  const wide = await renderChartSvg(chart, 'cm', wideLayout);
  const narrow = await renderChartSvg(chart, 'cm', narrowLayout);
  // Wide cells hold the count and the share; narrow ones only the count, at 9 px or more.
  assert.ok(wide.svg.includes('>150</tspan>'), 'two-line label in wide cells');
  assert.ok(narrow.svg.includes('>150</text>') && !narrow.svg.includes('>150</tspan>'), 'count alone in narrow cells');
  const sizes = [...narrow.svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
  assert.ok(Math.min(...sizes) >= 9, `smallest text ${Math.min(...sizes)}px`);
  assert.ok(narrow.width <= 400, `narrow is ${narrow.width}px wide`);
});

test('text widths and wrapping used for layout', () => {
  assert.ok(textWidth('Random forest', 12) > 60 && textWidth('Random forest', 12) < 100, String(textWidth('Random forest', 12)));
  assert.ok(textWidth('MMMM', 12) > textWidth('iiii', 12) * 2);
  assert.ok(textWidth('bold', 12, true) > textWidth('bold', 12));
  assert.deepEqual(wrapLines('one two three four', 9), ['one two', 'three', 'four']);
});
