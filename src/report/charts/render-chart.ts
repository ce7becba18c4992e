// Turns a brief's chart into a vega-lite spec and then into a standalone SVG, in Node, with no
// canvas and no network. The SVG scales through its viewBox and its ids are unique per chart.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../document.js';
import { confusionMatrixSpec } from './confusion-matrix.js';
import { featurePowerSpec } from './feature-power.js';
import { leaderboardSpec } from './leaderboard.js';
import { learningCurveSpec } from './learning-curve.js';
import { driftPerFeatureSpec } from './monitor-drift.js';
import { oodOverTimeSpec } from './monitor-ood.js';
import { performanceOverTimeSpec } from './monitor-performance.js';
import { valueOverTimeSpec } from './monitor-value.js';
import { profitCurveSpec } from './profit-curve.js';
import { useTextWidthTable } from './text-width.js';
import { wideLayout, type ChartLayout } from './theme.js';

export function chartToVegaLite(chart: ChartSpec, layout: ChartLayout = wideLayout): TopLevelSpec {
  switch (chart.kind) {
    case 'profit-curve':
      return profitCurveSpec(chart, layout);
    case 'learning-curve':
      return learningCurveSpec(chart, layout);
    case 'feature-power':
      return featurePowerSpec(chart, layout);
    case 'leaderboard':
      return leaderboardSpec(chart, layout);
    case 'confusion-matrix':
      return confusionMatrixSpec(chart, layout);
    case 'drift-per-feature':
      return driftPerFeatureSpec(chart, layout);
    case 'ood-over-time':
      return oodOverTimeSpec(chart, layout);
    case 'performance-over-time':
      return performanceOverTimeSpec(chart, layout);
    case 'value-over-time':
      return valueOverTimeSpec(chart, layout);
  }
}

/** A chart id made safe for file names and HTML ids: lower-case letters, digits and dashes. */
export function chartSlug(id: string): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'chart' : slug;
}

/** Keeps vega-lite's compile warnings with the chart instead of printing them: tests assert none. */
class CollectingLogger {
  readonly messages: string[] = [];
  level(): number {
    return 2;
  }
  error(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }
  warn(...args: unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renames every id in the SVG to `<prefix>-<n>` in order of appearance: vega numbers clip
 * paths from a counter shared by all views, which would make output depend on render order
 * and collide when several charts sit inline in one page.
 */
function renumberIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const old = m[1] as string;
    if (!names.has(old)) names.set(old, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}${names.get(id) ?? id}${b}`)
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (names.has(id) ? `url(#${names.get(id)})` : whole))
    .replace(/(href=")#([^"]+)(")/g, (whole, a: string, id: string, b: string) => (names.has(id) ? `${a}#${names.get(id)}${b}` : whole));
}

export interface RenderedChart {
  readonly id: string;
  /** Safe for file names and HTML ids. */
  readonly slug: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** What vega-lite found odd in the spec; empty for a well-formed chart. */
  readonly warnings: readonly string[];
}

/** Renders one chart to an SVG document; `label` becomes its accessible title. */
export async function renderChartSvg(chart: ChartSpec, label: string, layout: ChartLayout = wideLayout): Promise<RenderedChart> {
  useTextWidthTable();
  const logger = new CollectingLogger();
  const spec = compile(chartToVegaLite(chart, layout), { logger }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Error });
  let raw: string;
  try {
    raw = await view.toSVG();
  } finally {
    view.finalize();
  }
  const slug = chartSlug(chart.id);
  const prefix = `fw-${slug}${layout.narrow ? '-narrow' : ''}`;
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(raw);
  const width = Number(size?.[1] ?? 0);
  const height = Number(size?.[2] ?? 0);
  const titleId = `${prefix}-title`;
  const svg = renumberIds(raw, prefix).replace(
    /^<svg([^>]*)>/,
    (_, attrs: string) =>
      `<svg${attrs.replace(/\sclass="[^"]*"/, '')} class="fw-chart" role="img" aria-labelledby="${titleId}"><title id="${titleId}">${escapeXml(label)}</title>`,
  );
  return { id: chart.id, slug, svg, width, height, warnings: logger.messages };
}
