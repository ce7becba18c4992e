// The HTML brief as text: one file with nothing to fetch, every user string escaped, a table of
// contents that points at real headings, unique ids across the inline charts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BriefDocument } from './document.js';
import { sampleBrief } from './fixtures/sample-brief.js';
import { escapeHtml, renderHtml } from './render-html.js';

test('the page fetches nothing: no scripts, links, fonts or remote URLs, and a policy forbidding them', async () => {
  const html = await renderHtml(sampleBrief());
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`));
  assert.ok(!/<script|<link|<img|<iframe|@import|@font-face|\ssrc=/i.test(html));
  // The only absolute URLs are SVG/XML namespace names, which are never fetched.
  const urls = new Set(html.match(/https?:\/\/[^\s"')]+/g) ?? []);
  assert.deepEqual([...urls].sort(), ['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
});

test('a table of contents links each question, and every id is unique', async () => {
  const html = await renderHtml(sampleBrief());
  const toc = [...(/<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '').matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(toc, ['goal', 'bar', 'data', 'framing', 'roi', 'monitor']);
  for (const id of toc) assert.ok(html.includes(`<h2 id="${id}">`), id);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(repeated, []);
  // Each chart is inline twice (wide and narrow), each with its accessible title.
  assert.equal((html.match(/<svg [^>]*class="fw-chart"/g) ?? []).length, 10);
});

test('tables of sentences stack into cards on phones, tables of numbers scroll', async () => {
  const doc: BriefDocument = {
    title: 't',
    subtitle: '',
    blocks: [
      { kind: 'table', headers: ['model', 'AUC'], rows: [['forest', '0.91']], align: ['left', 'right'] },
      { kind: 'table', headers: ['check', 'finding'], rows: [['Duplicates', 'One row in a hundred repeats an earlier row exactly.']] },
    ],
  };
  const html = await renderHtml(doc);
  assert.match(html, /<div class="table-wrap" [^>]*><table><thead><tr><th scope="col">model<\/th><th scope="col" class="num">AUC<\/th>/);
  assert.match(html, /<div class="table-wrap stack" [^>]*><table role="table"><thead role="rowgroup"><tr role="row">/);
  assert.match(html, /<td data-label="finding" role="cell" class="long">One row in a hundred/);
});

test('answers carry their tone as a class, an icon and a word', async () => {
  const html = await renderHtml(sampleBrief());
  assert.match(html, /<p class="answer tone-good"><span class="tone-mark"><svg [^>]*aria-hidden="true"[^>]*>.*?<\/svg>Good<\/span><span class="tone-text">Yes: the rule/);
  assert.match(html, /<aside class="callout tone-bad" role="note"><span class="tone-mark"><svg[^>]*>.*?<\/svg>Problem<\/span>/);
});

test("every piece of text from users' files is escaped", async () => {
  const evil = `<img src=x onerror="alert(1)"> & 'quote'`;
  const doc: BriefDocument = {
    title: evil,
    subtitle: evil,
    blocks: [
      { kind: 'heading', level: 2, text: evil },
      { kind: 'heading', level: 2, text: evil },
      { kind: 'paragraph', text: evil },
      { kind: 'answer', tone: 'warn', text: evil },
      { kind: 'callout', tone: 'neutral', text: evil },
      { kind: 'list', items: [evil] },
      { kind: 'definition', term: evil, text: evil },
      { kind: 'table', headers: [evil], rows: [[evil]], caption: evil },
      { kind: 'chart', caption: evil, chart: { kind: 'leaderboard', id: evil, metric: evil, rows: [{ name: evil, group: 'model', mean: 0.5, low: 0.4, high: 0.6 }] } },
    ],
  };
  const html = await renderHtml(doc);
  assert.ok(!html.includes('<img'), 'no element made from user text');
  // Attribute names are what is left of each tag once its quoted values are removed.
  const attributeNames = (html.match(/<[a-zA-Z][^>]*>/g) ?? []).map((tag) => tag.replace(/"[^"]*"|'[^']*'/g, '""'));
  assert.ok(!attributeNames.some((tag) => /\sonerror=/i.test(tag)), 'no attribute made from user text');
  assert.ok(html.includes(escapeHtml(evil)));
  assert.match(html, /<h2 id="img-src-x-onerror-alert-1-quote">/);
  assert.match(html, /<h2 id="img-src-x-onerror-alert-1-quote-2">/);
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
