// Text widths for vega's layout in Node, where no canvas measures them: approximate advance
// widths of DejaVu Sans (the widest of the usual sans-serif fallbacks), so labels are truncated
// and padded close to how they draw, instead of vega's flat 0.8 em per character.

import * as vega from 'vega';

/** Advance widths in thousandths of an em, by character; others fall back by class. */
const advance: Record<string, number> = {};
function set(chars: string, width: number): void {
  for (const c of chars) advance[c] = width;
}
set(' .,·', 318);
set(':;|/', 337);
set("'!", 300);
set('iljI', 278);
set('ft', 380);
set('r', 411);
set('-()[]{}', 390);
set('"', 460);
set('sJz', 520);
set('c', 550);
set('_kvxyLFTe', 600);
set('a', 613);
set('bdghnopquP', 634);
set('0123456789$?#', 636);
set('ESZ', 640);
set('BKRX', 690);
set('CVAY', 700);
set('G', 775);
set('HNUD', 760);
set('OQ', 787);
set('&', 780);
set('w', 818);
set('M', 863);
set('<>=+~×−', 838);
set('%', 950);
set('m', 974);
set('W', 989);
set('…', 1000);

function emWidth(text: string): number {
  let total = 0;
  for (const c of text) {
    const known = advance[c];
    if (known !== undefined) total += known;
    else if (c.codePointAt(0)! >= 0x2e80) total += 1000; // CJK and other full-width scripts
    else if (c === c.toUpperCase() && c !== c.toLowerCase()) total += 720;
    else total += 620;
  }
  return total / 1000;
}

interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: number | string;
  readonly limit?: number;
}

function widthOf(item: TextItem, text: unknown): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const line = text == null ? '' : String(text).trim();
  if (size <= 0 || line === '') return 0;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  const width = emWidth(line) * size * (bold ? 1.1 : 1);
  // A label longer than its limit is drawn truncated to about the limit.
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

/** Makes vega measure text with the table above; vega's typings do not declare textMetrics. */
export function useTextWidthTable(): void {
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  if (metrics.width !== widthOf) metrics.width = widthOf;
}

/** The estimated width in pixels of one line of text, for tests. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return widthOf({ fontSize, fontWeight: bold ? 700 : 400 }, text);
}
