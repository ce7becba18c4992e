// The monitoring page in Debian's Chromium at 1280 and 390 px, for a window whose decisions lose
// money: value against the promise comes first (the breach at the top, its chart before drift),
// every chart is drawn, nothing is fetched, the page never scrolls sideways, and on a phone every
// table fits its column (wide ones become one card per row) so no table scrolls either.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { monitorAlerts } from '../../monitor/alerts-run.js';
import { runMonitor } from '../../monitor/monitor-run.js';
import { valueRegistry } from '../../monitor/value-fixture.js';
import type { BriefDocument } from '../document.js';
import { monitorDocument } from '../monitor-document.js';
import { renderHtml } from '../render-html.js';
import { palette } from '../charts/theme.js';
import { openChromium, type OpenBrowser } from './chromium.js';
import { inkInPng, measurePage, pngSize, watchPage } from './page-checks.js';

const dir = mkdtempSync(join(tmpdir(), 'framewise-monitor-page-'));
const shots = process.env['FRAMEWISE_SCREENSHOTS'] ?? join(dir, 'screenshots');
mkdirSync(shots, { recursive: true });
const htmlFile = join(dir, 'monitor.html');
let doc: BriefDocument;
let browser: OpenBrowser;
let page: Page;
const problems: string[] = [];

before(async () => {
  const fixture = await valueRegistry(dir);
  const result = await runMonitor({ registry: fixture.registry, ref: { name: 'churn' }, current: { kind: 'file', path: fixture.shifted, options: {} }, window: '7d' });
  assert.equal(result.verdict.valueBelowPromise, true);
  const alerts = await monitorAlerts(fixture.registry, result, undefined, { log: () => {} });
  doc = monitorDocument(result, alerts);
  writeFileSync(htmlFile, await renderHtml(doc));
  browser = await openChromium();
  page = await browser.context.newPage();
  watchPage(page, pathToFileURL(htmlFile).href, problems);
});

after(async () => {
  await browser?.close();
});

for (const width of [1280, 390]) {
  test(`the monitoring page reads well at ${width} px, value against the promise first`, async () => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const layout = await measurePage(page);
    assert.equal(layout.h1, doc.title);

    // Money first: the first section is the value against the promise, and its chart is the first one.
    const headings = await page.locator('main h2').allTextContents();
    assert.equal(headings[0], 'Value against the promise');
    assert.ok(headings.indexOf('Feature drift') > 0);
    assert.equal(layout.charts[0]?.kind, 'value-over-time');
    const firstCallout = (await page.locator('main .callout').first().textContent()) ?? '';
    assert.match(firstCallout, /VALUE BELOW PROMISE for churn@1/);

    assert.ok(layout.documentWidth <= width && layout.bodyWidth <= width, `page is ${layout.documentWidth}px wide in a ${width}px window`);
    assert.ok(layout.tables.length >= 6);
    for (const t of layout.tables) {
      assert.ok(t.box.x >= 0 && t.box.x + t.box.width <= width + 0.5, JSON.stringify(t));
      // Readable on a phone: no table hides columns behind a sideways scroll.
      if (width === 390) assert.ok(t.scrollWidth <= t.clientWidth + 1, `a table scrolls sideways at 390 px: ${JSON.stringify(t)}`);
    }
    const kinds = layout.charts.map((c) => c.kind);
    for (const kind of ['value-over-time', 'drift-per-feature', 'ood-over-time', 'performance-over-time']) assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
    for (const chart of layout.charts) {
      assert.equal(chart.visibleSvgs, 1, `${chart.kind}: exactly one drawing shown`);
      assert.ok(chart.box.width > 200 && chart.box.height > 120, `${chart.kind} is ${chart.box.width}x${chart.box.height}`);
      assert.ok(chart.box.x >= 0 && chart.box.x + chart.box.width <= width + 0.5, `${chart.kind} sticks out`);
      assert.ok(chart.smallestFontPx >= 9.5, `${chart.kind}: smallest chart text ${chart.smallestFontPx.toFixed(1)}px`);
    }
    assert.deepEqual(layout.overlaps, []);

    // The value chart really painted its realised line in blue.
    const figure = page.locator('figure.chart').first();
    const ink = await inkInPng(page, await figure.screenshot({ path: join(shots, `monitor-value-${width}.png`) }), palette.blue);
    assert.ok(ink.inkShare > 0.02 && ink.inkShare < 0.8 && ink.hasColour, JSON.stringify(ink));

    const png = await page.screenshot({ fullPage: true, path: join(shots, `monitor-${width}.png`) });
    assert.equal(pngSize(png).width, width);
    assert.deepEqual(problems, []);
  });
}
