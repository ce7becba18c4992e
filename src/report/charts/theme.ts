// The look shared by every brief chart: a colour-blind-safe palette (Okabe and Ito), fonts and
// sizes, and number formats chosen from the data so axis labels stay short.

import type { Config } from 'vega-lite';

/** Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. */
export const palette = {
  blue: '#0072B2',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  sky: '#56B4E9',
  purple: '#CC79A7',
  grey: '#6B6B6B',
  ink: '#1F2328',
} as const;

/**
 * Each chart is drawn twice: wide for desktops, print and Markdown, narrow for phones, where
 * scaling the wide one down would shrink its text below reading size.
 */
export interface ChartLayout {
  readonly narrow: boolean;
  /** Plot area width in pixels; the HTML scales the SVG through its viewBox. */
  readonly width: number;
  /** Characters per line before a title or subtitle wraps. */
  readonly lineChars: number;
}

export const wideLayout: ChartLayout = { narrow: false, width: 520, lineChars: 84 };
export const narrowLayout: ChartLayout = { narrow: true, width: 250, lineChars: 46 };

/** Splits text into lines of at most `chars` characters at spaces (vega titles do not wrap). */
export function wrapLines(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > chars) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A chart title and subtitle, wrapped to the layout. */
export function chartTitle(text: string, subtitle: string, layout: ChartLayout): { text: string[]; subtitle: string[] } {
  return { text: wrapLines(text, Math.round(layout.lineChars * 0.8)), subtitle: wrapLines(subtitle, layout.lineChars) };
}

/** Capitalises the first letter, for metric names used as axis titles. */
export { capitalized as sentence } from '../../core/capitalize.js';

export const fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif';

export const chartConfig: Config = {
  font: fontFamily,
  background: 'white',
  padding: 8,
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 600, anchor: 'start', color: palette.ink, offset: 12, subtitleFontSize: 12, subtitleColor: '#57606a', subtitlePadding: 4 },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 600,
    labelColor: '#3B4048',
    titleColor: palette.ink,
    gridColor: '#E6E8EB',
    domainColor: '#8C959F',
    tickColor: '#8C959F',
    labelLimit: 240,
  },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, orient: 'top', symbolSize: 120 },
  header: { labelFontSize: 13, labelFontWeight: 600, titleFontSize: 13 },
};

/** A d3 format for values of this size: three decimals for scores, separators for money. */
export function numberFormat(values: readonly number[]): string {
  let largest = 0;
  for (const v of values) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  if (largest >= 1000) return ',.0f';
  if (largest >= 100) return ',.1f';
  if (largest >= 1) return '.2f';
  return '.3f';
}

/** Formats one number the way the chart's labels do, for titles and annotations. */
export function formatNumber(value: number, format: string): string {
  const decimals = Number(/\.(\d)f$/.exec(format)?.[1] ?? '0');
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: format.startsWith(','),
  });
}

/** "USD 1,234" or "$1,234": a symbol is written before the number, a code before it with a space. */
export function formatMoney(value: number, currency: string): string {
  const amount = formatNumber(Math.abs(value), Math.abs(value) >= 1000 ? ',.0f' : ',.2f');
  const sign = value < 0 ? '−' : '';
  if (currency === '') return `${sign}${amount}`;
  return /^[A-Za-z]{2,}$/.test(currency) ? `${sign}${currency} ${amount}` : `${sign}${currency}${amount}`;
}
