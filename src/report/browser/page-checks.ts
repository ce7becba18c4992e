// Checks run inside a page of the brief: layout measurements that tell whether a leader can
// read it at a given width (overflow, overlaps, chart sizes, text size in charts).

import type { Page } from 'playwright-core';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PageLayout {
  readonly viewportWidth: number;
  readonly documentWidth: number;
  readonly bodyWidth: number;
  readonly h1: string;
  readonly tocTargets: readonly { readonly href: string; readonly found: boolean }[];
  readonly h2Count: number;
  /** The chart drawing shown at this width, one per figure. */
  readonly charts: readonly { readonly kind: string; readonly box: Box; readonly visibleSvgs: number; readonly smallestFontPx: number }[];
  readonly tables: readonly { readonly box: Box; readonly scrollWidth: number; readonly clientWidth: number }[];
  readonly answers: readonly { readonly box: Box; readonly word: string; readonly markBox: Box }[];
  /** Consecutive blocks of main whose boxes overlap. */
  readonly overlaps: readonly string[];
}

/** The few DOM members the measurement uses; the project compiles without the DOM library. */
interface El {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly viewBox?: { readonly baseVal: { readonly width: number } };
  getBoundingClientRect(): { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
}
interface BrowserGlobals {
  readonly document: El & { readonly documentElement: El; readonly body: El; getElementById(id: string): El | null };
  readonly window: { readonly scrollX: number; readonly scrollY: number; readonly innerWidth: number };
  getComputedStyle(el: El): { readonly visibility: string; readonly overflowX: string };
}

/** Measures the page as laid out now. */
export async function measurePage(page: Page): Promise<PageLayout> {
  return page.evaluate(() => {
    const { document, window, getComputedStyle } = globalThis as unknown as BrowserGlobals;
    type Element = El;
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const charts = [...document.querySelectorAll('figure.chart')].map((figure) => {
      const svgs = [...figure.querySelectorAll('svg.fw-chart')].filter(visible);
      const svg = svgs[0];
      let smallestFontPx = Number.POSITIVE_INFINITY;
      if (svg !== undefined) {
        const scale = svg.getBoundingClientRect().width / (svg.viewBox?.baseVal.width ?? Number.NaN);
        for (const text of svg.querySelectorAll('text')) {
          const size = Number.parseFloat(text.getAttribute('font-size') ?? '11');
          if (text.textContent !== null && text.textContent.trim() !== '') smallestFontPx = Math.min(smallestFontPx, size * scale);
        }
      }
      return {
        kind: figure.getAttribute('data-chart') ?? '',
        box: svg === undefined ? { x: 0, y: 0, width: 0, height: 0 } : box(svg),
        visibleSvgs: svgs.length,
        smallestFontPx,
      };
    });
    const blocks = [...document.querySelectorAll('main > section > *, main > :not(section)')].filter(visible);
    const overlaps: string[] = [];
    for (let i = 1; i < blocks.length; i++) {
      const a = box(blocks[i - 1] as Element);
      const b = box(blocks[i] as Element);
      if (a.y + a.height > b.y + 0.5) overlaps.push(`${(blocks[i - 1] as Element).tagName} over ${(blocks[i] as Element).tagName}: ${(blocks[i] as Element).textContent?.slice(0, 40)}`);
    }
    return {
      viewportWidth: window.innerWidth,
      documentWidth: document.documentElement.scrollWidth,
      bodyWidth: document.body.scrollWidth,
      h1: document.querySelector('h1')?.textContent ?? '',
      tocTargets: [...document.querySelectorAll('nav.toc a')].map((a) => {
        const href = a.getAttribute('href') ?? '';
        return { href, found: href.startsWith('#') && document.getElementById(href.slice(1)) !== null };
      }),
      h2Count: [...document.querySelectorAll('main h2')].length,
      charts,
      tables: [...document.querySelectorAll('.table-wrap')].map((wrap) => ({ box: box(wrap), scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth })),
      answers: [...document.querySelectorAll('.answer')].map((answer) => {
        const mark = answer.querySelector('.tone-mark') as Element;
        return { box: box(answer), word: mark.textContent ?? '', markBox: box(mark) };
      }),
      overlaps,
    };
  });
}

/** How each table box scrolls (print CSS must make it visible). */
export async function tableOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as BrowserGlobals;
    return [...document.querySelectorAll('.table-wrap')].map((w) => getComputedStyle(w).overflowX);
  });
}

/** Width and height of a PNG, from its header. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.toString('latin1', 1, 4) !== 'PNG') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Share of pixels in a PNG that are not near-white, and whether a colour appears: proof a chart painted. */
export async function inkInPng(page: Page, png: Buffer, colour: string): Promise<{ inkShare: number; hasColour: boolean }> {
  const url = `data:image/png;base64,${png.toString('base64')}`;
  return page.evaluate(
    async ({ url, colour }) => {
      const g = globalThis as unknown as {
        Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
        OffscreenCanvas: new (w: number, h: number) => {
          getContext(kind: '2d'): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
        };
      };
      const img = new g.Image();
      img.src = url;
      await img.decode();
      const ctx = new g.OffscreenCanvas(img.width, img.height).getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const want = [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
      let ink = 0;
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] as number;
        const gr = data[i + 1] as number;
        const b = data[i + 2] as number;
        if (r < 235 || gr < 235 || b < 235) ink++;
        if (Math.abs(r - (want[0] as number)) < 6 && Math.abs(gr - (want[1] as number)) < 6 && Math.abs(b - (want[2] as number)) < 6) hits++;
      }
      return { inkShare: ink / (data.length / 4), hasColour: hits > 20 };
    },
    { url, colour },
  );
}

/** Collects into `problems` every console error or warning, page error, failed request and request for anything but `pageUrl` (the page must work offline). */
export function watchPage(page: Page, pageUrl: string, problems: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== pageUrl) problems.push(`unexpected request: ${r.url()}`);
  });
}
