// The HTML brief in Debian's Chromium at 1280 and 390 px: every chart drawn, nothing fetched,
// no console error, no sideways scrolling of the page, blocks that do not overlap, screenshots.
// Screenshots go to $FRAMEWISE_SCREENSHOTS when set, else to a temporary folder.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { sampleBrief } from '../fixtures/sample-brief.js';
import { palette } from '../charts/theme.js';
import { renderHtml } from '../render-html.js';
import { chromiumPath, openChromium, requireChromium, type OpenBrowser } from './chromium.js';
import { inkInPng, measurePage, pngSize, tableOverflow, watchPage } from './page-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-brief-page-'));
const shots = process.env['FRAMEWISE_SCREENSHOTS'] ?? join(dir, 'screenshots');
mkdirSync(shots, { recursive: true });
const htmlFile = join(dir, 'brief.html');
const doc = sampleBrief();
let browser: OpenBrowser;
let page: Page;
const problems: string[] = [];

before(async () => {
  writeFileSync(htmlFile, await renderHtml(doc));
  browser = await openChromium();
  page = await browser.context.newPage();
  watchPage(page, pathToFileURL(htmlFile).href, problems);
});

after(async () => {
  await browser?.close();
});

test('a missing Chromium fails with a message saying how to install it', () => {
  assert.throws(() => requireChromium('/nonexistent/chromium'), /Chromium not found at \/nonexistent\/chromium.*apt-get install -y --no-install-recommends chromium/);
  assert.equal(requireChromium(), chromiumPath);
});

for (const width of [1280, 390]) {
  test(`the brief reads well at ${width} px`, async () => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const layout = await measurePage(page);

    assert.equal(layout.h1, doc.title);
    const questions = doc.blocks.filter((b) => b.kind === 'heading' && b.level === 2).length;
    assert.equal(layout.h2Count, questions);
    assert.equal(layout.tocTargets.length, questions);
    assert.ok(layout.tocTargets.every((t) => t.found), JSON.stringify(layout.tocTargets));

    // The page never scrolls sideways; wide tables scroll inside their own box.
    assert.ok(layout.documentWidth <= width && layout.bodyWidth <= width, `page is ${layout.documentWidth}px wide in a ${width}px window`);
    for (const t of layout.tables) assert.ok(t.box.x >= 0 && t.box.x + t.box.width <= width + 0.5, JSON.stringify(t));

    assert.equal(layout.charts.length, 5);
    for (const chart of layout.charts) {
      assert.equal(chart.visibleSvgs, 1, `${chart.kind}: exactly one drawing shown`);
      assert.ok(chart.box.width > 200 && chart.box.height > 120, `${chart.kind} is ${chart.box.width}x${chart.box.height}`);
      assert.ok(chart.box.x >= 0 && chart.box.x + chart.box.width <= width + 0.5, `${chart.kind} sticks out`);
      // Chart text stays legible once the SVG is scaled to the column.
      assert.ok(chart.smallestFontPx >= 9.5, `${chart.kind}: smallest chart text ${chart.smallestFontPx.toFixed(1)}px`);
    }
    assert.deepEqual(layout.overlaps, []);

    const answers = doc.blocks.filter((b) => b.kind === 'answer').length;
    assert.equal(layout.answers.length, answers);
    for (const a of layout.answers) {
      assert.match(a.word, /^(Good|Note|Caution|Problem)$/);
      assert.ok(a.markBox.width > 30 && a.markBox.x >= a.box.x && a.markBox.x + a.markBox.width <= a.box.x + a.box.width, JSON.stringify(a));
    }

    // Each chart really painted: ink on the page and the colour its data is drawn in.
    const colours: Record<string, string> = { 'confusion-matrix': '#08519C', 'profit-curve': palette.blue, 'learning-curve': palette.blue, 'feature-power': palette.vermillion, leaderboard: palette.orange };
    const figures = await page.locator('figure.chart').all();
    for (const [i, figure] of figures.entries()) {
      const kind = layout.charts[i]?.kind ?? '';
      const ink = await inkInPng(page, await figure.screenshot({ path: join(shots, `chart-${kind}-${width}.png`) }), colours[kind] ?? '#000000');
      assert.ok(ink.inkShare > 0.02 && ink.inkShare < 0.8, `${kind}: ${(ink.inkShare * 100).toFixed(1)}% ink`);
      assert.ok(ink.hasColour, `${kind}: no ${colours[kind]} pixels`);
    }

    const png = await page.screenshot({ fullPage: true, path: join(shots, `brief-${width}.png`) });
    const size = pngSize(png);
    assert.equal(size.width, width);
    assert.ok(size.height > 2000 && size.height < 12000, `screenshot ${size.width}x${size.height}`);
    assert.deepEqual(problems, []);
  });
}

test('print layout keeps tables whole and the page within the paper', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: 'print' });
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
  const overflow = await tableOverflow(page);
  assert.ok(overflow.length > 0 && overflow.every((o) => o === 'visible'), overflow.join());
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
});
