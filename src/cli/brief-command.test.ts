// `framewise brief` end to end on the bundled example card: the files it writes, the questions
// in order, a model that `predict` can use, and the HTML as a browser shows it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fromBuild, fromRoot } from '../core/paths.js';
import { openChromium, type OpenBrowser } from '../report/browser/chromium.js';

const cli = fromBuild('src', 'cli', 'main.js');
const out = mkdtempSync(join(tmpdir(), 'framewise-brief-'));
let summary = '';
let browser: OpenBrowser;

before(async () => {
  const result = spawnSync(process.execPath, [cli, 'brief', fromRoot('examples', 'seattle-weather', 'framewise.yaml'), '--out', out, '--budget', '30'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  summary = result.stdout;
  browser = await openChromium();
});

after(async () => {
  await browser?.close();
});

const QUESTIONS = [
  'What is the product goal, and what kind of solution fits?',
  'Can a non-ML approach set the bar, and what is it?',
  'Do we have the right data?',
  'How should the problem be framed: output and thresholds?',
  'Success metric versus model metric',
  'Is it worth it?',
  'What drives the predictions?',
  'What will we monitor, and when do we retrain?',
];

test('the summary names the verdict and the files; every file is written', () => {
  assert.match(summary, /^will-it-rain-tomorrow: (use-ml|rule-suffices|no-signal|fix-data-first)\./m);
  assert.match(summary, /brief\.html/);
  for (const file of ['brief.md', 'brief.html', 'brief.json', 'model.json']) assert.ok(existsSync(join(out, file)), file);
  const md = readFileSync(join(out, 'brief.md'), 'utf8');
  for (const link of md.matchAll(/\]\(([^)]+\.svg)\)/g)) assert.ok(existsSync(join(out, link[1]!)), `chart ${link[1]}`);
  let at = -1;
  for (const q of QUESTIONS) {
    const i = md.indexOf(q);
    assert.ok(i > at, `'${q}' comes in order`);
    at = i;
  }
});

test('brief.json carries the business case with its inputs, and the payoff matrix is used', () => {
  const brief = JSON.parse(readFileSync(join(out, 'brief.json'), 'utf8')) as {
    kind: string;
    business: { currency: string; decisionsPerMonth: number; thresholds: { best: { threshold: number }; mode: string }; inputs: Record<string, unknown>; roi: { netGainPerMonth: number } };
    explanations: { permutation: { feature: string }[]; shap: { maxAdditivityError: number } | null };
    watch: { features: { name: string }[] };
  };
  assert.equal(brief.kind, 'framewise.brief');
  assert.equal(brief.business.currency, 'USD');
  assert.equal(brief.business.decisionsPerMonth, 600);
  assert.equal(brief.business.thresholds.mode, 'dynamic');
  assert.ok(brief.business.thresholds.best.threshold > 0 && brief.business.thresholds.best.threshold < 1);
  assert.equal(brief.business.inputs['buildCost'], 30000);
  assert.ok(Number.isFinite(brief.business.roi.netGainPerMonth));
  assert.ok(brief.explanations.permutation.length >= 5);
  if (brief.explanations.shap) assert.ok(brief.explanations.shap.maxAdditivityError < 1e-6);
  assert.ok(brief.watch.features.some((f) => f.name === 'temp_max'));
});

test('the saved model predicts with framewise predict', () => {
  const data = join(out, 'today.csv');
  const result = spawnSync(process.execPath, [cli, 'predict', join(out, 'model.json'), fromRoot('examples', 'seattle-weather.csv'), '--sql', 'SELECT date, precipitation AS rain_today_mm, temp_max, temp_min, wind, weather AS weather_today, month(date) AS month FROM data', '--out', data], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const header = readFileSync(data, 'utf8').split('\n')[0]!;
  assert.match(header, /prediction/);
  assert.match(header, /proba_true/);
});

test('brief.html opens offline with every chart drawn and no console error, readable at 1280 and 390 px', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  const html = readFileSync(join(out, 'brief.html'), 'utf8');
  const charts = (html.match(/<figure/g) ?? []).length;
  await page.goto(pathToFileURL(join(out, 'brief.html')).href);
  const drawn = await page.$$eval('figure svg', (svgs) => svgs.filter((s) => s.getBoundingClientRect().width > 100 && s.getBoundingClientRect().height > 50).length);
  assert.ok(charts >= 4, `${charts} charts`);
  assert.equal(drawn, charts, 'every chart has a visible SVG');
  const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent?.trim() ?? ''));
  for (const q of QUESTIONS) assert.ok(headings.some((h) => h.includes(q)), q);
  await page.screenshot({ path: join(out, 'brief-1280.png'), fullPage: false });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 390 px`);
  await page.screenshot({ path: join(out, 'brief-390.png'), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});
