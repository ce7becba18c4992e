// Draws a brief document as GitHub-flavoured Markdown: charts become image links to SVG files
// written beside the Markdown, tables are padded so they line up in the raw text too.

import { renderChartSvg } from './charts/render-chart.js';
import type { Block, BriefDocument, Tone } from './document.js';

export const toneWords: Readonly<Record<Tone, { readonly icon: string; readonly word: string }>> = {
  good: { icon: '✓', word: 'Good' },
  neutral: { icon: 'ℹ', word: 'Note' },
  warn: { icon: '⚠', word: 'Caution' },
  bad: { icon: '✗', word: 'Problem' },
};

/** Escapes text so Markdown shows it as written: no emphasis, links, HTML or line-start syntax. */
export function escapeMarkdown(text: string): string {
  let out = text
    .replace(/\r\n?|\n/g, ' ')
    // `$` too: GitHub reads text between two dollar signs as math.
    .replace(/[\\`*[\]<>|~$]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;');
  // An underscore between two letters or digits cannot start emphasis in GFM: leave it readable.
  out = out.replace(/_/g, (c, i: number) => (/[\p{L}\p{N}]/u.test(out[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(out[i + 1] ?? '') ? c : '\\_'));
  // Line-start syntax: headings, list items, and setext underlines.
  if (/^\s*(=+|-+)\s*$/.test(out)) return out.replace(/^(\s*)(.)/, '$1\\$2');
  return out.replace(/^(\s*)(#{1,6}|[-+]|\d{1,9}[.)])(?=\s|$)/, (_, space: string, mark: string) => `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}`);
}

function cellWidth(text: string): number {
  // Code points, not UTF-16 units, so accented names do not skew the padding.
  return [...text].length;
}

function table(block: Extract<Block, { kind: 'table' }>): string {
  const columns = Math.max(block.headers.length, ...block.rows.map((r) => r.length));
  const cells = [block.headers, ...block.rows].map((row) => Array.from({ length: columns }, (_, j) => escapeMarkdown(row[j] ?? '')));
  const right = Array.from({ length: columns }, (_, j) => block.align?.[j] === 'right');
  const widths = Array.from({ length: columns }, (_, j) => Math.max(3, ...cells.map((row) => cellWidth(row[j] ?? ''))));
  const pad = (text: string, j: number): string => {
    const fill = ' '.repeat((widths[j] ?? 0) - cellWidth(text));
    return right[j] ? fill + text : text + fill;
  };
  const line = (row: readonly string[]): string => `| ${row.map((c, j) => pad(c, j)).join(' | ')} |`;
  const rule = `| ${widths.map((w, j) => (right[j] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  const [head, ...body] = cells;
  const lines = [line(head ?? []), rule, ...body.map(line)];
  if (block.caption !== undefined) lines.unshift(`*${escapeMarkdown(block.caption)}*`, '');
  return lines.join('\n');
}

function block(b: Block, chartFiles: ReadonlyMap<string, string>): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`;
    case 'paragraph':
      return escapeMarkdown(b.text);
    case 'answer': {
      const tone = toneWords[b.tone];
      return `**${tone.icon} ${tone.word}: ${escapeMarkdown(b.text)}**`;
    }
    case 'callout': {
      const tone = toneWords[b.tone];
      return `> **${tone.icon} ${tone.word}:** ${escapeMarkdown(b.text)}`;
    }
    case 'list':
      return b.items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
    case 'table':
      return table(b);
    case 'chart': {
      const file = chartFiles.get(b.chart.id);
      const caption = escapeMarkdown(b.caption);
      if (file === undefined) return `*${caption} (chart not drawn)*`;
      return `![${caption}](${encodeURI(file).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})\n\n*${caption}*`;
    }
    case 'definition':
      return `*${escapeMarkdown(b.term)}*: ${escapeMarkdown(b.text)}`;
  }
}

/** The Markdown text, with each chart linked at the relative path given for its id. */
export function renderMarkdown(doc: BriefDocument, chartFiles: ReadonlyMap<string, string>): string {
  const parts = [`# ${escapeMarkdown(doc.title)}`];
  if (doc.subtitle !== '') parts.push(`*${escapeMarkdown(doc.subtitle)}*`);
  for (const b of doc.blocks) parts.push(block(b, chartFiles));
  return `${parts.join('\n\n')}\n`;
}

export interface MarkdownBrief {
  readonly markdown: string;
  /** SVG files to write beside the Markdown file, named as the Markdown links them. */
  readonly files: readonly { readonly name: string; readonly content: string }[];
}

/** Renders every chart to SVG and the Markdown that links them, e.g. brief-leaderboard.svg. */
export async function renderMarkdownWithCharts(doc: BriefDocument, filePrefix = 'brief-'): Promise<MarkdownBrief> {
  const files: { name: string; content: string }[] = [];
  const chartFiles = new Map<string, string>();
  const used = new Set<string>();
  for (const b of doc.blocks) {
    if (b.kind !== 'chart' || chartFiles.has(b.chart.id)) continue;
    const rendered = await renderChartSvg(b.chart, b.caption);
    let name = `${filePrefix}${rendered.slug}.svg`;
    for (let k = 2; used.has(name); k++) name = `${filePrefix}${rendered.slug}-${k}.svg`;
    used.add(name);
    chartFiles.set(b.chart.id, name);
    files.push({ name, content: `<?xml version="1.0" encoding="UTF-8"?>\n${rendered.svg}\n` });
  }
  return { markdown: renderMarkdown(doc, chartFiles), files };
}
