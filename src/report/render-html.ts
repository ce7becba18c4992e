// Draws a brief document as one self-contained HTML page: inline CSS and SVG charts, no
// scripts, fonts or requests (a content security policy forbids them), every text escaped.

import { renderChartSvg, type RenderedChart } from './charts/render-chart.js';
import { narrowLayout, wideLayout } from './charts/theme.js';
import type { Block, BriefDocument, Tone } from './document.js';
import { briefCss } from './html-style.js';
import { toneWords } from './render-markdown.js';

/** Escapes text for HTML content and for double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Icons drawn as paths so they look the same with any font; the tone word goes beside them. */
const toneIcons: Readonly<Record<Tone, string>> = {
  good: '<path d="M4 10.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
  neutral: '<circle cx="10" cy="5.5" r="1.6" fill="currentColor"/><path d="M10 9v7" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
  warn: '<path d="M10 4.5v7" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="10" cy="15.5" r="1.6" fill="currentColor"/>',
  bad: '<path d="M5 5l10 10M15 5L5 15" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
};

function toneMark(tone: Tone): string {
  return `<span class="tone-mark"><svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${toneIcons[tone]}</svg>${escapeHtml(toneWords[tone].word)}</span>`;
}

/** Gives each level-2 heading a unique anchor: its own id when it has one, else a slug of its text. */
function headingIds(doc: BriefDocument): Map<Block, string> {
  const ids = new Map<Block, string>();
  const used = new Set<string>(['top', 'contents']);
  for (const b of doc.blocks) {
    if (b.kind !== 'heading') continue;
    const base =
      (b.id ?? b.text)
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 48) || 'section';
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    ids.set(b, id);
  }
  return ids;
}

let tableCount = 0;

function table(b: Extract<Block, { kind: 'table' }>): string {
  const columns = Math.max(b.headers.length, ...b.rows.map((r) => r.length));
  // Short cells stay on one line (the box scrolls instead); long ones wrap at a readable width.
  const cls = (j: number, text: string): string => {
    const names = [b.align?.[j] === 'right' ? 'num' : '', [...text].length > 24 ? 'long' : ''].filter((n) => n !== '');
    return names.length > 0 ? ` class="${names.join(' ')}"` : '';
  };
  // Tables of sentences become one card per row on phones; tables of numbers scroll instead,
  // so their columns stay comparable. Stacked tables keep explicit roles, which CSS display
  // changes would otherwise take from screen readers.
  const stacked = b.stack === true || b.rows.some((r) => r.some((c) => [...c].length > 24));
  const role = (name: string): string => (stacked ? ` role="${name}"` : '');
  const cells = (row: readonly string[], tag: 'th' | 'td'): string =>
    Array.from({ length: columns }, (_, j) => {
      const text = row[j] ?? '';
      const attrs = tag === 'th' ? ` scope="col"${role('columnheader')}` : ` data-label="${escapeHtml(b.headers[j] ?? '')}"${role('cell')}`;
      return `<${tag}${attrs}${cls(j, text)}>${escapeHtml(text)}</${tag}>`;
    }).join('');
  // The caption sits outside the scrolling box so it never scrolls out of sight on a phone.
  const captionId = `table-${++tableCount}`;
  const caption = b.caption !== undefined ? `<p class="table-caption" id="${captionId}">${escapeHtml(b.caption)}</p>` : '';
  const label = b.caption !== undefined ? `aria-labelledby="${captionId}"` : `aria-label="${escapeHtml(`Table: ${b.headers.join(', ')}`)}"`;
  return [
    `<div class="table-block">${caption}<div class="table-wrap${stacked ? ' stack' : ''}" role="region" ${label} tabindex="0"><table${role('table')}>`,
    `<thead${role('rowgroup')}><tr${role('row')}>${cells(b.headers, 'th')}</tr></thead>`,
    `<tbody${role('rowgroup')}>${b.rows.map((r) => `<tr${role('row')}>${cells(r, 'td')}</tr>`).join('')}</tbody>`,
    '</table></div></div>',
  ].join('');
}

/** Both drawings of a chart; CSS shows the narrow one on phones. */
interface DrawnChart {
  readonly wide: RenderedChart;
  readonly narrow: RenderedChart;
}

function block(b: Block, ids: Map<Block, string>, charts: Map<string, DrawnChart>): string {
  switch (b.kind) {
    case 'heading': {
      const id = ids.get(b);
      return `<h${b.level}${id !== undefined ? ` id="${id}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`;
    }
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'answer':
      return `<p class="answer tone-${b.tone}">${toneMark(b.tone)}<span class="tone-text">${escapeHtml(b.text)}</span></p>`;
    case 'callout':
      return `<aside class="callout tone-${b.tone}" role="note">${toneMark(b.tone)}<span class="tone-text">${escapeHtml(b.text)}</span></aside>`;
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'table':
      return table(b);
    case 'chart': {
      const chart = charts.get(b.chart.id);
      const body =
        chart === undefined
          ? '<p>(chart not drawn)</p>'
          : `<div class="chart-box"><div class="chart-wide" style="max-width:${Math.round(chart.wide.width * 1.2)}px">${chart.wide.svg}</div>` +
            `<div class="chart-narrow" style="max-width:${chart.narrow.width}px">${chart.narrow.svg}</div></div>`;
      return `<figure class="chart" data-chart="${escapeHtml(b.chart.kind)}">${body}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    }
    case 'definition':
      return `<dl class="definition"><dt>${escapeHtml(b.term)}</dt><dd> — ${escapeHtml(b.text)}</dd></dl>`;
  }
}

/** The whole brief as one HTML file that opens with no network. */
export async function renderHtml(doc: BriefDocument): Promise<string> {
  const charts = new Map<string, DrawnChart>();
  for (const b of doc.blocks) {
    if (b.kind !== 'chart' || charts.has(b.chart.id)) continue;
    charts.set(b.chart.id, { wide: await renderChartSvg(b.chart, b.caption, wideLayout), narrow: await renderChartSvg(b.chart, b.caption, narrowLayout) });
  }
  const ids = headingIds(doc);
  const toc = doc.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading' && b.level === 2);
  const nav =
    toc.length < 2
      ? ''
      : `<nav class="toc" aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>${toc
          .map((h) => `<li><a href="#${ids.get(h) ?? ''}">${escapeHtml(h.text)}</a></li>`)
          .join('')}</ol></nav>`;
  // Group each level-2 heading with what follows it, so print keeps questions together.
  const body: string[] = [];
  let open = false;
  // Reset after the awaits above: from here to the end the page is built in one synchronous run.
  tableCount = 0;
  for (const b of doc.blocks) {
    if (b.kind === 'heading' && b.level <= 2) {
      if (open) body.push('</section>');
      body.push('<section>');
      open = true;
    }
    body.push(block(b, ids, charts));
  }
  if (open) body.push('</section>');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="generator" content="framewise">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${briefCss}</style>`,
    '</head>',
    '<body>',
    '<div class="page" id="top">',
    `<header class="brief-head"><h1>${escapeHtml(doc.title)}</h1>${doc.subtitle !== '' ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : ''}</header>`,
    nav,
    `<main>${body.join('\n')}</main>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
