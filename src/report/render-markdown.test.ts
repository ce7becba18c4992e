// The Markdown brief: headings, tone words, aligned tables, chart image links with their SVG
// files, and text from users' files that cannot turn into Markdown or HTML.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BriefDocument } from './document.js';
import { sampleBrief } from './fixtures/sample-brief.js';
import { escapeMarkdown, renderMarkdown, renderMarkdownWithCharts } from './render-markdown.js';

test('the sample brief renders with its questions, answers and one SVG file per chart', async () => {
  const { markdown, files } = await renderMarkdownWithCharts(sampleBrief());
  assert.match(markdown, /^# Decision brief: umbrella stand staffing\n\n\*Seattle weather, 1,461 days/);
  assert.match(markdown, /^## Can a non-ML approach set the bar, and what is it\?$/m);
  assert.match(markdown, /^\*\*✓ Good: Yes: the rule "any rain means rain, otherwise sun" scores accuracy 0\.847/m);
  assert.match(markdown, /^> \*\*✗ Problem:\*\* 'precipitation' alone nearly matches/m);
  assert.deepEqual(
    files.map((f) => f.name),
    ['brief-leaderboard.svg', 'brief-feature-power.svg', 'brief-learning-curve.svg', 'brief-profit-curve.svg', 'brief-confusion-matrix.svg'],
  );
  for (const f of files) {
    assert.ok(markdown.includes(`](${f.name})`), f.name);
    assert.match(f.content, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
  }
  assert.match(markdown, /^!\[Accuracy of each candidate, with its 95% interval\]\(brief-leaderboard\.svg\)$/m);
  assert.match(markdown, /^- A stocked rainy day earns \\\$420\.$/m);
  assert.match(markdown, /^\*Multiclass\*: the answer is one of several/m);
});

test('tables line up in the raw text and right-align numeric columns', async () => {
  const { markdown } = await renderMarkdownWithCharts(sampleBrief());
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Candidate'));
  const end = lines.indexOf('', start);
  const tableLines = lines.slice(start, end);
  assert.equal(tableLines.length, 7, 'header, rule and five candidates');
  const widths = new Set(tableLines.map((l) => [...l].length));
  assert.equal(widths.size, 1, tableLines.join('\n'));
  assert.match(tableLines[1] as string, /^\| -+ \| -+ \| -+: \| -+: \| -+: \|$/);
  assert.match(markdown, /\| Random forest +\| model +\| +0\.859 \|/);
});

test("text from users' files is shown as written", () => {
  const doc: BriefDocument = {
    title: '# *not* a heading',
    subtitle: '',
    blocks: [
      { kind: 'paragraph', text: '- not a list, <b>not bold</b>, [not](a link) & &amp; a_b _c_' },
      { kind: 'table', headers: ['col|umn', 'x'], rows: [['a\nb', '**1**']] },
      { kind: 'chart', caption: 'missing', chart: { kind: 'learning-curve', id: 'lc', metric: 'AUC', points: [] } },
    ],
  };
  const md = renderMarkdown(doc, new Map());
  assert.match(md, /^# \\# \\\*not\\\* a heading$/m);
  assert.match(md, /^\\- not a list, \\<b\\>not bold\\<\/b\\>, \\\[not\\\]\(a link\) & &amp;amp; a_b \\_c\\_$/m);
  assert.match(md, /^\| col\\\|umn \| x +\|$/m);
  assert.match(md, /^\| a b +\| \\\*\\\*1\\\*\\\* \|$/m);
  assert.match(md, /^\*missing \(chart not drawn\)\*$/m);
  assert.equal(escapeMarkdown('12. Twelve'), '12\\. Twelve');
  assert.equal(escapeMarkdown('temp_max'), 'temp_max');
  assert.equal(escapeMarkdown('from $5 to $9'), 'from \\$5 to \\$9');
});

test('chart paths with spaces or brackets stay valid links', () => {
  const doc: BriefDocument = {
    title: 't',
    subtitle: '',
    blocks: [{ kind: 'chart', caption: 'c', chart: { kind: 'learning-curve', id: 'lc', metric: 'AUC', points: [] } }],
  };
  const md = renderMarkdown(doc, new Map([['lc', 'my charts/lc (1).svg']]));
  assert.ok(md.includes('![c](my%20charts/lc%20%281%29.svg)'), md);
});
